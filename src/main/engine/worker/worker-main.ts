/**
 * Entry of the engine worker process (`child_process.fork`, see fork-transport.ts). The engine
 * runs here, away from the server, so a crash, an out-of-memory kill or a stuck native call costs a
 * worker restart and one job, never the server or the queue.
 */
import type { WorkerPort } from './transport'
import { startWorker } from './worker-runtime'

function forkChildPort(): WorkerPort {
  const send = process.send?.bind(process)
  if (!send) throw new Error('worker-main: not started by child_process.fork (no IPC channel)')
  return {
    send: (msg) => {
      if (process.connected) send(msg as object, undefined, undefined, (err) => void err)
    },
    onMessage: (cb) => void process.on('message', cb),
    // The server died (kill -9 included): without it nobody reads our results, so exit.
    onHostGone: (cb) => void process.on('disconnect', cb),
    exit: (code) => process.exit(code),
  }
}

// Ctrl-C in a terminal signals the whole process group: the server shuts the worker down itself
// (a shutdown message, or the IPC channel closing), so a running job is reported as interrupted
// rather than as a crashed worker.
process.on('SIGINT', () => undefined)

const delay = Number(process.env.ADSTUDIO_WORKER_SUBSTEP_DELAY_MS ?? 0)
startWorker(forkChildPort(), { substepDelayMs: Number.isFinite(delay) && delay > 0 ? delay : undefined })
