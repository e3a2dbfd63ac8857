import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Worker, type Job } from 'bullmq'
import { sampleFileName } from '../../../shared/job-status'
import type { WorkerToHost } from '../../../shared/job-worker-messages'
import { IMAGE_FILES, KEPT_SCENE_INPUTS, STOP_MARKER } from '../worker/job-files'
import type { WorkerFactory } from '../worker/transport'
import type { WorkerSlot } from '../worker/worker-slot'
import { EnginePool } from './engine-pool'
import { ErrorThrottle } from './error-throttle'
import type { ServerClient } from './server-client'
import type { RedisTarget } from './redis-url'
import { bullConnection } from './resp-client'

type Level = 'info' | 'warn' | 'error'
type JobMessage = Exclude<WorkerToHost, { type: 'ready' | 'log' }>
const INPUTS = ['product', 'step1', 'step2', 'mask'] as const

export interface RemoteWorkerOptions {
  redis: RedisTarget
  queueName: string
  client: ServerClient
  /** This worker's name in the server's log and /health (host:pid). */
  name: string
  concurrency: number
  factory: WorkerFactory
  /** Where a job's inputs and images are kept while it runs (removed afterwards). */
  tmpRoot: string
  /** BullMQ lock: a job whose worker stops renewing it for this long goes to another worker. */
  lockMs: number
  log: (level: Level, message: string) => void
}

export interface RemoteWorker {
  pool: EnginePool
  close(): Promise<void>
}

/** How one run of a job ended here. */
type RunEnd = 'completed' | 'stopped' | 'failed' | 'dropped' | 'skipped'

/**
 * `adstudio worker`: takes job ids from the BullMQ queue, claims each from the API server, fetches
 * its inputs, runs it on an engine process, and sends each message and image back as it comes, in
 * order. The server's answer to a message says whether to stop; a 409 means the server no longer
 * wants this run (stopped past its grace time, deleted, or handed to another worker after this one
 * went silent): the engine is stopped and the run dropped.
 */
export async function startRemoteWorker(o: RemoteWorkerOptions): Promise<RemoteWorker> {
  const pool = new EnginePool(o.concurrency, o.factory, o.log)
  const errors = new ErrorThrottle((m) => o.log('warn', m))
  await mkdir(o.tmpRoot, { recursive: true })

  const worker = new Worker(o.queueName, (job: Job<{ job_id: string }>) => runJob(job, o, pool), {
    connection: bullConnection(o.redis),
    concurrency: o.concurrency,
    lockDuration: o.lockMs,
    stalledInterval: Math.max(500, Math.round(o.lockMs / 2)),
    maxStalledCount: 1,
  })
  worker.on('error', (e) => errors.report(`queue: ${e.message}`))
  worker.on('ready', () => errors.recovered('queue: connected to Redis again'))
  worker.on('failed', (job, e) => job && o.log('warn', `job ${job.data.job_id}: this run failed (${e.message}); BullMQ decides whether another worker tries`))

  const beat = () =>
    o.client
      .call('POST', '/worker/heartbeat', { json: { worker: o.name, slots: pool.slots.map((s) => ({ pid: s.pid, state: s.state, restarts: s.restarts, job_id: s.jobId })) } }, 0)
      .catch(() => undefined)
  void beat()
  const timer = setInterval(() => void beat(), 5000)
  timer.unref()

  return {
    pool,
    close: async () => {
      clearInterval(timer)
      // force: a running job is not waited for; BullMQ's stalled check gives it to another worker
      await worker.close(true).catch(() => undefined)
      await pool.close()
    },
  }
}

async function runJob(job: Job<{ job_id: string }>, o: RemoteWorkerOptions, pool: EnginePool): Promise<RunEnd> {
  const id = job.data.job_id
  const claim = await o.client.call('POST', `/worker/jobs/${id}/claim`, { json: { worker: o.name } })
  if (claim.status === 409 || claim.status === 404) {
    o.log('info', `job ${id}: skipped (${detail(claim.body)})`)
    return 'skipped'
  }
  if (claim.status !== 200) throw new Error(`the server refused the claim (${claim.status}: ${detail(claim.body)})`)
  const c = claim.body as { attempt: string; params: Record<string, unknown>; inputs: Record<(typeof INPUTS)[number], string | null> }
  const q = `?attempt=${encodeURIComponent(c.attempt)}`
  const dir = await mkdtemp(join(o.tmpRoot, `${id}-`))
  o.log('info', `job ${id}: started (attempt ${job.attemptsMade + 1})`)
  try {
    const inputs: Record<string, string | null> = { product: null, step1: null, step2: null, mask: null }
    await mkdir(join(dir, 'inputs'))
    for (const name of INPUTS) {
      const file = c.inputs[name]
      if (!file) continue
      const r = await o.client.call('GET', `/worker/jobs/${id}/inputs/${encodeURIComponent(file)}${q}`)
      if (r.status === 409) return 'dropped'
      if (r.status !== 200 || !r.bytes) throw new Error(`could not fetch input ${file} (${r.status})`)
      inputs[name] = join(dir, 'inputs', file)
      await writeFile(inputs[name], r.bytes)
    }
    // scene_from (the editor's product move): the kept scene the engine reads from inputs/ by name.
    if (c.params.scene_from && Number(c.params.start_step ?? 1) === 1) {
      for (const file of Object.values(KEPT_SCENE_INPUTS)) {
        const r = await o.client.call('GET', `/worker/jobs/${id}/inputs/${file}${q}`)
        if (r.status === 409) return 'dropped'
        if (r.status !== 200 || !r.bytes) throw new Error(`could not fetch input ${file} (${r.status})`)
        await writeFile(join(dir, 'inputs', file), r.bytes)
      }
    }
    const slot = await pool.acquire()
    const end = await relay(id, dir, q, slot, o, pool, () => slot.run({ type: 'run', job_id: id, job_dir: dir, params: c.params, inputs: inputs as never }))
    o.log('info', `job ${id}: ${end}`)
    return end
  } finally {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined)
  }
}

/** Sends what the engine reports, in order, until its `done` has reached the server. */
function relay(id: string, dir: string, q: string, slot: WorkerSlot, o: RemoteWorkerOptions, pool: EnginePool, start: () => void): Promise<RunEnd> {
  return new Promise<RunEnd>((resolve, reject) => {
    let chain = Promise.resolve()
    let dropped = false
    let stopAsked = false
    const askStop = () => {
      if (stopAsked) return
      stopAsked = true
      // The marker lands even while the engine computes and reads no messages (worker-runtime.ts).
      void writeFile(join(dir, STOP_MARKER), '').catch(() => undefined)
      slot.requestStop(id)
    }
    const upload = async (file: string) => {
      const path = join(dir, file)
      if (!existsSync(path)) return
      const r = await o.client.call('PUT', `/worker/jobs/${id}/files/${file}${q}`, { bytes: await readFile(path) })
      if (r.status === 409) dropped = true
      else if (r.status !== 200) throw new Error(`upload of ${file} refused (${r.status}: ${detail(r.body)})`)
    }
    const send = async (msg: JobMessage) => {
      if (msg.type === 'image') await upload(IMAGE_FILES[msg.image])
      if (msg.type === 'sample') await upload(sampleFileName(msg.index))
      // The kept scene and cutout are written beside the step images without a message of their own.
      if (msg.type === 'done') for (const f of ['scene.png', 'cutout.png', 'job.json']) await upload(f)
      if (dropped) return
      const r = await o.client.call('POST', `/worker/jobs/${id}/messages${q}`, { json: msg })
      if (r.status === 409) dropped = true
      else if (r.status !== 200) o.log('warn', `job ${id}: the server refused a ${msg.type} message (${r.status}: ${detail(r.body)})`)
      else if ((r.body as { stop?: boolean }).stop) askStop()
    }
    const unlisten = pool.listen(id, {
      message: (msg) => {
        chain = chain.then(async () => {
          if (!dropped) await send(msg)
          if (dropped) askStop()
          if (msg.type === 'done') {
            unlisten()
            resolve(dropped ? 'dropped' : msg.outcome)
          }
        })
        chain.catch((e: Error) => {
          // The server stayed unreachable: stop the engine, and let BullMQ retry the job.
          unlisten()
          askStop()
          reject(e)
        })
      },
      exited: (how) => {
        unlisten()
        void chain.catch(() => undefined).then(() => reject(new Error(`the engine process ended while running the job (${how})`)))
      },
    })
    start()
  })
}

function detail(body: unknown): string {
  const b = body as { detail?: unknown } | null
  return typeof b?.detail === 'string' ? b.detail : 'no detail'
}
