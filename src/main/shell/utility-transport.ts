import { app, utilityProcess, type Details, type UtilityProcess } from 'electron'
import type { WorkerExit, WorkerFactory, WorkerTransport } from '../engine/worker/transport'
import type { ExitExplained } from './engine-supervisor'

/**
 * The engine's transport on Electron's utilityProcess (the third implementation beside fork and
 * in-process). Messages are structured-cloned by postMessage; the protocol sends paths, not pixels,
 * because a utility process copies everything it is sent.
 *
 * Electron's own rules (electron.d.ts, Electron 45), which this follows:
 *  - `pid` is undefined until 'spawn' and again after the exit: it is recorded on 'spawn' and kept;
 *  - kill() returns false and does nothing before 'spawn': a kill asked for earlier is carried out
 *    on 'spawn', and one Electron refuses later is tried again;
 *  - 'exit' always follows 'error' (a fatal V8 error): the process is over only at 'exit', so the
 *    host never starts a replacement while the old engine still runs;
 *  - why a process died comes from app's 'child-process-gone' (crashed, oom, killed…), matched by
 *    the process's service name as VS Code does; the two events may come in either order, so an
 *    abnormal exit waits a moment for the reason.
 */
export interface UtilityOptions {
  /** The built engine entry (out/main/engine-utility.js). */
  entry: string
  /** Read at every start, so a changed setting (device) applies to the next engine process. */
  env: () => NodeJS.ProcessEnv
  onOutput?: (line: string) => void
  log?: (message: string) => void
  /** How long an abnormal exit waits for child-process-gone to say why. */
  reasonWaitMs?: number
  /** Delay between kill() attempts Electron refused after spawn, and how many are made. */
  killRetryMs?: number
  killRetries?: number
}

export function utilityProcessWorkerFactory(opts: UtilityOptions): WorkerFactory {
  const live = new Map<string, UtilityTransport>()
  let started = 0
  // One listener for every engine process this factory starts; Electron names a utility process by
  // the serviceName it was forked with, so each gets its own.
  app.on('child-process-gone', (_e, details: Details) => {
    if (details.type === 'Utility' && details.name) live.get(details.name)?.gone(details)
  })
  return () => {
    const name = `Ad Studio engine ${++started}`
    const child = utilityProcess.fork(opts.entry, [], { serviceName: name, stdio: 'pipe', env: opts.env() })
    const t = new UtilityTransport(child, name, opts, () => live.delete(name))
    live.set(name, t)
    return t
  }
}

class UtilityTransport implements WorkerTransport, ExitExplained {
  goneReason: string | null = null
  fatalError: string | null = null
  private spawnedPid: number | null = null
  private exitCode: number | null | undefined = undefined
  private exited: WorkerExit | null = null
  private readonly exitCbs: ((e: WorkerExit) => void)[] = []
  private killWanted = false
  private waitTimer: ReturnType<typeof setTimeout> | null = null
  private killTimer: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly child: UtilityProcess,
    private readonly name: string,
    private readonly opts: UtilityOptions,
    private readonly forget: () => void,
  ) {
    for (const stream of [child.stdout, child.stderr]) {
      // Drained always: a full pipe would block the engine mid-job.
      let partial = ''
      stream?.setEncoding('utf8')
      stream?.on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n')
        partial = lines.pop() ?? ''
        for (const l of lines) if (l.trim()) opts.onOutput?.(l)
      })
    }
    child.on('spawn', () => {
      this.spawnedPid = child.pid ?? null
      if (this.killWanted) this.tryKill(0)
    })
    child.on('error', (type, location) => {
      this.fatalError = `${type} at ${location}`
      opts.log?.(`${name}: ${this.fatalError}; waiting for the process to end`)
    })
    child.on('exit', (code) => {
      this.exitCode = code
      if (this.killTimer) clearTimeout(this.killTimer)
      if (code === 0 || this.goneReason) this.done()
      else this.waitTimer = setTimeout(() => this.done(), opts.reasonWaitMs ?? 250)
    })
  }

  /** The process id from 'spawn' on, kept after the exit (Electron's own pid is undefined then). */
  get pid(): number | null {
    return this.spawnedPid
  }

  /** Electron's child-process-gone for this process. */
  gone(details: Details): void {
    this.goneReason = details.reason
    if (this.exitCode !== undefined && !this.exited) {
      if (this.waitTimer) clearTimeout(this.waitTimer)
      this.done()
    }
  }

  send(msg: unknown): void {
    if (this.exitCode === undefined) this.child.postMessage(msg)
  }

  onMessage(cb: (msg: unknown) => void): void {
    this.child.on('message', cb)
  }

  onExit(cb: (e: WorkerExit) => void): void {
    if (this.exited) queueMicrotask(() => cb(this.exited!))
    else this.exitCbs.push(cb)
  }

  kill(): void {
    if (this.exitCode !== undefined || this.killWanted) return
    this.killWanted = true
    // Before 'spawn' Electron's kill() is a no-op returning false: the 'spawn' handler does it.
    if (this.spawnedPid !== null) this.tryKill(0)
  }

  private tryKill(attempt: number): void {
    this.killTimer = null
    if (this.exitCode !== undefined || this.child.kill()) return
    if (attempt >= (this.opts.killRetries ?? 20)) {
      this.opts.log?.(`${this.name}: Electron refused to end process ${this.spawnedPid} ${attempt + 1} times`)
      return
    }
    this.killTimer = setTimeout(() => this.tryKill(attempt + 1), this.opts.killRetryMs ?? 100)
  }

  private done(): void {
    if (this.exited) return
    this.waitTimer = null
    this.exited = { code: this.exitCode ?? null, signal: null }
    this.forget()
    this.exitCbs.splice(0).forEach((cb) => cb(this.exited!))
  }
}
