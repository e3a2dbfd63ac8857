import type { IncomingMessage } from 'node:http'
import type { FastifyInstance } from 'fastify'
import { ApiError, discardBody } from './http-util'

/** The largest request body read (two full-size base64 images fit; seed-002 clients send one): limits.ts. */
export { MAX_BODY_BYTES } from '../../../shared/limits'
import { formatMegabytes, MAX_BODY_BYTES } from '../../../shared/limits'

export type BodyResult =
  | { ok: true; value: unknown }
  | { ok: false; status: 400 | 413 | 415; code: string; detail: string }

const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json$/i

/**
 * Reads a JSON request body. The media type is checked before a byte is read (415), the declared
 * length before reading (413), and the running total while reading: buffering stops at the limit
 * and the request is answered at once, so a huge upload never fills memory.
 */
export function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim()
  // No Content-Type at all is read as JSON (some clients omit it); a different type is refused.
  if (type && !JSON_TYPE.test(type)) {
    discardBody(req)
    return Promise.resolve({ ok: false, status: 415, code: 'unsupported_media_type', detail: `Content-Type must be application/json (got ${type.slice(0, 100)})` })
  }
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) {
    discardBody(req)
    return Promise.resolve(tooLarge(declared, limit))
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    const finish = (r: BodyResult) => {
      if (done) return
      done = true
      resolve(r)
    }
    req.on('data', (chunk: Buffer) => {
      if (done) return
      size += chunk.length
      if (size > limit) {
        chunks.length = 0
        req.removeAllListeners('data')
        discardBody(req)
        return finish(tooLarge(size, limit))
      }
      chunks.push(chunk)
    })
    req.on('error', () => finish({ ok: false, status: 400, code: 'invalid_request', detail: 'the request body could not be read (connection error)' }))
    req.on('end', () => finish(parse(Buffer.concat(chunks, size))))
  })
}

function tooLarge(size: number, limit: number): BodyResult {
  return { ok: false, status: 413, code: 'payload_too_large', detail: `the request body is larger than ${formatMegabytes(limit)} (at least ${formatMegabytes(size)}); send smaller images` }
}

function parse(bytes: Buffer): BodyResult {
  if (bytes.length === 0) return { ok: false, status: 400, code: 'invalid_request', detail: 'body: must be a JSON object (the request body is empty)' }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return { ok: false, status: 400, code: 'invalid_request', detail: 'body: is not valid UTF-8 text' }
  }
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) }
  } catch (e) {
    return { ok: false, status: 400, code: 'invalid_request', detail: `body: malformed JSON (${(e as Error).message.slice(0, 200)})` }
  }
}

/** A body that was refused while reading: carried to the preValidation hook, which throws it. */
class RefusedBody {
  constructor(readonly error: ApiError) {}
}

/**
 * Every request body of the API goes through readJsonBody (one parser for every media type, so a
 * form or multipart body gets our 415 naming application/json, not a framework message). A route
 * sets a smaller `bodyLimit` where its bodies are small. A refusal is not handed to Fastify as a
 * parser error, since Fastify then closes the connection while the client may still be sending
 * (it would see a reset, not our 413): it is thrown from preValidation while the rest is discarded.
 */
export function useJsonBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', (request, _payload, done) => {
    readJsonBody(request.raw, request.routeOptions.bodyLimit ?? MAX_BODY_BYTES).then(
      (r) => done(null, r.ok ? r.value : new RefusedBody(new ApiError(r.status, r.code, r.detail))),
      (e: Error) => done(e),
    )
  })
  app.addHook('preValidation', async (request) => {
    if (request.body instanceof RefusedBody) throw request.body.error
  })
}
