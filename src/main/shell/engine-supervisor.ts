import type { EngineStatus } from '../../shared/api-client'
import type { WorkerExit, WorkerFactory, WorkerTransport } from '../engine/worker/transport'

/**
 * Watches the engine processes the job host starts, through the engine's own transport interface:
 * it wraps the worker factory, so JobService/WorkerSlot keep doing what they do (fail the running
 * job, restart the worker, go on with the queue) while this adds what the desktop needs on top:
 *  - a crash loop backs off: an engine that dies again soon after a restart waits 0.5 s, 1 s, 2 s …
 *    up to 30 s before the next start (a run longer than `stableMs` resets the count);
 *  - the user is told: every change is reported as an EngineStatus (starting, ready, restarting with
 *    the delay and how the process ended, failed after many crashes in a row);
 *  - exits the host asked for (a stop that did not land, a shutdown) are not counted as crashes.
 */
export interface SupervisorOptions {
  backoffMs?: readonly number[]
  /** A process that ran at least this long before dying starts a fresh count. */
  stableMs?: number
  /** Crashes in a row (without a stable run) after which the state reads `failed` (it keeps trying). */
  failedAfter?: number
  now?: () => number
  onStatus: (s: EngineStatus) => void
  log?: (message: string) => void
}

/**
 * What a transport may add about an ended process (the utility-process one does): Electron's reason
 * from child-process-gone, and a fatal V8 error it reported before the exit.
 */
export interface ExitExplained {
  readonly goneReason: string | null
  readonly fatalError: string | null
}

/** Electron's child-process-gone reasons, as the user reads them. */
const REASONS: Record<string, string> = {
  crashed: 'crashed',
  oom: 'ran out of memory',
  killed: 'was killed',
  'abnormal-exit': 'ended abnormally',
  'launch-failed': 'could not be started',
  'integrity-failure': 'failed a code integrity check',
  'memory-eviction': 'was ended to free memory',
}

export const DEFAULT_BACKOFF_MS = [0, 500, 1000, 2000, 4000, 8000, 16000, 30000] as const

export class EngineSupervisor {
  readonly factory: WorkerFactory = () => this.spawn()
  private crashesInRow = 0
  private restarts = 0
  private current: EngineStatus
  private readonly opts: Required<Omit<SupervisorOptions, 'log'>> & Pick<SupervisorOptions, 'log'>
  private readonly live = new Set<SupervisedTransport>()

  constructor(
    private readonly inner: WorkerFactory,
    options: SupervisorOptions,
  ) {
    this.opts = { backoffMs: DEFAULT_BACKOFF_MS, stableMs: 60_000, failedAfter: 5, now: Date.now, ...options }
    this.current = this.make('starting', 'Starting the engine', null, null)
  }

  status(): EngineStatus {
    return this.current
  }

  /** The delay before the next start: none after one crash, then growing with each crash in a row. */
  nextDelayMs(): number {
    const b = this.opts.backoffMs
    return b[Math.min(Math.max(this.crashesInRow - 1, 0), b.length - 1)] ?? 0
  }

  /** Ends idle engine processes on purpose (e.g. the device setting changed); they restart at once. */
  recycleIdle(isBusy: (pid: number | null) => boolean): number {
    let n = 0
    for (const t of this.live) {
      if (isBusy(t.pid)) continue
      t.planned = true
      t.kill()
      n++
    }
    return n
  }

  private spawn(): WorkerTransport {
    const delay = this.nextDelayMs()
    const t = new SupervisedTransport(this.inner, delay, {
      onReady: () => this.set('ready', 'The engine is ready', null, null),
      onExit: (exit, uptimeMs, planned) => this.exited(t, exit, uptimeMs, planned),
      now: this.opts.now,
    })
    this.live.add(t)
    // A crash loop keeps saying so ('failed') while it waits; a short run of crashes says 'restarting'.
    if (delay > 0) this.set(this.current.state === 'failed' ? 'failed' : 'restarting', this.current.state === 'failed' ? this.current.message : 'The engine stopped unexpectedly; restarting it', delay, this.current.lastExit)
    else if (this.current.state !== 'restarting') this.set('starting', 'Starting the engine', null, this.current.lastExit)
    return t
  }

  private exited(t: SupervisedTransport, exit: WorkerExit, uptimeMs: number, planned: boolean): void {
    this.live.delete(t)
    const how = exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`
    if (planned) {
      this.set('starting', 'Restarting the engine', null, this.current.lastExit)
      return
    }
    this.restarts++
    this.crashesInRow = uptimeMs >= this.opts.stableMs ? 1 : this.crashesInRow + 1
    const why = t.explained()
    const what = why?.goneReason ? (REASONS[why.goneReason] ?? why.goneReason) : 'ended'
    const reason = why?.goneReason ? `${why.goneReason}, ${how}` : how
    const fatal = why?.fatalError ? `; fatal error: ${why.fatalError}` : ''
    const detail = `engine process ${t.pid ?? '-'} ${what} (${reason}) after ${(uptimeMs / 1000).toFixed(1)} s${fatal}`
    this.opts.log?.(detail)
    if (this.crashesInRow >= this.opts.failedAfter)
      this.set('failed', `The engine keeps stopping (${this.crashesInRow} times in a row); still trying`, this.nextDelayMs(), detail)
    else this.set('restarting', `The engine ${why?.goneReason ? what : 'stopped unexpectedly'}; restarting it`, this.nextDelayMs(), detail)
  }

  private set(state: EngineStatus['state'], message: string, retryInMs: number | null, lastExit: string | null): void {
    this.current = this.make(state, message, retryInMs, lastExit)
    this.opts.onStatus(this.current)
  }

  private make(state: EngineStatus['state'], message: string, retryInMs: number | null, lastExit: string | null): EngineStatus {
    return { state, message, restarts: this.restarts, retryInMs, lastExit, at: this.opts.now() }
  }
}

interface TransportHooks {
  onReady(): void
  onExit(exit: WorkerExit, uptimeMs: number, planned: boolean): void
  now: () => number
}

/**
 * A worker handle whose process may start after a delay. Until it exists, sends are queued and a
 * kill simply cancels the start (reported as an exit, as the host expects of every handle).
 */
class SupervisedTransport implements WorkerTransport {
  planned = false
  private inner: WorkerTransport | null = null
  private timer: ReturnType<typeof setTimeout> | null = null
  private readonly queued: unknown[] = []
  private readonly msgCbs: ((m: unknown) => void)[] = []
  private readonly exitCbs: ((e: WorkerExit) => void)[] = []
  private exited: WorkerExit | null = null
  private startedAt = 0

  constructor(
    factory: WorkerFactory,
    delayMs: number,
    private readonly hooks: TransportHooks,
  ) {
    const start = () => {
      this.timer = null
      let t: WorkerTransport
      try {
        t = factory()
      } catch {
        return this.finish({ code: null, signal: null })
      }
      this.inner = t
      this.startedAt = hooks.now()
      t.onMessage((m) => {
        if ((m as { type?: unknown } | null)?.type === 'ready') hooks.onReady()
        this.msgCbs.forEach((cb) => cb(m))
      })
      t.onExit((e) => this.finish(e))
      this.queued.splice(0).forEach((m) => t.send(m))
    }
    if (delayMs > 0) this.timer = setTimeout(start, delayMs)
    else start()
  }

  get pid(): number | null {
    return this.inner?.pid ?? null
  }

  /** The inner transport's account of the exit, where it gives one. */
  explained(): ExitExplained | null {
    const i = this.inner as Partial<ExitExplained> | null
    return i && 'goneReason' in i ? { goneReason: i.goneReason ?? null, fatalError: i.fatalError ?? null } : null
  }

  send(msg: unknown): void {
    // A shutdown is the host's own decision: the exit that follows is not a crash.
    if ((msg as { type?: unknown } | null)?.type === 'shutdown') this.planned = true
    if (this.inner) this.inner.send(msg)
    else if (!this.exited) this.queued.push(msg)
  }

  onMessage(cb: (m: unknown) => void): void {
    this.msgCbs.push(cb)
  }

  onExit(cb: (e: WorkerExit) => void): void {
    if (this.exited) queueMicrotask(() => cb(this.exited!))
    else this.exitCbs.push(cb)
  }

  kill(): void {
    // The host kills a worker whose stop did not land in time: intended, not a crash.
    this.planned = true
    if (this.inner) return this.inner.kill()
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    queueMicrotask(() => this.finish({ code: null, signal: 'SIGKILL' }))
  }

  private finish(e: WorkerExit): void {
    if (this.exited) return
    this.exited = e
    this.hooks.onExit(e, this.inner ? this.hooks.now() - this.startedAt : 0, this.planned)
    this.exitCbs.splice(0).forEach((cb) => cb(e))
  }
}
