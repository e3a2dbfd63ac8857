import { appendFile, copyFile, link, mkdir, readdir, readFile, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { writeFileAtomic } from '../storage/atomic-write'
import { sampleFileName, type JobImageName } from '../../../shared/job-status'
import { IMAGE_FILES } from '../worker/job-files'
import { damagedJob } from './damaged-job'
import { JOB_ID_PATTERN, storedJobSchema, type StoredJob } from './stored-job'

export type InputName = 'product' | 'step1' | 'step2' | 'mask'

export interface LoadedJob {
  job: StoredJob
  params: Record<string, unknown>
}

/**
 * Jobs on disk, one folder each under `<data>/jobs/<job_id>/`: request.json (the parameters without
 * base64), status.json, inputs/, the step images, job.json (written by the worker) and log.txt.
 * Every JSON file is written atomically, and the writes of one job are queued so an older status
 * can never land after a newer one.
 */
export class JobStore {
  private readonly chains = new Map<string, Promise<void>>()
  private readonly deleted = new Set<string>()

  constructor(readonly root: string) {}

  async init(): Promise<void> {
    await mkdir(this.root, { recursive: true })
  }

  dir(id: string): string {
    return join(this.root, id)
  }

  imagePath(id: string, image: JobImageName): string {
    return join(this.dir(id), IMAGE_FILES[image])
  }

  /** Scene variation `index` (1-based); callers check the index against the job's samples first. */
  samplePath(id: string, index: number): string {
    return join(this.dir(id), sampleFileName(index))
  }

  inputPath(id: string, file: string): string {
    return join(this.dir(id), 'inputs', file)
  }

  /** Writes the inputs, the parameters and the first status; the job exists once this resolves. */
  async create(job: StoredJob, params: Record<string, unknown>, inputs: ({ file: string } & ({ bytes: Uint8Array } | { linkFrom: string }))[]): Promise<void> {
    for (const i of inputs) {
      const to = this.inputPath(job.job_id, i.file)
      if ('bytes' in i) await writeFileAtomic(to, i.bytes)
      else {
        // Another job's photo: a hard link costs no space and outlives that job's deletion; a copy where links fail.
        await mkdir(dirname(to), { recursive: true })
        await link(i.linkFrom, to).catch(() => copyFile(i.linkFrom, to))
      }
    }
    await writeFileAtomic(join(this.dir(job.job_id), 'request.json'), `${JSON.stringify(params, null, 2)}\n`)
    await this.saveStatus(job)
  }

  /** Queues a status write; resolves once it (and every earlier one) is on disk. */
  saveStatus(job: StoredJob): Promise<void> {
    const id = job.job_id
    const text = `${JSON.stringify(job, null, 2)}\n`
    return this.enqueue(id, () => writeFileAtomic(join(this.dir(id), 'status.json'), text))
  }

  log(id: string, line: string): Promise<void> {
    const stamp = new Date().toISOString()
    return this.enqueue(id, () => appendFile(join(this.dir(id), 'log.txt'), `${stamp} ${line}\n`))
  }

  async remove(id: string): Promise<void> {
    this.deleted.add(id)
    await (this.chains.get(id) ?? Promise.resolve())
    await rm(this.dir(id), { recursive: true, force: true })
  }

  /**
   * Every job folder. One that cannot be read (damaged status.json, missing request.json) is reported
   * through `warn` and comes back as a damaged job (damaged-job.ts): listed, never dropped silently.
   */
  async loadAll(warn: (message: string) => void): Promise<LoadedJob[]> {
    const out: LoadedJob[] = []
    let names: string[]
    try {
      names = await readdir(this.root)
    } catch {
      return out
    }
    for (const name of names) {
      if (!JOB_ID_PATTERN.test(name)) continue
      const dir = join(this.root, name)
      const status = await readJson(join(dir, 'status.json'))
      const parsed = status.ok ? storedJobSchema.safeParse(status.value) : null
      const request = await readJson(join(dir, 'request.json'))
      const params = request.ok && isRecord(request.value) ? request.value : null
      let problem: string | null = null
      if (!status.ok) problem = `status.json ${status.why}`
      else if (!parsed?.success) problem = 'status.json does not describe a job'
      else if (parsed.data.job_id !== name) problem = `status.json describes another job (${parsed.data.job_id.slice(0, 40)})`
      else if (!request.ok) problem = `request.json ${request.why}`
      else if (!params) problem = 'request.json is not an object'
      if (!problem && parsed?.success && params) {
        out.push({ job: parsed.data, params })
        continue
      }
      warn(`job folder ${name} is damaged (${problem}); listed as damaged, left as it is`)
      out.push({ job: await damagedJob(dir, name, problem!, parsed?.success ? parsed.data : null), params: params ?? {} })
    }
    return out.sort((a, b) => a.job.seq - b.job.seq || a.job.created_at - b.job.created_at)
  }

  private enqueue(id: string, work: () => Promise<void>): Promise<void> {
    const prev = this.chains.get(id) ?? Promise.resolve()
    const next = prev.then(async () => {
      // A deleted job stays deleted: a late write must not recreate its folder.
      if (!this.deleted.has(id)) await work()
    })
    const settled = next.catch(() => undefined)
    this.chains.set(id, settled)
    void settled.then(() => {
      if (this.chains.get(id) === settled) this.chains.delete(id)
    })
    return next
  }
}

type JsonRead = { ok: true; value: unknown } | { ok: false; why: string }

async function readJson(path: string): Promise<JsonRead> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    return { ok: false, why: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'is missing' : `cannot be read (${(e as Error).message})` }
  }
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false, why: 'is not valid JSON (damaged)' }
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
