import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import type { JobEvent } from '../../../shared/job-events'
import { isFinished, type JobStatus, type SystemMetrics } from '../../../shared/job-status'
import type { WorkerFactory } from '../worker/transport'
import { EtaModel } from './eta-model'
import { JobRunner } from './job-runner'
import { JobStore, type InputName } from './job-store'
import { keptProduct } from './kept-product'
import { megapixelsOf, planSteps, type PlanInput } from './job-plan'
import { statusOf, summaryOf, type LiveJob } from './job-view'
import type { StoredJob } from './stored-job'

export interface JobServiceOptions {
  dataDir: string
  workerFactory: WorkerFactory
  /** Jobs running at once, one worker process each (default 1: one device, one job). */
  concurrency?: number
  /** Queued jobs accepted before answering busy (default 100). */
  maxQueue?: number
  /** Finished jobs kept on disk, newest first (default 500); queued and running ones always stay. */
  keepFinished?: number
  /** How long a stop may take to land at a sub-step boundary before the worker is killed (ms). */
  stopGraceMs?: number
  log?: (level: 'info' | 'warn' | 'error', message: string) => void
  /** Another queue behind the service (queue/bull-runner.ts); default: in-process worker slots. */
  runner?: (svc: JobService) => JobRunner
}

export interface NewJob {
  /** The accepted request with defaults, base64 fields removed. */
  params: Record<string, unknown> & PlanInput
  /** Bytes to write, or (the product of `product_from`) an earlier job's file to link. */
  inputs: Partial<Record<InputName, JobInputFile>>
  /** Whether the product photo carries an alpha channel (decides the cutout engine). */
  productHasAlpha: boolean | null
  /** SHA-256 (hex) of the product photo, null without one: History groups a product's jobs by it. */
  productSha256?: string | null
  /** The job whose kept product photo this one reuses (request field product_from). */
  productFrom?: string | null
  /** `batch` jobs wait behind every `editor` job (the default) queued after them. */
  priority?: 'editor' | 'batch'
  /** Extra files for inputs/ under fixed names (the kept scene of `scene_from`, see job-files.ts). */
  extraInputs?: ({ file: string } & JobInputFile)[]
}

export type JobInputFile = { bytes: Uint8Array; ext: string } | { linkFrom: string; ext: string }

export type SubmitResult = { ok: true; job_id: string; state: 'queued' | 'running'; queue_position: number | null } | { ok: false; busy: true; retryAfter: number }

/**
 * The jobs: accepted, persisted, queued in order, run on worker processes (job-runner.ts), stopped,
 * deleted, restored after a restart, and pruned to the newest N finished.
 */
export class JobService {
  readonly jobs = new Map<string, LiveJob>()
  readonly queue: string[] = []
  readonly store: JobStore
  readonly eta: EtaModel
  readonly runner: JobRunner
  /** Queued jobs submitted with the `batch` priority. */
  readonly batchJobs = new Set<string>()
  private readonly listeners = new Set<(e: JobEvent) => void>()
  private seq = 0
  private creating = 0

  private constructor(readonly opts: Required<Omit<JobServiceOptions, 'log' | 'runner'>> & Pick<JobServiceOptions, 'log' | 'runner'>) {
    this.store = new JobStore(join(opts.dataDir, 'jobs'))
    this.eta = new EtaModel(join(opts.dataDir, 'eta-stats.json'))
    this.runner = opts.runner ? opts.runner(this) : new JobRunner(this)
  }

  static async open(options: JobServiceOptions): Promise<JobService> {
    const s = new JobService({ concurrency: 1, maxQueue: 100, keepFinished: 500, stopGraceMs: 5000, ...options })
    await s.store.init()
    await s.eta.load()
    await s.recover()
    s.runner.start(s.opts.concurrency)
    void s.hashOlderProducts()
    return s
  }

  /** Folders from before product hashes were recorded get theirs in the background (History groups by it). */
  private async hashOlderProducts(): Promise<void> {
    for (const j of this.list()) if (j.stored.inputs.product && !j.stored.product_sha256) await keptProduct(this, j.stored.job_id).catch(() => null)
  }

  log(level: 'info' | 'warn' | 'error', message: string): void {
    this.opts.log?.(level, message)
  }

  on(listener: (e: JobEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  emit(e: JobEvent): void {
    for (const l of this.listeners) {
      try {
        l(e)
      } catch (err) {
        this.log('warn', `job event listener failed: ${(err as Error).message}`)
      }
    }
  }

  async submit(job: NewJob): Promise<SubmitResult> {
    // Counted before the first await, so a burst of requests cannot overfill the queue; a job an
    // idle worker takes at once does not wait, so it does not count.
    const waiting = this.queue.length + this.creating - this.runner.idleCount()
    if (waiting >= this.opts.maxQueue) return { ok: false, busy: true, retryAfter: this.retryAfterSeconds() }
    this.creating++
    try {
      const id = randomUUID()
      const inputs: StoredJob['inputs'] = { product: null, step1: null, step2: null, mask: null }
      const files: ({ file: string } & JobInputFile)[] = []
      for (const name of ['product', 'step1', 'step2', 'mask'] as const) {
        const i = job.inputs[name]
        if (!i) continue
        inputs[name] = `${name}.${i.ext}`
        files.push({ file: inputs[name]!, ...i })
      }
      files.push(...(job.extraInputs ?? []))
      const stored: StoredJob = {
        version: 1,
        job_id: id,
        seq: this.seq++,
        status: 'queued',
        created_at: Date.now(),
        started_at: null,
        ended_at: null,
        current_step: null,
        sub_step: null,
        message: 'Waiting in the queue',
        progress_percent: 0,
        error: null,
        error_code: null,
        images: [],
        samples: [],
        inputs,
        eta_plan: planSteps(job.params, job.inputs.product ? { hasAlpha: job.productHasAlpha === true } : null),
        megapixels: megapixelsOf(job.params),
        stop_requested: false,
        ran_steps: [],
        stopped_early: null,
        product_sha256: job.productSha256 ?? null,
        product_from: job.productFrom ?? null,
        damaged: null,
      }
      await this.store.create(stored, job.params, files)
      const live: LiveJob = { stored, params: job.params, progress: null, stopTimer: null }
      this.jobs.set(id, live)
      // An editor's job goes ahead of the queued batch jobs; batch jobs keep their own order.
      if (job.priority === 'batch') this.batchJobs.add(id)
      const firstBatch = job.priority === 'batch' ? -1 : this.queue.findIndex((q) => this.batchJobs.has(q))
      if (firstBatch < 0) this.queue.push(id)
      else this.queue.splice(firstBatch, 0, id)
      this.emit({ type: 'job.queued', job_id: id, at: Date.now(), job: summaryOf(live, this.queue.length) })
      void this.store.log(id, 'queued')
      this.runner.dispatch()
      const state = live.stored.status === 'running' ? 'running' : 'queued'
      return { ok: true, job_id: id, state, queue_position: state === 'queued' ? this.queuePosition(id) : null }
    } finally {
      this.creating--
    }
  }

  get(id: string): LiveJob | undefined {
    return this.jobs.get(id)
  }

  queuePosition(id: string): number | null {
    const i = this.queue.indexOf(id)
    return i < 0 ? null : i + 1
  }

  status(id: string, metrics: SystemMetrics): Omit<JobStatus, 'step1_result' | 'step2_result' | 'final_result'> | null {
    const j = this.jobs.get(id)
    if (!j) return null
    const now = Date.now()
    const pos = this.queuePosition(id)
    return statusOf(j, now, pos, pos === null ? null : this.queuedEta(pos, now), metrics)
  }

  /** Every job, oldest first (the order they were submitted). */
  list(): LiveJob[] {
    return [...this.jobs.values()].sort((a, b) => a.stored.seq - b.stored.seq)
  }

  /**
   * Stops a job: a queued one at once, a running one at its next sub-step (or by killing the worker
   * after the grace time). Resolves with the state once settled; a finished job is left as it is.
   */
  async stop(id: string): Promise<JobStatus['status'] | null> {
    const j = this.jobs.get(id)
    if (!j) return null
    if (j.stored.status === 'queued') {
      this.queue.splice(this.queue.indexOf(id), 1)
      this.runner.finalize(j, { status: 'stopped', message: 'Stopped before it started', error: null, error_code: null })
      return 'stopped'
    }
    if (j.stored.status === 'running') await this.runner.stop(j)
    return j.stored.status
  }

  /** Deletes a finished or queued job and its folder; a running one must be stopped first. */
  async delete(id: string): Promise<'deleted' | 'running' | null> {
    const j = this.jobs.get(id)
    if (!j) return null
    if (j.stored.status === 'running') return 'running'
    const qi = this.queue.indexOf(id)
    if (qi >= 0) this.queue.splice(qi, 1)
    await this.remove(id)
    return 'deleted'
  }

  counts(): { total: number; active: number; queued: number; completed: number; failed: number; stopped: number } {
    const c = { total: this.jobs.size, active: 0, queued: 0, completed: 0, failed: 0, stopped: 0 }
    for (const j of this.jobs.values()) {
      const s = j.stored.status
      if (s === 'running') c.active++
      else c[s]++
    }
    return c
  }

  /** Seconds until the queue has room again: the soonest a running job should end. */
  retryAfterSeconds(): number {
    const now = Date.now()
    const running = [...this.jobs.values()].filter((j) => j.stored.status === 'running')
    const soonest = running.length ? Math.min(...running.map((j) => j.progress?.remaining(now) ?? this.expectedSeconds(j))) : this.expectedHead()
    return Math.max(1, Math.ceil(soonest))
  }

  expectedSeconds(j: LiveJob): number {
    return j.stored.eta_plan.reduce((sum, p) => sum + this.eta.estimate(p.step, p.engine, j.stored.megapixels), 0)
  }

  async close(): Promise<void> {
    await this.runner.close()
    await this.eta.flush()
  }

  async remove(id: string): Promise<void> {
    const j = this.jobs.get(id)
    if (!j) return // already gone (two prunes can overlap)
    if (j.stopTimer) clearTimeout(j.stopTimer)
    this.jobs.delete(id)
    this.batchJobs.delete(id)
    await this.store.remove(id)
    this.emit({ type: 'job.deleted', job_id: id, at: Date.now() })
  }

  /** Keeps the newest `keepFinished` finished jobs; never touches queued or running ones. */
  async prune(): Promise<void> {
    // A damaged folder is the user's to delete: pruning it would be the silent loss it is listed to avoid.
    const finished = [...this.jobs.values()].filter((j) => isFinished(j.stored.status) && !j.stored.damaged)
    if (finished.length <= this.opts.keepFinished) return
    finished.sort((a, b) => (b.stored.ended_at ?? 0) - (a.stored.ended_at ?? 0) || b.stored.seq - a.stored.seq)
    for (const j of finished.slice(this.opts.keepFinished)) await this.remove(j.stored.job_id)
  }

  private queuedEta(position: number, now: number): number {
    const running = [...this.jobs.values()].filter((j) => j.stored.status === 'running')
    let ahead = running.reduce((s, j) => s + (j.progress?.remaining(now) ?? 0), 0)
    for (const id of this.queue.slice(0, position)) ahead += this.expectedSeconds(this.jobs.get(id)!)
    return Math.round((ahead / Math.max(1, this.opts.concurrency)) * 10) / 10
  }

  private expectedHead(): number {
    const head = this.queue[0] ? this.jobs.get(this.queue[0]) : undefined
    return head ? this.expectedSeconds(head) : 1
  }

  /** After a restart: finished jobs as they were, a running one failed "interrupted", queued ones re-queued. */
  private async recover(): Promise<void> {
    const loaded = await this.store.loadAll((m) => this.log('warn', m))
    for (const { job, params } of loaded) {
      this.seq = Math.max(this.seq, job.seq + 1)
      const live: LiveJob = { stored: job, params, progress: null, stopTimer: null }
      this.jobs.set(job.job_id, live)
      if (job.status === 'queued') this.queue.push(job.job_id)
      if (job.status === 'running' && !job.damaged) {
        Object.assign(job, {
          status: 'failed',
          ended_at: Date.now(),
          error_code: 'interrupted',
          error: 'interrupted: the engine stopped while this job was running (the server was restarted or crashed)',
          message: 'Interrupted: the server stopped while this job was running; images of finished steps are kept',
        } satisfies Partial<StoredJob>)
        await this.store.saveStatus(job)
        void this.store.log(job.job_id, 'marked failed: interrupted by a server restart')
      }
    }
    const damaged = loaded.filter((l) => l.job.damaged).length
    if (loaded.length) this.log('info', `restored ${loaded.length} jobs (${this.queue.length} queued${damaged ? `, ${damaged} damaged folders listed as they are` : ''})`)
    await this.prune()
  }
}
