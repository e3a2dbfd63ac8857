import { workerToHostSchema, type HostToWorker, type WorkerToHost } from '../../../shared/job-worker-messages'
import type { WorkerExit, WorkerFactory, WorkerTransport } from './transport'

export type SlotState = 'starting' | 'idle' | 'busy' | 'restarting' | 'closed'

export interface SlotEvents {
  /** The worker is up and idle: the host may hand it a job. */
  onIdle(slot: WorkerSlot): void
  /** A validated message about the slot's current job. */
  onJobMessage(slot: WorkerSlot, msg: Exclude<WorkerToHost, { type: 'ready' | 'log' }>): void
  /**
   * The worker process ended while `jobId` was running (null: it was idle). `killReason` is set
   * when the host killed it on purpose (a stop that did not land), else it crashed or was killed
   * from outside. The slot restarts by itself.
   */
  onWorkerExit(slot: WorkerSlot, exit: WorkerExit, jobId: string | null, killReason: string | null): void
  log(level: 'info' | 'warn' | 'error', message: string): void
}

/** Restart delays after workers that die before becoming ready: 0.5 s doubling to 30 s. */
const BACKOFF_MS = [0, 500, 1000, 2000, 4000, 8000, 16000, 30000]

/**
 * One engine worker process and its life cycle: start, run one job at a time, restart after any
 * exit (crash, OOM, kill -9), back off when it cannot even start.
 */
export class WorkerSlot {
  state: SlotState = 'starting'
  jobId: string | null = null
  restarts = 0
  private transport: WorkerTransport | null = null
  private killReason: string | null = null
  private failedStarts = 0
  private restartTimer: NodeJS.Timeout | null = null
  private closedWaiters: (() => void)[] = []

  constructor(
    readonly index: number,
    private readonly factory: WorkerFactory,
    private readonly events: SlotEvents,
  ) {}

  get pid(): number | null {
    return this.transport?.pid ?? null
  }

  start(): void {
    this.state = 'starting'
    this.killReason = null
    let t: WorkerTransport
    try {
      t = this.factory()
    } catch (e) {
      this.events.log('error', `worker ${this.index}: could not start: ${(e as Error).message}`)
      this.scheduleRestart(false)
      return
    }
    this.transport = t
    t.onMessage((raw) => this.receive(t, raw))
    t.onExit((exit) => this.exited(t, exit))
  }

  run(msg: Extract<HostToWorker, { type: 'run' }>): void {
    if (this.state !== 'idle' || !this.transport) throw new Error(`worker ${this.index} is ${this.state}, not idle`)
    this.state = 'busy'
    this.jobId = msg.job_id
    this.transport.send(msg)
  }

  /** Asks for a stop at the next sub-step boundary. */
  requestStop(jobId: string): void {
    if (this.jobId === jobId) this.transport?.send({ type: 'stop', job_id: jobId })
  }

  /** Kills the worker now (it restarts); `reason` is passed to onWorkerExit. */
  kill(reason: string): void {
    if (!this.transport) return
    this.killReason = reason
    this.transport.kill()
  }

  /** Graceful end: asks the worker to exit, kills it after `graceMs`; no restart afterwards. */
  close(graceMs = 2000): Promise<void> {
    if (this.restartTimer) clearTimeout(this.restartTimer)
    const t = this.transport
    const wasAlive = this.state !== 'restarting' && this.state !== 'closed' && t
    this.state = 'closed'
    if (!wasAlive) return Promise.resolve()
    return new Promise<void>((resolve) => {
      this.closedWaiters.push(resolve)
      t.send({ type: 'shutdown' })
      setTimeout(() => t.kill(), graceMs).unref()
    })
  }

  private receive(t: WorkerTransport, raw: unknown): void {
    if (t !== this.transport) return // a message from a worker already replaced
    const parsed = workerToHostSchema.safeParse(raw)
    if (!parsed.success) {
      this.events.log('warn', `worker ${this.index}: ignored a malformed message: ${parsed.error.issues[0]?.message}`)
      return
    }
    const msg = parsed.data
    if (msg.type === 'log') return this.events.log(msg.level, `worker ${this.index}: ${msg.message}`)
    if (msg.type === 'ready') {
      this.failedStarts = 0
      if (this.state === 'starting') {
        this.state = 'idle'
        this.events.onIdle(this)
      }
      return
    }
    if (msg.job_id !== this.jobId) return // late news of a job this slot no longer runs
    if (msg.type === 'done') {
      this.state = 'idle'
      this.jobId = null
      this.events.onJobMessage(this, msg)
      if (this.state === 'idle') this.events.onIdle(this)
      return
    }
    this.events.onJobMessage(this, msg)
  }

  private exited(t: WorkerTransport, exit: WorkerExit): void {
    if (t !== this.transport) return
    const jobId = this.jobId
    const reason = this.killReason
    const wasStarting = this.state === 'starting'
    if (this.state === 'closed') {
      this.transport = null
      this.jobId = null
      this.closedWaiters.splice(0).forEach((w) => w())
      return
    }
    this.state = 'restarting'
    // Reported before the handle is dropped, so the report can still name the process id.
    this.events.onWorkerExit(this, exit, jobId, reason)
    this.transport = null
    this.jobId = null
    this.restarts++
    this.scheduleRestart(wasStarting)
  }

  private scheduleRestart(failedToStart: boolean): void {
    if (this.state === 'closed') return
    this.state = 'restarting'
    if (failedToStart) this.failedStarts++
    const delay = BACKOFF_MS[Math.min(this.failedStarts, BACKOFF_MS.length - 1)]
    if (delay > 0) this.events.log('warn', `worker ${this.index}: restarting in ${delay / 1000} s`)
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null
      if (this.state === 'restarting') this.start()
    }, delay)
    this.restartTimer.unref()
  }
}
