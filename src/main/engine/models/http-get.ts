/**
 * GET with manual redirects. Manual, because the Hub answers a file request with a redirect to its
 * CDN and puts the file's SHA-256 (X-Linked-Etag) and size on that first response; the token is sent
 * only to the host it was meant for, never to the CDN.
 *
 * One request is made by a transport: in the CLI and the server, undici on one process-wide
 * EnvHttpProxyAgent (HTTP_PROXY / HTTPS_PROXY / NO_PROXY, the OS certificate store added to Node's,
 * keep-alive sockets reused without adding a listener per request); in the desktop app, Chromium's
 * network stack (its proxy settings, PAC and certificates), installed by the shell with
 * setHttpTransport (src/main/shell/chromium-transport.ts).
 */
import type { IncomingHttpHeaders } from 'node:http'
import type { Readable } from 'node:stream'
import { getCACertificates } from 'node:tls'
import { EnvHttpProxyAgent, errors, request, type Dispatcher } from 'undici'
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
  body: Readable
}

/** One GET, redirects not followed; the body errors out after `idleTimeoutMs` without a byte. */
export type HttpTransport = (url: URL, init: { headers: Record<string, string>; signal?: AbortSignal; idleTimeoutMs: number }) => Promise<{ status: number; headers: IncomingHttpHeaders; body: Readable }>

let installed: HttpTransport | null = null
let agent: EnvHttpProxyAgent | null = null

/** The desktop shell installs Chromium's network stack here; null goes back to undici. */
export function setHttpTransport(t: HttpTransport | null): void {
  installed = t
}

/** Node's own CAs (bundled + NODE_EXTRA_CA_CERTS) plus the operating system's: corporate roots included. */
function trustedCAs(): string[] | undefined {
  try {
    return [...new Set([...getCACertificates('default'), ...getCACertificates('system')])]
  } catch {
    return undefined // a Node without getCACertificates: Node's defaults
  }
}

/** Read once per process: proxy variables and certificates do not change under a running pull. */
function sharedAgent(): EnvHttpProxyAgent {
  agent ??= new EnvHttpProxyAgent({ connect: { ca: trustedCAs() } })
  return agent
}

/** undici on `dispatcher` (the shared env-proxy agent unless a test passes its own). */
export function undiciTransport(dispatcher?: Dispatcher): HttpTransport {
  return async (url, init) => {
    try {
      const res = await request(url, {
        method: 'GET',
        headers: init.headers,
        signal: init.signal,
        dispatcher: dispatcher ?? sharedAgent(),
        headersTimeout: init.idleTimeoutMs,
        bodyTimeout: init.idleTimeoutMs,
      })
      return { status: res.statusCode, headers: res.headers, body: res.body }
    } catch (e) {
      if (e instanceof errors.HeadersTimeoutError) throw new Error(`no answer from ${url.host} for ${init.idleTimeoutMs / 1000} s`)
      throw e
    }
  }
}

const defaultTransport = undiciTransport()

export async function httpGet(rawUrl: string, opts: GetOptions = {}): Promise<GetResponse> {
  const transport = installed ?? defaultTransport
  let url = new URL(rawUrl)
  const origin = url.host
  let first: IncomingHttpHeaders | null = null
  for (let hop = 0; hop <= (opts.maxRedirects ?? 5); hop++) {
    const headers: Record<string, string> = { 'user-agent': 'adstudio-model-manager/1', ...opts.headers }
    if (url.host !== origin) {
      delete headers.authorization
      delete headers.Authorization
    }
    let res: Awaited<ReturnType<HttpTransport>>
    try {
      res = await transport(url, { headers, signal: opts.signal, idleTimeoutMs: opts.idleTimeoutMs ?? 30_000 })
    } catch (e) {
      if (opts.signal?.aborted) throw opts.signal.reason ?? e
      throw new EngineError('model_unavailable', `cannot reach ${url.host}: ${describe(e)} (check the network, the proxy or the mirror setting)`)
    }
    first ??= res.headers
    const location = res.headers.location
    if (res.status >= 300 && res.status < 400 && typeof location === 'string' && location) {
      res.body.resume()
      url = new URL(location, url)
      continue
    }
    return { status: res.status, headers: res.headers, firstHeaders: first, url: url.toString(), body: res.body }
  }
  throw new EngineError('model_unavailable', `too many redirects from ${rawUrl}`)
}

/** undici wraps the socket error ("fetch failed" style); the cause says what happened. */
function describe(e: unknown): string {
  if (!(e instanceof Error)) return String(e)
  const cause = (e as { cause?: unknown }).cause
  return cause instanceof Error && cause.message && !e.message.includes(cause.message) ? `${e.message} (${cause.message})` : e.message
}

/** Reads a whole (small) body as text. */
export async function readText(res: Readable, limit = 8 << 20): Promise<string> {
  const chunks: Buffer[] = []
  let n = 0
  for await (const c of res) {
    n += (c as Buffer).length
    if (n > limit) {
      res.destroy()
      throw new EngineError('model_unavailable', 'answer too large')
    }
    chunks.push(c as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}
