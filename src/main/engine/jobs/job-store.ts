import { appendFile, mkdir, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../storage/atomic-write'
import { sampleFileName, type JobImageName } from '../../../shared/job-status'
import { IMAGE_FILES } from '../worker/job-files'
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
  async create(job: StoredJob, params: Record<string, unknown>, inputs: { file: string; bytes: Uint8Array }[]): Promise<void> {
    for (const i of inputs) await writeFileAtomic(this.inputPath(job.job_id, i.file), i.bytes)
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

  /** Every readable job folder; broken ones are reported through `warn` and left untouched. */
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
      try {
        const raw = JSON.parse(await readFile(join(this.root, name, 'status.json'), 'utf8'))
        const parsed = storedJobSchema.safeParse(raw)
        if (!parsed.success || parsed.data.job_id !== name) throw new Error('status.json does not describe this job')
        const params = JSON.parse(await readFile(join(this.root, name, 'request.json'), 'utf8')) as Record<string, unknown>
        out.push({ job: parsed.data, params })
      } catch (e) {
        warn(`job folder ${name} skipped: ${(e as Error).message}`)
      }
    }
    return out.sort((a, b) => a.job.seq - b.job.seq)
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
