import type { ClientFailure, EngineStatus } from '../../shared/api-client'
import type { JobEvent } from '../../shared/job-events'
import { startApiServer, type RunningServer } from '../engine/api/api-server'
import { loadOrCreateToken } from '../engine/api/token'
import { JobService, type JobServiceOptions } from '../engine/jobs/job-service'
import type { ModelService } from '../engine/models/model-service'
import { SystemMetricsSampler } from '../engine/system/system-metrics'
import type { WorkerFactory } from '../engine/worker/transport'
import { EngineSupervisor, type SupervisorOptions } from './engine-supervisor'

/**
 * The engine inside the desktop app: the job service (jobs, queue, persistence) in main, its worker
 * in a utility process behind the supervisor, events and engine state forwarded to the window, and
 * the optional local HTTP API on the same job service (so the app and scripts see the same jobs).
 * If the job service itself cannot open (an unwritable data folder), it is retried with backoff and
 * the user is told why.
 */
export interface EngineHostOptions {
  dataDir: string
  /** Starts one engine process (the utility-process factory in the app, a fake in tests). */
  workerFactory: WorkerFactory
  onStatus: (s: EngineStatus) => void
  onJobEvent: (e: JobEvent) => void
  log: (level: 'info' | 'warn' | 'error', message: string) => void
  version: string
  /** The model manager the local API serves under /models (the app's own, shared with IPC). */
  models?: ModelService
  supervisor?: Partial<Omit<SupervisorOptions, 'onStatus'>>
  jobOptions?: Partial<JobServiceOptions>
  /** Delays between attempts to open the job service. */
  openRetryMs?: readonly number[]
  open?: (o: JobServiceOptions) => Promise<JobService>
}

export class EngineHost {
  readonly supervisor: EngineSupervisor
  private jobs: JobService | null = null
  private unsubscribe: (() => void) | null = null
  private api: RunningServer | null = null
  private metrics = new SystemMetricsSampler()
  private attempts = 0
  private retryTimer: ReturnType<typeof setTimeout> | null = null
  private closed = false

  constructor(private readonly opts: EngineHostOptions) {
    this.supervisor = new EngineSupervisor(opts.workerFactory, {
      ...opts.supervisor,
      onStatus: opts.onStatus,
      log: (m) => opts.log('warn', m),
    })
  }

  /** Opens the job service; resolves once it is open (or once the first attempt failed and a retry is scheduled). */
  async start(): Promise<void> {
    if (this.closed || this.jobs) return
    const open = this.opts.open ?? ((o) => JobService.open(o))
    try {
      this.jobs = await open({ dataDir: this.opts.dataDir, workerFactory: this.supervisor.factory, log: this.opts.log, ...this.opts.jobOptions })
      this.unsubscribe = this.jobs.on(this.opts.onJobEvent)
      void this.metrics.warmUp()
    } catch (e) {
      const delays = this.opts.openRetryMs ?? [1000, 2000, 5000, 10_000, 30_000]
      const delay = delays[Math.min(this.attempts++, delays.length - 1)]
      const detail = `${(e as Error).message}`
      this.opts.log('error', `could not open the job store in ${this.opts.dataDir}: ${detail}`)
      this.opts.onStatus({ state: 'failed', message: `The engine could not open its data folder (${this.opts.dataDir}); trying again`, restarts: this.attempts, retryInMs: delay, lastExit: detail, at: Date.now() })
      this.retryTimer = setTimeout(() => void this.start(), delay)
    }
  }

  status(): EngineStatus {
    return this.supervisor.status()
  }

  /** The job service, or a failure saying the engine is not up yet. */
  service(): { ok: true; value: JobService } | ClientFailure {
    if (this.jobs) return { ok: true, value: this.jobs }
    return { ok: false, code: 'unreachable', message: 'the engine is not running yet (see the engine status)' }
  }

  sampleMetrics() {
    return this.metrics.sample()
  }

  /** Applies a new engine setting (device) to idle engine processes now; busy ones pick it up after their job. */
  recycleIdleEngines(): number {
    const busy = new Set((this.jobs?.runner.workers() ?? []).filter((w) => w.job_id !== null).map((w) => w.pid))
    return this.supervisor.recycleIdle((pid) => busy.has(pid))
  }

  /** Turns the local HTTP API on or off; answers where it listens and its token. */
  async setLocalApi(cfg: { enabled: boolean; port: number; token: string | null }): Promise<{ url: string | null; token: string | null; error: string | null }> {
    await this.api?.close()
    this.api = null
    if (!cfg.enabled || !this.jobs) return { url: null, token: cfg.token, error: null }
    try {
      const token = await loadOrCreateToken(this.opts.dataDir, cfg.token ?? undefined)
      this.api = await startApiServer({ jobs: this.jobs, metrics: this.metrics, token: token.token, version: this.opts.version, log: this.opts.log, models: this.opts.models }, cfg.port)
      return { url: this.api.url, token: token.token, error: null }
    } catch (e) {
      const err = e as NodeJS.ErrnoException
      return { url: null, token: cfg.token, error: err.code === 'EADDRINUSE' ? `port ${cfg.port} is already in use` : err.message }
    }
  }

  apiUrl(): string | null {
    return this.api?.url ?? null
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.unsubscribe?.()
    await this.api?.close()
    await this.jobs?.close()
    this.jobs = null
  }
}
