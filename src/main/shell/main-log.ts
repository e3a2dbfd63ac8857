import { createWriteStream, mkdirSync, renameSync, statSync, type WriteStream } from 'node:fs'
import { join } from 'node:path'

export type LogLevel = 'info' | 'warn' | 'error'

/** Main's log: each line to the console and to `<logs>/main.log`, which a startup error points the user to. */
export interface MainLog {
  (level: LogLevel, message: string): void
  /** The file it writes, or null when none could be opened (then only the console has the lines). */
  readonly path: string | null
  /** Resolves once every line logged so far is in the file. */
  flush(): Promise<void>
}

/** The file is started afresh (the previous one kept as main.old.log) when it passes this size. */
const MAX_BYTES = 5 * 1024 * 1024

export function openMainLog(dir: string | null, maxBytes = MAX_BYTES): MainLog {
  let stream: WriteStream | null = null
  let path: string | null = null
  if (dir) {
    try {
      mkdirSync(dir, { recursive: true })
      path = join(dir, 'main.log')
      if ((statSync(path, { throwIfNoEntry: false })?.size ?? 0) > maxBytes) renameSync(path, join(dir, 'main.old.log'))
      stream = createWriteStream(path, { flags: 'a' })
      // A full disk or a removed folder must not take the app down with it.
      stream.on('error', () => (stream = null))
    } catch {
      path = null
      stream = null
    }
  }
  const log = (level: LogLevel, message: string) => {
    const line = `${new Date().toISOString()} ${level} ${message}`
    console[level === 'info' ? 'log' : level](line)
    stream?.write(`${line}\n`)
  }
  const flush = () => new Promise<void>((resolve) => (stream ? stream.write('', () => resolve()) : resolve()))
  return Object.assign(log, { path, flush })
}
