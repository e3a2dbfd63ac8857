import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import type { JobService } from '../jobs/job-service'
import type { ModelService } from '../models/model-service'
import type { SystemMetricsSampler } from '../system/system-metrics'
import { guardHook, refuse, unauthorized } from './guard'
import { nanoCocoaErrors, type Log } from './error-format'
import { ApiError } from './http-util'
import { deskRoutes } from './desk-routes'
import { jobInputRoutes } from './job-inputs'
import { karloRoutes } from './karlo-routes'
import { storyRoutes } from './story-routes'
import type { WebhookSettings } from './webhooks'
import { openAiRoutes } from './openai-routes'
import { defaultModelsDir } from '../models/model-dirs'
import { modelRoutes } from './model-routes'
import { registerOpenApi } from './openapi'
import { MAX_BODY_BYTES, useJsonBodies } from './read-body'
import { nanoCocoaRoutes, type RouteContext } from './routes'
import type { StaticHandler } from './static-files'
import { bearerMatches } from './token'
import type { BullRunner } from '../queue/bull-runner'
import { workerRoutes } from './worker-routes'
import { plainSerializerCompiler, zodValidatorCompiler } from './validation'

export type { StaticHandler } from './static-files'
export type { Log } from './error-format'


export interface ApiServerOptions {
  jobs: JobService
  metrics: SystemMetricsSampler
  token: string
  version: string
  /** The model manager behind /models (and model events on /events); without it those answer 404. */
  models?: ModelService
  /** Serves the editor's files for GET/HEAD paths that are not API routes (serve --ui). */
  staticFiles?: StaticHandler
  /** The user's model aliases for the image APIs (alias → installed diffusion model id). */
  modelAliases?: Record<string, string>
  /** How long an image API request waits for its images before answering asynchronously. */
  imageWaitMs?: number
  /** Webhook signing secret, allow-list and retries (seed 001); without them webhook_url is refused. */
  webhooks?: WebhookSettings
  log?: Log
  /** `serve --queue`: the routes remote workers call, with their own token (worker-routes.ts). */
  worker?: { runner: BullRunner; token: string }
}

export interface RunningServer {
  server: Server
  port: number
  url: string
  close(): Promise<void>
}

/** The local HTTP API: 127.0.0.1 only, a bearer token on every request, same-origin only. */
export async function startApiServer(opts: ApiServerOptions, port: number, host = '127.0.0.1'): Promise<RunningServer> {
  let actualPort = port
  const app = await buildApiApp(opts, () => actualPort)
  // Another host (serve --queue --host) is for remote workers: only their routes accept a foreign Host.
  await app.listen({ port, host })
  actualPort = (app.server.address() as AddressInfo).port
  return { server: app.server, port: actualPort, url: `http://127.0.0.1:${actualPort}`, close: () => app.close() }
}

/**
 * The API as a Fastify instance: the guard hook (Host, Origin, token) in front of every route, one
 * JSON body reader, zod schemas on the routes (validation and /openapi.json), and nanoCocoa's
 * `{detail, code}` error shape for its routes and for whatever matches no route.
 */
export async function buildApiApp(opts: ApiServerOptions, port: () => number): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: MAX_BODY_BYTES,
    maxParamLength: 1000,
    // open /events streams would keep close() waiting forever
    forceCloseConnections: true,
    return503OnClosing: true,
  })
  app.setValidatorCompiler(zodValidatorCompiler)
  app.setSerializerCompiler(plainSerializerCompiler)
  useJsonBodies(app)
  app.setErrorHandler(nanoCocoaErrors(opts.log))
  app.addHook('onRequest', guardHook({ token: opts.token, port }))

  // Every route's methods, for 405 answers naming the allowed ones.
  const known: { pattern: RegExp; methods: string[] }[] = []
  app.addHook('onRoute', (r) => {
    known.push({ pattern: routePattern(r.url ?? r.path), methods: ([] as string[]).concat(r.method) })
  })
  await registerOpenApi(app, opts.version)

  const images = { jobs: opts.jobs, token: opts.token, modelsDir: opts.models?.modelsDir ?? defaultModelsDir(), aliases: opts.modelAliases, syncWaitMs: opts.imageWaitMs, log: opts.log }
  const ctx: RouteContext = { jobs: opts.jobs, metrics: opts.metrics, version: opts.version, models: opts.models, images }
  await app.register(nanoCocoaRoutes(ctx))
  await app.register(jobInputRoutes(ctx.jobs))
  await app.register(modelRoutes(opts.models))
  await app.register(openAiRoutes(images))
  await app.register(karloRoutes(images))
  await app.register(storyRoutes(images))
  await app.register(deskRoutes({ ...images, version: opts.version, webhooks: opts.webhooks, port }))
  if (opts.worker) await app.register(workerRoutes({ jobs: opts.jobs, runner: opts.worker.runner, token: opts.worker.token, version: opts.version }))

  app.setNotFoundHandler(async (request: FastifyRequest, reply: FastifyReply) => {
    let path: string
    try {
      path = new URL(request.url, 'http://127.0.0.1').pathname
    } catch {
      throw refuse(request, new ApiError(400, 'invalid_request', 'the request URL is malformed'))
    }
    if ((request.method === 'GET' || request.method === 'HEAD') && opts.staticFiles && (await opts.staticFiles(request, reply, path))) return reply
    if (!bearerMatches(request.headers.authorization, opts.token)) throw refuse(request, unauthorized())
    const allow = [...new Set(known.filter((k) => k.pattern.test(path)).flatMap((k) => k.methods))]
    if (allow.length) throw refuse(request, new ApiError(405, 'method_not_allowed', `${request.method} is not allowed here; use ${allow.join(' or ')}`, undefined, { Allow: allow.join(', ') }))
    throw refuse(request, new ApiError(404, 'not_found', `no such endpoint: ${request.method} ${path.slice(0, 200)} (GET /help lists them)`))
  })
  await app.ready()
  return app
}

/** `/jobs/:job_id/images/:file` → a regex for concrete paths. */
function routePattern(url: string): RegExp {
  const body = url
    .split('/')
    .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg === '*' ? '.*' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/')
  return new RegExp(`^${body}$`)
}
