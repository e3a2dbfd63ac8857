import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { JobService } from '../jobs/job-service'
import type { ModelService } from '../models/model-service'
import type { SystemMetricsSampler } from '../system/system-metrics'
import { discardBody, sendError } from './http-util'
import { matchRoute, type RouteContext } from './routes'
import { bearerMatches } from './token'

/**
 * Serves files for GET/HEAD paths that are not API routes (the desktop issue serves the renderer
 * this way). Called before the token check, since a page must load before it can know the token:
 * it must serve public static assets only. Answers true when it handled the request.
 */
export type StaticHandler = (req: IncomingMessage, res: ServerResponse, path: string) => boolean | Promise<boolean>

export interface ApiServerOptions {
  jobs: JobService
  metrics: SystemMetricsSampler
  token: string
  version: string
  /** The model manager behind /models (and model events on /events); without it those answer 404. */
  models?: ModelService
  staticFiles?: StaticHandler
  log?: (level: 'info' | 'warn' | 'error', message: string) => void
}

export interface RunningServer {
  server: Server
  port: number
  url: string
  close(): Promise<void>
}

/** The local HTTP API: 127.0.0.1 only, a bearer token on every request, same-origin only. */
export async function startApiServer(opts: ApiServerOptions, port: number): Promise<RunningServer> {
  const ctx: RouteContext = { jobs: opts.jobs, metrics: opts.metrics, version: opts.version, models: opts.models }
  let actualPort = port
  const server = createServer((req, res) => {
    handle(req, res, ctx, opts, actualPort).catch((e) => {
      // Only a bug gets here: bad input is answered 4xx by the handlers. The server stays up.
      opts.log?.('error', `${req.method} ${req.url}: ${(e as Error).stack ?? e}`)
      if (!res.headersSent) sendError(res, 500, 'internal', 'internal error (see the server log)')
      else res.destroy()
    })
  })
  // A malformed request line or header: answer 400 and close, never crash.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
    else socket.destroy()
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  actualPort = (server.address() as AddressInfo).port
  return {
    server,
    port: actualPort,
    url: `http://127.0.0.1:${actualPort}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections() // open /events streams would keep close() waiting forever
      }),
  }
}

async function handle(req: IncomingMessage, res: ServerResponse, ctx: RouteContext, opts: ApiServerOptions, port: number): Promise<void> {
  const method = req.method ?? 'GET'
  // Another site's page must not drive the API through the user's browser (DNS rebinding or a
  // cross-origin form); pages served by this server itself are same-origin and pass.
  const own = [`127.0.0.1:${port}`, `localhost:${port}`]
  if (!own.includes((req.headers.host ?? '').toLowerCase())) return refuse(req, res, 421, 'misdirected_request', 'this server only answers requests addressed to 127.0.0.1 or localhost')
  const origin = req.headers.origin
  if (origin !== undefined && !own.some((h) => origin.toLowerCase() === `http://${h}`))
    return refuse(req, res, 403, 'forbidden_origin', `requests from other origins are not allowed (${origin.slice(0, 100)})`)

  let url: URL
  try {
    url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
  } catch {
    return refuse(req, res, 400, 'invalid_request', 'the request URL is malformed')
  }
  const route = matchRoute(method, url.pathname)
  if (!route && (method === 'GET' || method === 'HEAD') && opts.staticFiles && (await opts.staticFiles(req, res, url.pathname))) return
  if (!bearerMatches(req.headers.authorization, opts.token))
    return refuse(req, res, 401, 'unauthorized', 'Not authenticated: send the header "Authorization: Bearer <token>" (adstudio serve prints the token)', { 'WWW-Authenticate': 'Bearer' })
  if (!route) return refuse(req, res, 404, 'not_found', `no such endpoint: ${method} ${url.pathname.slice(0, 200)} (GET /help lists them)`)
  if ('allow' in route) return refuse(req, res, 405, 'method_not_allowed', `${method} is not allowed here; use ${route.allow.join(' or ')}`, { Allow: route.allow.join(', ') })
  await route.handler(req, res, ctx, route.params.map(safeDecode), url.searchParams)
}

/** Answers without reading a body the client may still be sending (thrown away, bounded). */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, code: string, detail: string, headers: Record<string, string> = {}): void {
  if (!req.complete) discardBody(req)
  sendError(res, status, code, detail, {}, headers)
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}
