import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { ApiError, sendError } from './http-util'

export type Log = (level: 'info' | 'warn' | 'error', message: string) => void

/**
 * Any refusal or failure → an ApiError: ours as they are, the framework's 4xx (a malformed URL or
 * header) with its message, anything else is a bug: logged, answered 500, and the server stays up.
 */
export function toApiError(err: FastifyError | ApiError | Error, request: FastifyRequest, log?: Log): ApiError {
  if (err instanceof ApiError) return err
  const status = (err as FastifyError).statusCode
  if (status !== undefined && status >= 400 && status < 500) return new ApiError(status, 'invalid_request', err.message)
  log?.('error', `${request.method} ${request.url}: ${err.stack ?? err}`)
  return new ApiError(500, 'internal', 'internal error (see the server log)')
}

/** nanoCocoa's error shape: FastAPI's `detail`, a code, and the offending fields. */
export function nanoCocoaErrors(log?: Log) {
  return (err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const e = toApiError(err, request, log)
    const extra = e.issues ? { issues: e.issues, ...(e.code === 'unknown_fields' ? { unknown_fields: e.issues.map((i) => i.field) } : {}) } : {}
    return sendError(reply, e.statusCode, e.code, e.detail, extra, e.headers)
  }
}
