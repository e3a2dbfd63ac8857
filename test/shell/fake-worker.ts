import type { WorkerExit, WorkerFactory, WorkerTransport } from '../../src/main/engine/worker/transport'

/**
 * A stand-in engine process for the shell's tests: it speaks the worker protocol (ready, done) on a
 * transport the test controls, and can crash, be killed, or hang at start.
 */
export class FakeWorker implements WorkerTransport {
  static nextPid = 1000
  readonly pid = FakeWorker.nextPid++
  readonly sent: unknown[] = []
  private msgCbs: ((m: unknown) => void)[] = []
  private exitCbs: ((e: WorkerExit) => void)[] = []
  exited: WorkerExit | null = null

  constructor(private readonly behaviour: { autoReady?: boolean; onRun?: (w: FakeWorker, msg: { job_id: string; params: Record<string, unknown> }) => void } = {}) {
    if (behaviour.autoReady !== false) queueMicrotask(() => this.ready())
  }

  ready(): void {
    this.emit({ type: 'ready', pid: this.pid })
  }

  emit(m: unknown): void {
    if (!this.exited) this.msgCbs.forEach((cb) => cb(structuredClone(m)))
  }

  done(jobId: string, outcome: 'completed' | 'failed' | 'stopped' = 'completed'): void {
    this.emit({ type: 'done', job_id: jobId, outcome, message: outcome, error: null, images: [], ran_steps: [1], stopped_early: null, timings_ms: {}, engines: {} })
  }

  crash(code: number | null = 1, signal: string | null = null): void {
    if (this.exited) return
    this.exited = { code, signal }
    this.exitCbs.forEach((cb) => cb(this.exited!))
  }

  send(msg: unknown): void {
    this.sent.push(msg)
    const m = msg as { type: string; job_id: string; params: Record<string, unknown> }
    if (m.type === 'run') queueMicrotask(() => this.behaviour.onRun?.(this, m))
    if (m.type === 'shutdown') queueMicrotask(() => this.crash(0))
  }

  onMessage(cb: (m: unknown) => void): void {
    this.msgCbs.push(cb)
  }

  onExit(cb: (e: WorkerExit) => void): void {
    if (this.exited) queueMicrotask(() => cb(this.exited!))
    else this.exitCbs.push(cb)
  }

  kill(): void {
    queueMicrotask(() => this.crash(null, 'SIGKILL'))
  }
}

export function fakeWorkerFactory(behaviour: ConstructorParameters<typeof FakeWorker>[0] = {}): WorkerFactory & { made: FakeWorker[] } {
  const made: FakeWorker[] = []
  const f: WorkerFactory = () => {
    const w = new FakeWorker(behaviour)
    made.push(w)
    return w
  }
  return Object.assign(f, { made })
}
