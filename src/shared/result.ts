import type { ErrorCode } from './error-codes'

/**
 * What crosses a process line (IPC, worker messages, HTTP bodies): a value or a described failure,
 * never a thrown Error, whose class and fields do not survive serialisation.
 */
export type Result<T> = { ok: true; value: T } | Failure

export interface Failure {
  ok: false
  code: ErrorCode
  message: string
  /** For validation failures: every offending field with its rule. */
  issues?: FieldIssue[]
}

export interface FieldIssue {
  /** Dotted path of the field, e.g. `guidance_scale` or `seed.0`. */
  field: string
  /** The rule that failed, in words, e.g. `must be at most 20`. */
  rule: string
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })

export const fail = (code: ErrorCode, message: string, issues?: FieldIssue[]): Failure =>
  issues ? { ok: false, code, message, issues } : { ok: false, code, message }
