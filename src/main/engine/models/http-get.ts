/**
 * GET with manual redirects over node:http/https. Manual, because the Hub answers a file request
 * with a redirect to its CDN and puts the file's SHA-256 (X-Linked-Etag) and size on that first
 * response; the token is sent only to the host it was meant for, never to the CDN.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { EngineError } from '../errors'

export interface GetOptions {
  headers?: Record<string, string>
  signal?: AbortSignal
  /** Milliseconds without any byte before the request is abandoned. */
  idleTimeoutMs?: number
  maxRedirects?: number
}

export interface GetResponse {
  status: number
  headers: IncomingHttpHeaders
  /** Headers of the first response in the redirect chain (the Hub's own). */
  firstHeaders: IncomingHttpHeaders
  url: string
  body: IncomingMessage
}

function once(url: URL, headers: Record<string, string>, opts: GetOptions): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method: 'GET', headers, signal: opts.signal }, resolve)
    req.setTimeout(opts.idleTimeoutMs ?? 30_000, () => req.destroy(new Error(`no answer from ${url.host} for ${(opts.idleTimeoutMs ?? 30_000) / 1000} s`)))
    req.on('error', reject)
    req.end()
  })
}

export async function httpGet(rawUrl: string, opts: GetOptions = {}): Promise<GetResponse> {
  let url = new URL(rawUrl)
  const origin = url.host
  let first: IncomingHttpHeaders | null = null
  for (let hop = 0; hop <= (opts.maxRedirects ?? 5); hop++) {
    const headers = { 'user-agent': 'adstudio-model-manager/1', ...opts.headers }
    if (url.host !== origin) delete (headers as Record<string, string>).authorization
    let res: IncomingMessage
    try {
      res = await once(url, headers, opts)
    } catch (e) {
      if (opts.signal?.aborted) throw opts.signal.reason ?? e
      throw new EngineError('model_unavailable', `cannot reach ${url.host}: ${e instanceof Error ? e.message : String(e)} (check the network or the mirror setting)`)
    }
    first ??= res.headers
    const status = res.statusCode ?? 0
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume()
      url = new URL(res.headers.location, url)
      continue
    }
    // A slow body must still time out: the socket's idle timer covers the whole transfer.
    res.socket?.setTimeout(opts.idleTimeoutMs ?? 30_000, () => res.destroy(new Error('the transfer stalled')))
    return { status, headers: res.headers, firstHeaders: first, url: url.toString(), body: res }
  }
  throw new EngineError('model_unavailable', `too many redirects from ${rawUrl}`)
}

/** Reads a whole (small) body as text. */
export async function readText(res: IncomingMessage, limit = 8 << 20): Promise<string> {
  const chunks: Buffer[] = []
  let n = 0
  for await (const c of res) {
    n += (c as Buffer).length
    if (n > limit) throw new EngineError('model_unavailable', 'answer too large')
    chunks.push(c as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}
