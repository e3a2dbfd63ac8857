import { readFile } from 'node:fs/promises'
import { ERROR_CODES } from '../../../shared/error-codes'
import { EngineError } from '../errors'

/** What a command hands back to main(): an exit code (0 done, 2 bad input, 1 internal error). */
export type ExitCode = 0 | 1 | 2

export interface Io {
  out: (line: string) => void
  err: (line: string) => void
}

export const consoleIo: Io = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
}

export async function readInputFile(path: string, what: string): Promise<Uint8Array> {
  try {
    return await readFile(path)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'permission denied' : String(code ?? e)
    throw new EngineError('invalid_request', `${what} ${path}: ${why}`, what)
  }
}

export function reportError(io: Io, e: unknown): ExitCode {
  if (e instanceof EngineError) {
    io.err(`error: ${e.message}`)
    return ERROR_CODES[e.code].exit
  }
  io.err(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
  return 1
}

/**
 * Resolves on the first SIGINT or SIGTERM (logged with `why`), removing both handlers: the long-running
 * commands (`serve`, `worker`) then close what they opened and exit 0.
 */
export function untilStopSignal(log: (level: 'info', message: string) => void, why: string): Promise<void> {
  return new Promise<void>((done) => {
    const stop = (sig: string) => {
      log('info', `${sig}: ${why}`)
      process.off('SIGINT', onInt)
      process.off('SIGTERM', onTerm)
      done()
    }
    const onInt = () => stop('SIGINT')
    const onTerm = () => stop('SIGTERM')
    process.on('SIGINT', onInt)
    process.on('SIGTERM', onTerm)
  })
}
