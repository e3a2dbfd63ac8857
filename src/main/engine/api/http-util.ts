import type { IncomingMessage } from 'node:http'
import type { FastifyReply } from 'fastify'
import type { ErrorResponse } from '../../../shared/api-responses'
import { ERROR_CODES } from '../../../shared/error-codes'
import type { Failure } from '../../../shared/result'

/** Headers on every API answer: nothing is cached (job state changes), nothing is sniffed as HTML. */
export const COMMON_HEADERS = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } as const

/**
 * A refusal thrown (or passed to `done`) anywhere in a request: the error formatter of the route's
 * API family turns it into that family's shape (nanoCocoa `{detail, code}`, OpenAI `{error}`, ...).
 */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly detail: string,
    readonly issues?: { field: string; rule: string }[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail)
  }

  static from(f: Failure): ApiError {
    return new ApiError(ERROR_CODES[f.code].http, f.code, f.message, f.issues)
  }
}

/** An error answer: `detail` as FastAPI (and so nanoCocoa) sends it, plus a code and the fields. */
export function sendError(reply: FastifyReply, status: number, code: string, detail: string, extra: Partial<ErrorResponse> = {}, headers: Record<string, string> = {}): void {
  reply.code(status).headers(headers).send({ detail, code, ...extra } satisfies ErrorResponse)
}

/** A validation or engine Failure, answered with the HTTP status its code maps to (error-codes.ts). */
export function sendFailure(reply: FastifyReply, f: Failure): void {
  const extra: Partial<ErrorResponse> = f.issues ? { issues: f.issues } : {}
  if (f.code === 'unknown_fields' && f.issues) extra.unknown_fields = f.issues.map((i) => i.field)
  sendError(reply, ERROR_CODES[f.code].http, f.code, f.message, extra)
}

export const sendNotFound = (reply: FastifyReply) => sendError(reply, 404, 'not_found', 'Job not found')

/**
 * After answering a request whose body was not read (413, 415, 401), the rest is read and thrown
 * away, so the client can read our answer instead of meeting a reset connection; past `capBytes`
 * the connection is cut, so nobody can keep us reading forever.
 */
export function discardBody(req: IncomingMessage, capBytes = 256 * 1024 * 1024): void {
  if (req.complete || req.readableEnded) return
  let seen = 0
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length
    if (seen > capBytes) req.destroy()
  })
  req.on('error', () => undefined)
  req.resume()
}
