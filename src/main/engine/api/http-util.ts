import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ErrorResponse } from '../../../shared/api-responses'
import { ERROR_CODES } from '../../../shared/error-codes'
import type { Failure } from '../../../shared/result'

/** Headers on every answer: nothing is cached (job state changes), nothing is sniffed as HTML. */
const COMMON = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' }

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return void res.end()
  const text = JSON.stringify(body)
  res.writeHead(status, { ...COMMON, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers })
  res.end(text)
}

export function sendBytes(res: ServerResponse, status: number, bytes: Uint8Array, type: string): void {
  res.writeHead(status, { ...COMMON, 'Content-Type': type, 'Content-Length': bytes.byteLength })
  res.end(bytes)
}

/** An error answer: `detail` as FastAPI (and so nanoCocoa) sends it, plus a code and the fields. */
export function sendError(res: ServerResponse, status: number, code: string, detail: string, extra: Partial<ErrorResponse> = {}, headers: Record<string, string> = {}): void {
  sendJson(res, status, { detail, code, ...extra } satisfies ErrorResponse, headers)
}

/** A validation or engine Failure, answered with the HTTP status its code maps to (error-codes.ts). */
export function sendFailure(res: ServerResponse, f: Failure): void {
  const status = ERROR_CODES[f.code].http
  const extra: Partial<ErrorResponse> = f.issues ? { issues: f.issues } : {}
  if (f.code === 'unknown_fields' && f.issues) extra.unknown_fields = f.issues.map((i) => i.field)
  sendError(res, status, f.code, f.message, extra)
}

export const sendNotFound = (res: ServerResponse) => sendError(res, 404, 'not_found', 'Job not found')

/**
 * After answering a request whose body was not read (413, 415, 401), the rest is read and thrown
 * away, so the client can read our answer instead of meeting a reset connection; past `capBytes`
 * the connection is cut, so nobody can keep us reading forever.
 */
export function discardBody(req: IncomingMessage, capBytes = 256 * 1024 * 1024): void {
  let seen = 0
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length
    if (seen > capBytes) req.destroy()
  })
  req.on('error', () => undefined)
  req.resume()
}
