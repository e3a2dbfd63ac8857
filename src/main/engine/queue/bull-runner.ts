import { randomUUID } from 'node:crypto'
import { Job, Queue, QueueEvents } from 'bullmq'
import type { WorkerToHost } from '../../../shared/job-worker-messages'
import { JobRunner } from '../jobs/job-runner'
import { JobProgress } from '../jobs/job-progress'
import type { JobService } from '../jobs/job-service'
import { summaryOf, type LiveJob } from '../jobs/job-view'
import type { StoredJob } from '../jobs/stored-job'
import { ErrorThrottle } from './error-throttle'
import { bullConnection } from './resp-client'
import type { RedisTarget } from './redis-url'

/** BullMQ's queue name and the options every job is added with. */
export const QUEUE_NAME = 'adstudio-jobs'
/** BullMQ: a lower number runs first; an editor's job goes ahead of a batch. */
export const PRIORITY = { editor: 1, batch: 100 } as const
/** Tries per job: a worker that dies or whose engine crashes gets one more worker, then the job fails. */
export const ATTEMPTS = 2

export interface BullRunnerOptions {
  redis: RedisTarget
  queueName?: string
}

/** One remote engine slot, as its worker last reported it (POST /worker/heartbeat). */
export interface RemoteSlot {
  pid: number | null
  state: string
  restarts: number
  job_id: string | null
}

interface RemoteWorker {
  name: string
  seen: number
  slots: RemoteSlot[]
}

/** Which worker run of a job the server accepts messages from (a stale one is told to drop it). */
interface Attempt {
  id: string
  worker: string
}

/** How long a worker's heartbeat counts (it beats every 5 s). */
const HEARTBEAT_TTL_MS = 15_000

/**
 * The job service's queue on Redis (BullMQ) instead of in-process worker slots. The server stays
 * the owner of job state and images: BullMQ only carries job ids to `adstudio worker` processes on
 * any machine, which fetch inputs and send progress, images and the outcome back over HTTP
 * (api/worker-routes.ts). Everything that turns those messages into job state, ETA and events is
 * the in-process runner's own code (JobRunner.onJobMessage and finalize), so /status and /events
 * read the same whichever queue runs the jobs.
 *
 * Faults are BullMQ's: a worker that stops renewing its lock (killed, machine gone) has its job
 * moved back to the queue by another worker's stalled check; a job that fails or stalls on
 * ATTEMPTS workers is failed with BullMQ's reason (QueueEvents `failed`). Jobs that were running
 * when the server went down are queued again when it comes back.
 */
export class BullRunner extends JobRunner {
  readonly queueName: string
  private queue: Queue | null = null
  private events: QueueEvents | null = null
  private readonly attempts = new Map<string, Attempt>()
  private readonly added = new Set<string>()
  /** Jobs queued again after a server restart get a new BullMQ id: the old one may still be held. */
  private readonly bullIds = new Map<string, string>()
  private readonly remote = new Map<string, RemoteWorker>()
  private readonly openedAt = Date.now()
  private readonly errors: ErrorThrottle
  private readonly connection: ReturnType<typeof bullConnection>
  private redisTrouble = false
  private checking = false
  private resync: NodeJS.Timeout | null = null

  constructor(
    private readonly host: JobService,
    private readonly opts: BullRunnerOptions,
  ) {
    super(host)
    this.queueName = opts.queueName ?? QUEUE_NAME
    this.errors = new ErrorThrottle((m) => host.log('warn', m))
    this.connection = bullConnection(opts.redis)
  }

  override start(): void {
    this.queue = new Queue(this.queueName, { connection: this.connection })
    this.events = new QueueEvents(this.queueName, { connection: this.connection })
    this.queue.on('error', (e) => this.errors.report(`queue: ${e.message}`))
    this.events.on('error', (e) => this.errors.report(`queue events: ${e.message}`))
    this.events.on('failed', ({ jobId, failedReason }) => void this.bullFailed(jobId, failedReason))
    this.events.on('stalled', ({ jobId }) => this.host.log('warn', `queue: job ${jobId} stalled (its worker stopped answering); BullMQ hands it to another worker`))
    // Redis restarted, perhaps without its data: once it answers again every queued job is added
    // again (BullMQ ignores ids it still has).
    this.queue.on('error', () => (this.redisTrouble = true))
    this.resync = setInterval(() => void this.afterTrouble(), 2000)
    this.resync.unref()
    this.requeueInterrupted()
    this.host.on((e) => {
      if (e.type === 'job.deleted' || e.type === 'job.finished') void this.forget(e.job_id)
    })
    this.dispatch()
  }

  /** Adds every queued job that BullMQ does not have yet. */
  override dispatch(): void {
    const q = this.queue
    if (!q) return
    for (const id of this.host.queue) {
      if (this.added.has(id)) continue
      this.added.add(id)
      const priority = this.host.batchJobs.has(id) ? PRIORITY.batch : PRIORITY.editor
      q.add('job', { job_id: id }, { jobId: this.bullId(id), priority, attempts: ATTEMPTS, removeOnComplete: true, removeOnFail: 1000 }).catch((e: Error) => {
        this.added.delete(id)
        this.errors.report(`queue: could not add job ${id}: ${e.message}`)
      })
    }
  }

  override idleCount(): number {
    return this.workers().filter((w) => w.state === 'idle').length
  }

  /** The engine slots of every worker heard from in the last 15 s. */
  override workers(): RemoteSlot[] {
    const now = Date.now()
    return [...this.remote.values()].filter((w) => now - w.seen < HEARTBEAT_TTL_MS).flatMap((w) => w.slots)
  }

  heartbeat(name: string, slots: RemoteSlot[]): void {
    if (!this.remote.has(name)) this.host.log('info', `queue: worker ${name} connected (${slots.length} engine slot${slots.length === 1 ? '' : 's'})`)
    this.remote.set(name, { name, seen: Date.now(), slots })
  }

  /**
   * A worker took the job from BullMQ. A queued job starts; a running one starts over on this worker
   * (BullMQ only hands out a running job when its first worker stopped renewing the lock); a finished
   * or deleted one is refused and the worker drops it.
   */
  claim(id: string, worker: string): { ok: true; attempt: string; job: LiveJob } | { ok: false; reason: string } {
    const j = this.host.get(id)
    if (!j) return { ok: false, reason: 'the job was deleted' }
    const s = j.stored
    if (s.status !== 'queued' && s.status !== 'running') return { ok: false, reason: `the job is already ${s.status}` }
    const previous = this.attempts.get(id)
    if (s.status === 'running') {
      this.host.log('warn', `queue: job ${id} taken over by worker ${worker}${previous ? ` from ${previous.worker}` : ''} (it stopped answering)`)
      void this.host.store.log(id, `restarted on worker ${worker}: ${previous?.worker ?? 'its worker'} stopped answering`)
    }
    const qi = this.host.queue.indexOf(id)
    if (qi >= 0) this.host.queue.splice(qi, 1)
    const attempt: Attempt = { id: randomUUID(), worker }
    this.attempts.set(id, attempt)
    const now = Date.now()
    const plan = s.eta_plan.map((p) => ({ step: p.step, expected: this.host.eta.estimate(p.step, p.engine, s.megapixels) }))
    j.progress = new JobProgress(plan, now)
    Object.assign(s, { status: 'running', started_at: now, message: 'Starting', current_step: plan[0]?.step ?? null, sub_step: null, progress_percent: 0 })
    if (!s.stop_requested) void this.host.store.saveStatus(s)
    void this.host.store.log(id, `started on worker ${worker}`)
    this.host.emit({ type: 'job.started', job_id: id, at: now, job: summaryOf(j, null) })
    return { ok: true, attempt: attempt.id, job: j }
  }

  /** Whether `attempt` is the run of `id` the server listens to (the job still running). */
  current(id: string, attempt: string): LiveJob | null {
    const j = this.host.get(id)
    const a = this.attempts.get(id)
    return j && a && a.id === attempt && j.stored.status === 'running' ? j : null
  }

  /** A message from a worker's engine (checked by the route); answers whether a stop was asked for. */
  receive(j: LiveJob, attempt: string, msg: Exclude<WorkerToHost, { type: 'ready' | 'log' }>): { stop: boolean } {
    if (msg.type === 'done') {
      const a = this.attempts.get(j.stored.job_id)
      void this.host.store.log(j.stored.job_id, `result from worker ${a?.worker ?? '?'} (attempt ${attempt.slice(0, 8)}): ${msg.outcome}`)
      this.attempts.delete(j.stored.job_id)
    }
    this.onJobMessage(undefined as never, msg)
    return { stop: j.stored.stop_requested }
  }

  override async stop(j: LiveJob): Promise<void> {
    const id = j.stored.job_id
    const settled = new Promise<void>((resolve) => {
      const off = this.host.on((e) => {
        if ((e.type === 'job.finished' || e.type === 'job.deleted') && e.job_id === id) {
          off()
          resolve()
        }
      })
    })
    if (!j.stored.stop_requested) {
      j.stored.stop_requested = true
      j.stored.message = 'Stopping at the next step boundary'
      void this.host.store.saveStatus(j.stored)
      void this.host.store.log(id, 'stop requested')
      const grace = this.host.opts.stopGraceMs
      // A remote engine cannot be killed from here: past the grace time the job ends stopped and
      // whatever its worker still sends is refused.
      j.stopTimer = setTimeout(() => {
        if (j.stored.status !== 'running') return
        this.attempts.delete(id)
        this.finalize(j, { status: 'stopped', message: `Stopped by request (the worker did not reach a stop point within ${grace / 1000} s; its late results are ignored)`, error: null, error_code: 'stopped' })
      }, grace)
    }
    await Promise.race([settled, new Promise((r) => setTimeout(r, this.host.opts.stopGraceMs + 3000).unref())])
  }

  /** Jobs keep running on the workers; what they send while the server is down is retried by them. */
  override async close(): Promise<void> {
    if (this.resync) clearInterval(this.resync)
    await Promise.allSettled([this.events?.close(), this.queue?.close()])
    this.queue = null
    this.events = null
  }

  private async afterTrouble(): Promise<void> {
    if (!this.redisTrouble || !this.queue || this.checking) return
    this.checking = true
    try {
      await this.queue.getJobCounts('wait')
    } catch {
      return
    } finally {
      this.checking = false
    }
    this.redisTrouble = false
    this.errors.recovered('queue: Redis answers again')
    this.added.clear()
    this.dispatch()
  }

  private bullId(id: string): string {
    return this.bullIds.get(id) ?? id
  }

  /** BullMQ gave up on a job (it failed or stalled on every attempt): the job fails with the reason. */
  private async bullFailed(bullId: string, reason: string): Promise<void> {
    const id = bullId.replace(/_r\d+$/, '')
    const j = this.host.get(id)
    if (!j || (j.stored.status !== 'running' && j.stored.status !== 'queued')) return
    // `failed` also reports attempts that BullMQ will retry: only its final state counts.
    const state = this.queue ? await Job.fromId(this.queue, bullId).then((b) => b?.getState()).catch(() => undefined) : undefined
    if (state !== 'failed' || (j.stored.status !== 'running' && j.stored.status !== 'queued')) return
    const qi = this.host.queue.indexOf(id)
    if (qi >= 0) this.host.queue.splice(qi, 1)
    this.attempts.delete(id)
    const message = `The job failed on ${ATTEMPTS} workers: ${reason}`
    this.finalize(j, { status: 'failed', message, error: `queue: ${reason}`, error_code: 'worker_crashed' })
  }

  /** A finished or deleted job's BullMQ entry goes too, unless a worker holds it (it drops it itself). */
  private async forget(id: string): Promise<void> {
    this.attempts.delete(id)
    this.added.delete(id)
    const q = this.queue
    if (!q) return
    const bid = this.bullId(id)
    const b = await Job.fromId(q, bid).catch(() => undefined)
    const state = await b?.getState().catch(() => undefined)
    if (b && (state === 'waiting' || state === 'prioritized' || state === 'delayed')) await b.remove().catch(() => undefined)
  }

  /**
   * The job service marks jobs that were running when the server stopped as interrupted. Here they
   * were running on other machines, which may still be at it: they go back into the queue (under a
   * new BullMQ id; the old run is refused when it reports).
   */
  private requeueInterrupted(): void {
    const again = this.host
      .list()
      .filter((j) => j.stored.status === 'failed' && j.stored.error_code === 'interrupted' && (j.stored.ended_at ?? 0) >= this.openedAt)
    for (const j of again) {
      Object.assign(j.stored, {
        status: 'queued',
        started_at: null,
        ended_at: null,
        error: null,
        error_code: null,
        current_step: null,
        sub_step: null,
        progress_percent: 0,
        message: 'Waiting in the queue (queued again after a server restart)',
      } satisfies Partial<StoredJob>)
      this.bullIds.set(j.stored.job_id, `${j.stored.job_id}_r${Date.now()}`)
      this.host.queue.push(j.stored.job_id)
      void this.host.store.saveStatus(j.stored)
      void this.host.store.log(j.stored.job_id, 'queued again after a server restart')
    }
    if (again.length) this.host.log('info', `queue: ${again.length} job(s) that were running are queued again`)
    this.host.queue.sort((a, b) => (this.host.get(a)?.stored.seq ?? 0) - (this.host.get(b)?.stored.seq ?? 0))
  }
}
