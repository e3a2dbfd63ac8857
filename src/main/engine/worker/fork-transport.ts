import { fork, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { WorkerExit, WorkerFactory, WorkerTransport } from './transport'

export interface ForkOptions {
  /** Worker entry file; default worker-main beside this file (.ts from sources, .js when built). */
  entry?: string
  /** Node flags for the child; default loads tsx when the entry is TypeScript. */
  execArgv?: string[]
  env?: NodeJS.ProcessEnv
  /** Each line the worker prints (stdout or stderr), for the host's log. */
  onOutput?: (line: string) => void
}

/** The worker entry and the Node flags it needs, for running from sources or from a build. */
export function defaultWorkerEntry(): { entry: string; execArgv: string[] } {
  const js = fileURLToPath(new URL('./worker-main.js', import.meta.url))
  if (existsSync(js)) return { entry: js, execArgv: [] }
  const ts = fileURLToPath(new URL('./worker-main.ts', import.meta.url))
  // An absolute URL, not the bare name: `--import tsx` would be resolved from the user's cwd.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
  return { entry: ts, execArgv: ['--import', tsx] }
}

/**
 * Workers as `child_process.fork` children. Advanced serialization keeps typed arrays and Maps
 * intact should a message ever carry one; the protocol itself sends paths, not pixels.
 */
export function forkWorkerFactory(opts: ForkOptions = {}): WorkerFactory {
  const def = opts.entry ? { entry: opts.entry, execArgv: opts.execArgv ?? [] } : defaultWorkerEntry()
  const execArgv = opts.execArgv ?? def.execArgv
  return () => {
    const child = fork(def.entry, [], {
      execArgv,
      env: opts.env ?? process.env,
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    })
    return new ForkTransport(child, opts.onOutput)
  }
}

class ForkTransport implements WorkerTransport {
  private exitCbs: ((e: WorkerExit) => void)[] = []
  private exited: WorkerExit | null = null

  constructor(
    private readonly child: ChildProcess,
    onOutput?: (line: string) => void,
  ) {
    for (const stream of [child.stdout, child.stderr]) {
      // Always drained: a full pipe would block the worker mid-job.
      stream?.setEncoding('utf8')
      let partial = ''
      stream?.on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n')
        partial = lines.pop() ?? ''
        for (const l of lines) if (l.trim()) onOutput?.(l)
      })
    }
    const done = (e: WorkerExit) => {
      if (this.exited) return
      this.exited = e
      for (const cb of this.exitCbs) cb(e)
    }
    child.on('exit', (code, signal) => done({ code, signal }))
    // A fork that could not start emits 'error' and may never emit 'exit'.
    child.on('error', () => done({ code: null, signal: null }))
  }

  get pid(): number | null {
    return this.child.pid ?? null
  }

  send(msg: unknown): void {
    if (!this.child.connected) return // its exit handler tells the host what happened
    // The callback swallows a channel that closed between the check and the write.
    this.child.send(msg as object, (err) => void err)
  }

  onMessage(cb: (msg: unknown) => void): void {
    this.child.on('message', cb)
  }

  onExit(cb: (e: WorkerExit) => void): void {
    if (this.exited) queueMicrotask(() => cb(this.exited!))
    else this.exitCbs.push(cb)
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL')
  }
}
