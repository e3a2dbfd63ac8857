import { readFile } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { DeleteResponse, HealthResponse, JobsListResponse, StopResponse } from '../../../shared/api-responses'
import { JOB_IMAGES, sampleIndexOf, type JobImageName, type JobStatus } from '../../../shared/job-status'
import type { JobService } from '../jobs/job-service'
import type { ModelService } from '../models/model-service'
import { summaryOf } from '../jobs/job-view'
import { JOB_ID_PATTERN } from '../jobs/stored-job'
import type { SystemMetricsSampler } from '../system/system-metrics'
import { openEventStream } from './event-stream'
import { checkFontName, fontFileForApi, listFontsForApi } from './font-access'
import { handleGenerate } from './generate-route'
import { generalHelp, parametersHelp } from './help'
import { sendBytes, sendError, sendJson, sendNotFound } from './http-util'
import { JOB_INPUT_ROUTES } from './job-inputs'
import { MODEL_ROUTES } from './model-routes'

export interface RouteContext {
  jobs: JobService
  metrics: SystemMetricsSampler
  version: string
  /** The model manager (GET /models ...); absent, its routes answer 404. */
  models?: ModelService
}

export type Handler = (req: IncomingMessage, res: ServerResponse, ctx: RouteContext, params: string[], query: URLSearchParams) => Promise<void> | void

export interface Route {
  method: string
  pattern: RegExp
  handler: Handler
}

/** The API's routes; a job id that is not a UUID never matches a job (and never reaches a path). */
const ROUTES: Route[] = [
  { method: 'POST', pattern: /^\/generate$/, handler: (req, res, c) => handleGenerate(req, res, c.jobs, checkFontName, c.models?.modelsDir) },
  { method: 'GET', pattern: /^\/status\/([^/]+)$/, handler: status },
  { method: 'POST', pattern: /^\/stop\/([^/]+)$/, handler: stop },
  { method: 'GET', pattern: /^\/jobs$/, handler: list },
  { method: 'DELETE', pattern: /^\/jobs\/([^/]+)$/, handler: remove },
  { method: 'GET', pattern: /^\/jobs\/([^/]+)\/images\/([^/]+)\.png$/, handler: image },
  { method: 'GET', pattern: /^\/jobs\/([^/]+)\/samples\/([^/]+)\.png$/, handler: sample },
  { method: 'GET', pattern: /^\/events$/, handler: (req, res, c, _p, q) => openEventStream(req, res, (l) => c.jobs.on(l), q.get('job_id'), c.models && ((l) => c.models!.on(l))) },
  { method: 'GET', pattern: /^\/fonts$/, handler: async (_q, res) => sendJson(res, 200, await listFontsForApi()) },
  { method: 'GET', pattern: /^\/fonts\/files\/(.+)$/, handler: fontFile },
  { method: 'GET', pattern: /^\/health$/, handler: health },
  { method: 'GET', pattern: /^\/help$/, handler: (_q, res, c) => sendJson(res, 200, generalHelp(c.version)) },
  { method: 'GET', pattern: /^\/help\/parameters$/, handler: (_q, res) => sendJson(res, 200, parametersHelp()) },
  ...MODEL_ROUTES,
  ...JOB_INPUT_ROUTES,
]

/** The route for a request, `method_not_allowed` when only the method is wrong, or null. */
export function matchRoute(method: string, path: string): { handler: Handler; params: string[] } | { allow: string[] } | null {
  const allow: string[] = []
  for (const r of ROUTES) {
    const m = r.pattern.exec(path)
    if (!m) continue
    if (r.method === method) return { handler: r.handler, params: m.slice(1) }
    allow.push(r.method)
  }
  return allow.length ? { allow } : null
}

const knownJob = (c: RouteContext, id: string) => (JOB_ID_PATTERN.test(id) ? c.jobs.get(id) : undefined)

async function status(_req: IncomingMessage, res: ServerResponse, c: RouteContext, [id]: string[], q: URLSearchParams): Promise<void> {
  const j = knownJob(c, id)
  const view = j && c.jobs.status(id, c.metrics.sample())
  if (!j || !view) return sendNotFound(res)
  const withImages = !['false', '0', 'no'].includes((q.get('images') ?? '').toLowerCase())
  const body: JobStatus = { ...view }
  if (withImages) {
    const b64 = async (name: JobImageName) =>
      j.stored.images.includes(name) ? (await readFile(c.jobs.store.imagePath(id, name)).catch(() => null))?.toString('base64') ?? null : null
    body.step1_result = await b64('step1')
    body.step2_result = await b64('step2')
    body.final_result = await b64('final')
  }
  sendJson(res, 200, body)
}

async function stop(_req: IncomingMessage, res: ServerResponse, c: RouteContext, [id]: string[]): Promise<void> {
  if (!knownJob(c, id)) return sendNotFound(res)
  const state = await c.jobs.stop(id)
  if (!state) return sendNotFound(res)
  sendJson(res, 200, { job_id: id, status: state } satisfies StopResponse)
}

async function remove(_req: IncomingMessage, res: ServerResponse, c: RouteContext, [id]: string[]): Promise<void> {
  if (!knownJob(c, id)) return sendNotFound(res)
  const r = await c.jobs.delete(id)
  if (r === 'running') return sendError(res, 400, 'job_running', 'Cannot delete running job. Stop it first.')
  if (!r) return sendNotFound(res)
  sendJson(res, 200, { job_id: id, status: 'deleted' } satisfies DeleteResponse)
}

function list(_req: IncomingMessage, res: ServerResponse, c: RouteContext): void {
  const n = c.jobs.counts()
  const body: JobsListResponse = {
    total_jobs: n.total,
    active_jobs: n.active,
    queued_jobs: n.queued,
    completed_jobs: n.completed,
    failed_jobs: n.failed,
    stopped_jobs: n.stopped,
    jobs: c.jobs.list().map((j) => summaryOf(j, c.jobs.queuePosition(j.stored.job_id))),
  }
  sendJson(res, 200, body)
}

async function image(_req: IncomingMessage, res: ServerResponse, c: RouteContext, [id, name]: string[]): Promise<void> {
  const j = knownJob(c, id)
  if (!j) return sendNotFound(res)
  const img = name as JobImageName
  if (!JOB_IMAGES.includes(img) || !j.stored.images.includes(img))
    return sendError(res, 404, 'not_found', `Image not found (this job has: ${j.stored.images.join(', ') || 'none yet'})`)
  const bytes = await readFile(c.jobs.store.imagePath(id, img)).catch(() => null)
  if (!bytes) return sendError(res, 404, 'not_found', 'Image not found')
  sendBytes(res, 200, bytes, 'image/png')
}

/** GET /jobs/{id}/samples/{n}.png: scene variation n (1-based) of a job, once written. */
async function sample(_req: IncomingMessage, res: ServerResponse, c: RouteContext, [id, n]: string[]): Promise<void> {
  const j = knownJob(c, id)
  if (!j) return sendNotFound(res)
  const index = sampleIndexOf(`sample-${n}`)
  const have = j.stored.samples.map((x) => x.index)
  if (index === null || !have.includes(index))
    return sendError(res, 404, 'not_found', `Sample not found (this job has: ${have.join(', ') || 'none'})`)
  const bytes = await readFile(c.jobs.store.samplePath(id, index)).catch(() => null)
  if (!bytes) return sendError(res, 404, 'not_found', 'Sample not found')
  sendBytes(res, 200, bytes, 'image/png')
}

function health(_req: IncomingMessage, res: ServerResponse, c: RouteContext): void {
  const n = c.jobs.counts()
  const workers = c.jobs.runner.workers()
  const up = workers.some((w) => w.state === 'idle' || w.state === 'busy' || w.state === 'starting')
  const body: HealthResponse = {
    status: up ? 'healthy' : 'degraded',
    server_time: Date.now() / 1000,
    total_jobs: n.total,
    active_jobs: n.active,
    queued_jobs: n.queued,
    system_metrics: c.metrics.sample(),
    workers,
    version: c.version,
  }
  sendJson(res, 200, body)
}

/** GET /fonts/files/{font_name}: the font's bytes for previews; a name outside the font roots is 404. */
async function fontFile(_req: IncomingMessage, res: ServerResponse, _c: RouteContext, [raw]: string[]): Promise<void> {
  let name: string
  try {
    name = raw.split('/').map(decodeURIComponent).join('/')
  } catch {
    return sendError(res, 404, 'not_found', 'Font not found')
  }
  const font = await fontFileForApi(name)
  if ('ok' in font) return sendError(res, 404, 'not_found', font.message)
  sendBytes(res, 200, font.bytes, font.type)
}
