import { app, dialog } from 'electron'
import type { MainLog } from './main-log'

/**
 * How main comes up: one instance per user, start() once Electron is ready, and a start that fails
 * ends in a dialog naming the log file and an exit, never in a process with no window that never quits.
 */
export interface LaunchOptions {
  start: () => Promise<void>
  log: MainLog
  /** A second launch happened (its window should come forward). */
  onSecondInstance: () => void
}

/** Returns false in a second instance, which is exiting: nothing else may run there. */
export function launch(o: LaunchOptions): boolean {
  if (!app.requestSingleInstanceLock()) {
    // app.quit() is asynchronous: on Linux and Windows 'ready' can still fire and start() would mark
    // the first instance's running jobs as interrupted in the shared data folder. exit() ends it now.
    o.log('info', 'another Ad Studio is running; it was asked to show its window, this one exits')
    app.exit(0)
    return false
  }
  app.on('second-instance', o.onSecondInstance)
  // One handler for both: a failed whenReady and an error thrown anywhere in start().
  app
    .whenReady()
    .then(o.start)
    .catch((e) => failedToStart(e, o.log))
  return true
}

export async function failedToStart(e: unknown, log: MainLog): Promise<void> {
  const err = e instanceof Error ? e : new Error(String(e))
  log('error', `startup failed: ${err.stack ?? err.message}`)
  await log.flush()
  const where = log.path ? `The details are in the log file:\n${log.path}` : 'No log file could be written; start Ad Studio from a terminal to see the details.'
  dialog.showErrorBox('Ad Studio could not start', `${err.message}\n\n${where}`)
  app.exit(1)
}
