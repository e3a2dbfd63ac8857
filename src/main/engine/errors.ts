import type { ErrorCode } from '../../shared/error-codes'
import { fail, type Failure } from '../../shared/result'

/**
 * Thrown inside the engine for expected failures (bad input, missing model); converted to a
 * `Failure` result wherever it would cross a process line.
 */
export class EngineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message)
    this.name = 'EngineError'
  }
}

export function toFailure(e: unknown): Failure {
  if (e instanceof EngineError) return fail(e.code, e.message, e.field ? [{ field: e.field, rule: e.message }] : undefined)
  const message = e instanceof Error ? e.message : String(e)
  return fail('internal', message)
}
