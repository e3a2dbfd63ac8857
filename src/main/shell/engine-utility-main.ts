/**
 * Entry of the engine in an Electron utility process (built to out/main/engine-utility.js). It is
 * plain Node: the same worker runtime as the fork entry, spoken over process.parentPort instead of
 * process.send. Native modules (onnxruntime, sharp, canvas) load here and only here, so a crash in
 * one of them costs an engine restart, never the app.
 */
import type { WorkerPort } from '../engine/worker/transport'
import { startWorker } from '../engine/worker/worker-runtime'

interface ParentPortLike {
  postMessage(message: unknown): void
  on(event: 'message', listener: (e: { data: unknown }) => void): void
}

const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort
if (!parentPort) throw new Error('engine-utility-main: not started as an Electron utility process')

const port: WorkerPort = {
  send: (msg) => parentPort.postMessage(msg),
  onMessage: (cb) => parentPort.on('message', (e) => cb(e.data)),
  // Electron ends utility processes with their parent; nothing to watch for.
  onHostGone: () => undefined,
  exit: (code) => process.exit(code),
}

// The device setting arrives as ADSTUDIO_DEVICE, read by the worker runtime like any engine process.
startWorker(port)
