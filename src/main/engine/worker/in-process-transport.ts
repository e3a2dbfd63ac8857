import type { WorkerExit, WorkerFactory, WorkerPort, WorkerTransport } from './transport'

/**
 * A worker that runs in the host's own process: for tests of the host and runtime without process
 * start-up costs. Messages are structured-cloned and delivered on a later tick, as across a real
 * process line, so nothing can rely on shared objects or synchronous replies. `kill()` cuts the line
 * and reports a SIGKILL exit; work already running in this process cannot really be killed, but
 * nothing it sends afterwards arrives.
 */
export function inProcessWorkerFactory(startWorker: (port: WorkerPort) => void): WorkerFactory {
  return () => {
    const toWorker: ((m: unknown) => void)[] = []
    const toHost: ((m: unknown) => void)[] = []
    const hostGone: (() => void)[] = []
    const exitCbs: ((e: WorkerExit) => void)[] = []
    let exited: WorkerExit | null = null

    const deliver = (cbs: ((m: unknown) => void)[], msg: unknown) => {
      const copy = structuredClone(msg)
      setImmediate(() => {
        if (!exited) for (const cb of cbs) cb(copy)
      })
    }
    const exit = (e: WorkerExit) => {
      if (exited) return
      exited = e
      for (const cb of hostGone) cb()
      setImmediate(() => exitCbs.forEach((cb) => cb(e)))
    }

    const port: WorkerPort = {
      send: (msg) => deliver(toHost, msg),
      onMessage: (cb) => void toWorker.push(cb),
      onHostGone: (cb) => void hostGone.push(cb),
      exit: (code) => exit({ code, signal: null }),
    }
    const transport: WorkerTransport = {
      pid: null,
      send: (msg) => deliver(toWorker, msg),
      onMessage: (cb) => void toHost.push(cb),
      onExit: (cb) => {
        if (exited) setImmediate(() => cb(exited!))
        else exitCbs.push(cb)
      },
      kill: () => exit({ code: null, signal: 'SIGKILL' }),
    }
    setImmediate(() => {
      try {
        startWorker(port)
      } catch {
        exit({ code: 1, signal: null })
      }
    })
    return transport
  }
}
