import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { generateRequestSchema } from '../../src/shared/generate-request'
import type { JobEvent } from '../../src/shared/job-events'
import { JobService, type NewJob } from '../../src/main/engine/jobs/job-service'
import { EngineContext } from '../../src/main/engine/pipeline/engine-context'
import { inProcessWorkerFactory } from '../../src/main/engine/worker/in-process-transport'
import { startWorker } from '../../src/main/engine/worker/worker-runtime'
import { productB64 } from './helpers/images'

/**
 * The job service with the real worker runtime and pipeline, over the in-process transport: queue,
 * retention, recovery from damaged folders and worker loss, without process start-up costs.
 */
const ctx = new EngineContext({ cacheDir: join(tmpdir(), 'adstudio-test-cache'), device: 'cpu' })
const opened: JobService[] = []
afterAll(async () => {
  for (const s of opened) await s.close()
  await ctx.dispose()
})

async function open(extra: Partial<Parameters<typeof JobService.open>[0]> = {}) {
  const dataDir = extra.dataDir ?? (await mkdtemp(join(tmpdir(), 'adstudio-jobs-')))
  const svc = await JobService.open({ dataDir, workerFactory: inProcessWorkerFactory((port) => startWorker(port, { ctx })), ...extra })
  opened.push(svc)
  return { svc, dataDir }
}

async function newJob(seed: number): Promise<NewJob> {
  const r = generateRequestSchema.parse({ width: 256, height: 256, seed, stop_step: 1 })
  const { product_image: _p, step1_image: _s1, step2_image: _s2, mask_image: _m, ...params } = r
  return { params, inputs: { product: { bytes: Buffer.from(await productB64(), 'base64'), ext: 'png' } }, productHasAlpha: true }
}

function finished(svc: JobService, id: string): Promise<JobEvent> {
  return new Promise((resolve) => {
    const off = svc.on((e) => {
      if (e.type === 'job.finished' && e.job_id === id) {
        off()
        resolve(e)
      }
    })
  })
}

describe('JobService over the in-process transport', () => {
  it('runs jobs in order and keeps only the newest N finished ones, never a queued or running one', async () => {
    const { svc, dataDir } = await open({ keepFinished: 2 })
    const ids: string[] = []
    const deletedWhile: string[] = []
    svc.on((e) => {
      // a job is pruned only once it is finished, and only while newer finished ones exist
      if (e.type === 'job.deleted') deletedWhile.push(`${e.job_id}:${svc.counts().completed}`)
    })
    for (let i = 0; i < 4; i++) {
      const r = await svc.submit(await newJob(i))
      if (!r.ok) throw new Error('busy')
      ids.push(r.job_id)
    }
    expect(svc.counts().total).toBeGreaterThanOrEqual(3) // nothing queued or running was pruned
    await finished(svc, ids[3])
    // pruning runs after the finish event (and removes folders): wait for it, up to 10 s on a loaded machine
    for (let t = 0; t < 200 && (svc.list().length > 2 || deletedWhile.length < 2); t++) await new Promise((r) => setTimeout(r, 50))
    expect(svc.list().map((j) => j.stored.job_id)).toEqual(ids.slice(2))
    // the two oldest, each once, each while at least two newer finished jobs were kept
    expect(deletedWhile.map((d) => d.split(':')[0])).toEqual([ids[0], ids[1]])
    for (const d of deletedWhile) expect(Number(d.split(':')[1])).toBeGreaterThanOrEqual(2)
    const folders = (await readdir(join(dataDir, 'jobs'))).sort()
    expect(folders).toEqual([...ids.slice(2)].sort())
    for (const id of ids.slice(2)) expect(svc.get(id)!.stored).toMatchObject({ status: 'completed', progress_percent: 100, images: ['step1', 'mask', 'product_mask'] })
  })

  it('answers busy past max-queue with a Retry-After of at least 1 s', async () => {
    const { svc } = await open({ maxQueue: 1 })
    // The second and third arrive together while the first runs: submitted one after another, the
    // small first job could finish before the third arrives, leaving room in the queue.
    const jobs = [await newJob(1), await newJob(2), await newJob(3)]
    const a = await svc.submit(jobs[0])
    const [b, c] = await Promise.all([svc.submit(jobs[1]), svc.submit(jobs[2])])
    expect(a.ok && a.state).toBe('running')
    // b was admitted into the one queue place (it may already run if a finished while b was written)
    expect(b.ok).toBe(true)
    expect(c.ok).toBe(false)
    if (!c.ok) expect(c.retryAfter).toBeGreaterThanOrEqual(1)
    if (a.ok) await finished(svc, a.job_id)
    if (b.ok) await finished(svc, b.job_id)
  })

  it('fails the running job when its worker is lost, restarts the worker and goes on', async () => {
    const { svc } = await open()
    // Kill the worker the moment the first job starts: polling for 'running' raced a small job that
    // finishes before the poll sees it (fsynced writes made the second submit slower than the job).
    // The first job to start is the first submitted (the queue runs in order, one worker).
    const offStart = svc.on((e) => {
      if (e.type !== 'job.started') return
      offStart()
      // the in-process transport's kill reports a SIGKILL exit, as a real kill -9 would
      ;(svc.runner as unknown as { slots: { kill(r: string): void }[] }).slots[0].kill('test')
    })
    const jobA = await newJob(1)
    const jobB = await newJob(2)
    const aDone = new Promise<JobEvent>((resolve) => {
      const off = svc.on((e) => {
        if (e.type !== 'job.finished') return
        off()
        resolve(e)
      })
    })
    const a = await svc.submit(jobA)
    if (!a.ok) throw new Error('busy')
    const b = await svc.submit(jobB)
    if (!b.ok) throw new Error('busy')
    const ev = await aDone
    expect(ev).toMatchObject({ type: 'job.finished', status: 'failed' })
    expect(svc.get(a.job_id)!.stored.error_code).toBe('worker_crashed')
    const bEv = await finished(svc, b.job_id)
    expect(bEv).toMatchObject({ status: 'completed' })
    expect(svc.runner.workers()[0].restarts).toBe(1)
  })

  it('lists damaged job folders as damaged, with the images that survive, and leaves them as they are', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'adstudio-jobs-'))
    // A finished job first, whose folder is then damaged in two ways.
    const first = await open({ dataDir })
    const a = await first.svc.submit(await newJob(1))
    const b = await first.svc.submit(await newJob(2))
    if (!a.ok || !b.ok) throw new Error('busy')
    await finished(first.svc, a.job_id)
    if (first.svc.get(b.job_id)!.stored.status !== 'completed') await finished(first.svc, b.job_id)
    await first.svc.close()
    const brokenStatus = join(dataDir, 'jobs', a.job_id)
    await writeFile(join(brokenStatus, 'status.json'), '{"version": 1, "job_id": "truncat')
    await rm(join(dataDir, 'jobs', b.job_id, 'request.json'))
    const empty = join(dataDir, 'jobs', '11111111-1111-4111-8111-111111111111')
    await mkdir(empty, { recursive: true })

    const warnings: string[] = []
    const { svc } = await open({ dataDir, keepFinished: 0, log: (level, m) => level === 'warn' && warnings.push(m) })
    expect(svc.counts().total).toBe(3)
    const log = warnings.join('\n')
    expect(log).toMatch(new RegExp(`${a.job_id} is damaged \\(status.json is not valid JSON`))
    expect(log).toMatch(new RegExp(`${b.job_id} is damaged \\(request.json is missing`))
    expect(log).toMatch(/11111111-1111-4111-8111-111111111111 is damaged \(status.json is missing/)
    const ja = svc.get(a.job_id)!.stored
    expect(ja).toMatchObject({ status: 'failed', error_code: 'damaged', images: ['step1', 'mask', 'product_mask'], inputs: { product: 'product.png' } })
    // status.json of b was sound: its record (times, hash) is kept, only the request is gone.
    const jb = svc.get(b.job_id)!.stored
    expect(jb).toMatchObject({ status: 'failed', error_code: 'damaged', images: ['step1', 'mask', 'product_mask'] })
    expect(jb.damaged).toBe('request.json is missing')
    expect(svc.get('11111111-1111-4111-8111-111111111111')!.stored.images).toEqual([])
    // keepFinished 0 prunes every finished job, but never a damaged one; nothing on disk was rewritten.
    await svc.prune()
    expect(svc.counts().total).toBe(3)
    expect(await readFile(join(brokenStatus, 'status.json'), 'utf8')).toBe('{"version": 1, "job_id": "truncat')
    expect(existsSync(join(dataDir, 'jobs', b.job_id, 'request.json'))).toBe(false)
  })
})
