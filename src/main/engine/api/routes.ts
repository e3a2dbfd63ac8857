import { readFile } from 'node:fs/promises'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  busyResponseSchema,
  deleteResponseSchema,
  errorResponseSchema,
  fontsResponseSchema,
  generateResponseSchema,
  healthResponseSchema,
  jobsListResponseSchema,
  stopResponseSchema,
  type DeleteResponse,
  type HealthResponse,
  type JobsListResponse,
  type StopResponse,
} from '../../../shared/api-responses'
import { generateRequestSchema } from '../../../shared/generate-request'
import { isImageJobParams } from '../../../shared/image-job'
import { isStoryBody } from '../../../shared/story-api'
import { JOB_IMAGES, jobStatusSchema, sampleIndexOf, type JobImageName, type JobStatus } from '../../../shared/job-status'
import type { JobService } from '../jobs/job-service'
import { summaryOf } from '../jobs/job-view'
import { JOB_ID_PATTERN } from '../jobs/stored-job'
import type { ModelService } from '../models/model-service'
import type { SystemMetricsSampler } from '../system/system-metrics'
import { openEventStream } from './event-stream'
import { fontFileForApi, listFontsForApi } from './font-access'
import { handleGenerate } from './generate-route'
import { generalHelp, parametersHelp } from './help'
import { sendError, sendNotFound } from './http-util'
import type { ImageApiContext } from './openai-routes'
import { handleStory } from './story-routes'
import { passThrough } from './validation'

export interface RouteContext {
  jobs: JobService
  metrics: SystemMetricsSampler
  version: string
  /** The model manager (GET /models ...); absent, its routes answer 404. */
  models?: ModelService
  /** For story requests on POST /generate (seed 000). */
  images: ImageApiContext
}

const jobParams = z.object({ job_id: z.string().describe('the job id (a UUID)') })
const errors = { 400: errorResponseSchema, 404: errorResponseSchema }

/**
 * nanoCocoa's API (seed 002) and the job routes every API family shares. Schemas here document
 * the routes in /openapi.json; POST /generate keeps its own acceptance rules (acceptGenerateRequest,
 * shared with the CLI and IPC), so its body schema is documentation and the handler validates.
 * A job id that is not a UUID never matches a job (and never reaches a path).
 */
export function nanoCocoaRoutes(c: RouteContext) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>()
    const knownJob = (id: string) => (JOB_ID_PATTERN.test(id) ? c.jobs.get(id) : undefined)

    app.post('/generate', {
      schema: {
        summary: 'Start a job (nanoCocoa POST /generate); a body with session_id, game_mode or user_sentence is a story request (as POST /story/generate)',
        tags: ['nanoCocoa'],
        body: generateRequestSchema,
        response: { 200: generateResponseSchema, 400: errorResponseSchema, 422: errorResponseSchema, 503: busyResponseSchema },
      },
      validatorCompiler: passThrough,
      // seed 000's story requests share the path: a body with story fields is one (story-api.ts)
      handler: (req, reply) => (isStoryBody(req.body) ? handleStory(req.body, req, reply, c.images) : handleGenerate(req.body, reply, c.jobs, c.models?.modelsDir)),
    })

    app.get('/status/:job_id', {
      schema: {
        summary: 'A job’s progress and results',
        tags: ['jobs'],
        params: jobParams,
        querystring: z.object({ images: z.string().optional().describe('false, 0 or no: leave the base64 images out') }),
        response: { 200: jobStatusSchema, 404: errorResponseSchema },
      },
      handler: async (req, reply) => {
        const id = req.params.job_id
        const j = knownJob(id)
        const view = j && c.jobs.status(id, c.metrics.sample())
        if (!j || !view) return sendNotFound(reply)
        const withImages = !['false', '0', 'no'].includes((req.query.images ?? '').toLowerCase())
        const body: JobStatus = { ...view }
        if (withImages) {
          const b64 = async (name: JobImageName) =>
            j.stored.images.includes(name) ? (await readFile(c.jobs.store.imagePath(id, name)).catch(() => null))?.toString('base64') ?? null : null
          body.step1_result = await b64('step1')
          body.step2_result = await b64('step2')
          body.final_result = await b64('final')
        }
        return void reply.send(body)
      },
    })

    app.post('/stop/:job_id', {
      schema: { summary: 'Stop a job at its next sub-step', tags: ['jobs'], params: jobParams, response: { 200: stopResponseSchema, 404: errorResponseSchema } },
      handler: async (req, reply) => {
        const id = req.params.job_id
        if (!knownJob(id)) return sendNotFound(reply)
        const state = await c.jobs.stop(id)
        if (!state) return sendNotFound(reply)
        return void reply.send({ job_id: id, status: state } satisfies StopResponse)
      },
    })

    app.get('/jobs', {
      schema: { summary: 'Every job, with counts', tags: ['jobs'], response: { 200: jobsListResponseSchema } },
      handler: async (_req, reply) => {
        const n = c.jobs.counts()
        const body: JobsListResponse = {
          total_jobs: n.total,
          active_jobs: n.active,
          queued_jobs: n.queued,
          completed_jobs: n.completed,
          failed_jobs: n.failed,
          stopped_jobs: n.stopped,
          jobs: c.jobs.list().map((j) => ({ ...summaryOf(j, c.jobs.queuePosition(j.stored.job_id)), ...kindOf(j.params) })),
        }
        return void reply.send(body)
      },
    })

    app.delete('/jobs/:job_id', {
      schema: { summary: 'Delete a finished or queued job and its files', tags: ['jobs'], params: jobParams, response: { 200: deleteResponseSchema, ...errors } },
      handler: async (req, reply) => {
        const id = req.params.job_id
        if (!knownJob(id)) return sendNotFound(reply)
        const r = await c.jobs.delete(id)
        if (r === 'running') return sendError(reply, 400, 'job_running', 'Cannot delete running job. Stop it first.')
        if (!r) return sendNotFound(reply)
        return void reply.send({ job_id: id, status: 'deleted' } satisfies DeleteResponse)
      },
    })

    app.get('/jobs/:job_id/images/:file', {
      schema: {
        summary: 'One result image of a job as PNG',
        tags: ['jobs'],
        params: jobParams.extend({ file: z.string().describe(`${JOB_IMAGES.join(', ')} with .png`) }),
        response: { 200: z.any().describe('image/png'), 404: errorResponseSchema },
      },
      handler: async (req, reply) => {
        const j = knownJob(req.params.job_id)
        if (!j) return sendNotFound(reply)
        const img = req.params.file.replace(/\.png$/, '') as JobImageName
        if (!req.params.file.endsWith('.png') || !JOB_IMAGES.includes(img) || !j.stored.images.includes(img))
          return sendError(reply, 404, 'not_found', `Image not found (this job has: ${j.stored.images.join(', ') || 'none yet'})`)
        return png(reply, c.jobs.store.imagePath(j.stored.job_id, img), 'Image not found')
      },
    })

    app.get('/jobs/:job_id/samples/:file', {
      schema: {
        summary: 'Scene variation n (1-based) of a job, once written',
        tags: ['jobs'],
        params: jobParams.extend({ file: z.string().describe('{n}.png') }),
        response: { 200: z.any().describe('image/png'), 404: errorResponseSchema },
      },
      handler: async (req, reply) => {
        const j = knownJob(req.params.job_id)
        if (!j) return sendNotFound(reply)
        const index = req.params.file.endsWith('.png') ? sampleIndexOf(`sample-${req.params.file.slice(0, -4)}`) : null
        const have = j.stored.samples.map((x) => x.index)
        if (index === null || !have.includes(index)) return sendError(reply, 404, 'not_found', `Sample not found (this job has: ${have.join(', ') || 'none'})`)
        return png(reply, c.jobs.store.samplePath(j.stored.job_id, index), 'Sample not found')
      },
    })

    app.get('/events', {
      schema: {
        summary: 'Server-sent events: job progress and model downloads',
        tags: ['jobs'],
        querystring: z.object({ job_id: z.string().optional().describe('only this job’s events (and no model events)') }),
        response: { 200: z.any().describe('text/event-stream') },
      },
      handler: (req, reply) => {
        reply.hijack()
        openEventStream(req.raw, reply.raw, (l) => c.jobs.on(l), req.query.job_id ?? null, c.models && ((l) => c.models!.on(l)))
      },
    })

    app.get('/fonts', {
      schema: { summary: 'Values for font_name', tags: ['nanoCocoa'], response: { 200: fontsResponseSchema } },
      handler: async (_req, reply) => void reply.send(await listFontsForApi()),
    })

    app.get('/fonts/files/*', {
      schema: { summary: 'A font’s bytes, for previews', tags: ['nanoCocoa'], response: { 200: z.any().describe('font/ttf, font/otf, ...'), 404: errorResponseSchema } },
      handler: async (req, reply) => {
        const font = await fontFileForApi((req.params as { '*': string })['*'])
        if ('ok' in font) return sendError(reply, 404, 'not_found', font.message)
        return void reply.type(font.type).send(Buffer.from(font.bytes))
      },
    })

    app.get('/health', {
      schema: { summary: 'Server state, job counts, system metrics, engine workers', tags: ['nanoCocoa'], response: { 200: healthResponseSchema } },
      handler: async (_req, reply) => {
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
        return void reply.send(body)
      },
    })

    app.get('/help', { schema: { summary: 'The endpoints, workflows and error codes', tags: ['help'] }, handler: async (_req, reply) => void reply.send(generalHelp(c.version)) })
    app.get('/help/parameters', { schema: { summary: 'Every POST /generate field', tags: ['help'] }, handler: async (_req, reply) => void reply.send(parametersHelp()) })
  }
}

/** Which kind of job, from its params: image jobs say so (shared/image-job.ts), the rest are nanoCocoa ads. */
function kindOf(params: Record<string, unknown>): { kind: string; api: string } {
  return isImageJobParams(params) ? { kind: String(params.job_kind), api: String(params.api) } : { kind: 'ad', api: 'nanococoa' }
}

async function png(reply: FastifyReply, path: string, missing: string): Promise<void> {
  const bytes = await readFile(path).catch(() => null)
  if (!bytes) return sendError(reply, 404, 'not_found', missing)
  return void reply.type('image/png').send(bytes)
}
