/**
 * The line between the job host and the engine worker, in one small interface so the process that
 * runs the engine can change: `child_process.fork` (CLI server), in-process (tests), and Electron's
 * utilityProcess (desktop) all fit it. Messages are plain structured-clone values; receivers
 * validate them (job-worker-messages.ts) because a transport only moves them.
 */

export interface WorkerExit {
  /** Exit code, or null when a signal ended it. */
  code: number | null
  signal: string | null
}

/** The host's handle on one worker process. */
export interface WorkerTransport {
  /** The worker's process id where there is one (null in-process). */
  readonly pid: number | null
  send(msg: unknown): void
  onMessage(cb: (msg: unknown) => void): void
  /** Called once, however the worker ended (exit, crash, kill). */
  onExit(cb: (exit: WorkerExit) => void): void
  /** Ends the worker at once (SIGKILL): for stops that do not land and for shutdown. */
  kill(): void
}

/** The worker's end of the same line. */
export interface WorkerPort {
  send(msg: unknown): void
  onMessage(cb: (msg: unknown) => void): void
  /** Called when the host is gone (the IPC channel closed): the worker should exit. */
  onHostGone(cb: () => void): void
  /** Ends the worker (process.exit in a child; in-process, reports the exit to the host). */
  exit(code: number): void
}

/** Starts a fresh worker; the host calls it again after a crash. */
export type WorkerFactory = () => WorkerTransport
