import { utilityProcess, type UtilityProcess } from 'electron'
import type { WorkerExit, WorkerFactory, WorkerTransport } from '../engine/worker/transport'

/**
 * The engine's transport on Electron's utilityProcess (the third implementation beside fork and
 * in-process). Messages are structured-cloned by postMessage; the protocol sends paths, not pixels,
 * because a utility process copies everything it is sent.
 */
export interface UtilityOptions {
  /** The built engine entry (out/main/engine-utility.js). */
  entry: string
  /** Read at every start, so a changed setting (device) applies to the next engine process. */
  env: () => NodeJS.ProcessEnv
  onOutput?: (line: string) => void
}

export function utilityProcessWorkerFactory(opts: UtilityOptions): WorkerFactory {
  return () => {
    const child = utilityProcess.fork(opts.entry, [], { serviceName: 'Ad Studio engine', stdio: 'pipe', env: opts.env() })
    return new UtilityTransport(child, opts.onOutput)
  }
}

class UtilityTransport implements WorkerTransport {
  private exited: WorkerExit | null = null
  private readonly exitCbs: ((e: WorkerExit) => void)[] = []

  constructor(
    private readonly child: UtilityProcess,
    onOutput?: (line: string) => void,
  ) {
    for (const stream of [child.stdout, child.stderr]) {
      // Drained always: a full pipe would block the engine mid-job.
      let partial = ''
      stream?.setEncoding('utf8')
      stream?.on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n')
        partial = lines.pop() ?? ''
        for (const l of lines) if (l.trim()) onOutput?.(l)
      })
    }
    child.on('exit', (code) => this.done({ code, signal: null }))
    // A process that cannot start (or dies of a fatal error) may never emit 'exit'.
    child.on('error', () => this.done({ code: null, signal: null }))
  }

  get pid(): number | null {
    return this.child.pid ?? null
  }

  send(msg: unknown): void {
    if (!this.exited) this.child.postMessage(msg)
  }

  onMessage(cb: (msg: unknown) => void): void {
    this.child.on('message', cb)
  }

  onExit(cb: (e: WorkerExit) => void): void {
    if (this.exited) queueMicrotask(() => cb(this.exited!))
    else this.exitCbs.push(cb)
  }

  kill(): void {
    if (!this.exited) this.child.kill()
  }

  private done(e: WorkerExit): void {
    if (this.exited) return
    this.exited = e
    this.exitCbs.splice(0).forEach((cb) => cb(e))
  }
}
