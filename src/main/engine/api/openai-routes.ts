import fastifyMultipart from '@fastify/multipart'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { jobSampleUrl } from '../../../shared/job-status'
import { LIMITS } from '../../../shared/limits'
import { openAiErrorSchema, openAiImageEditRequestSchema, openAiImageRequestSchema, openAiImagesResponseSchema, openAiModelsResponseSchema, parseSize, type OpenAiError, type OpenAiImageEditRequest, type OpenAiImageRequest, type OpenAiImagesResponse } from '../../../shared/openai-images-api'
import { builtinCatalog } from '../models/catalog'
import type { JobService } from '../jobs/job-service'
import type { LiveJob } from '../jobs/job-view'
import { JOB_ID_PATTERN } from '../jobs/stored-job'
import { toApiError, type Log } from './error-format'
import { ApiError } from './http-util'
import { decodeImageField } from './image-input'
import { signedUrl } from './signed-urls'
import { chooseModel, diffusionModels, jobSamples, randomSeeds, submitImageJob, waitForJob } from './image-jobs'

export interface ImageApiContext {
  jobs: JobService
  /** Signs the image URLs handed out (signed-urls.ts). */
  token: string
  modelsDir: string
  /** The user's model aliases (alias → installed id). */
  aliases?: Record<string, string>
  /** How long a request waits for its images before answering asynchronously (default 60 s). */
  syncWaitMs?: number
  log?: Log
}

/** Prompt words per style (reported back as revised_prompt, as DALL-E 3 does). */
const STYLE_WORDS = { vivid: 'vivid colours, dramatic light, high contrast', natural: 'natural colours, soft realistic light' } as const

/** OpenAI's error types by status. */
function errorType(status: number): string {
  if (status === 401) return 'authentication_error'
  if (status === 404) return 'not_found_error'
  if (status === 429 || status === 503) return 'rate_limit_error'
  return status >= 500 ? 'server_error' : 'invalid_request_error'
}

/** The error formatter of this API family: OpenAI's `{error: {message, type, param, code}}`. */
export function openAiErrors(log?: Log) {
  return (err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const e = toApiError(err, request, log)
    const code = e.statusCode === 401 ? 'invalid_api_key' : e.code
    const body: OpenAiError = { error: { message: e.detail, type: errorType(e.statusCode), param: e.issues?.[0]?.field ?? null, code } }
    reply.code(e.statusCode).headers(e.headers).send(body)
  }
}

const STATUS = { queued: 'pending', running: 'processing', completed: 'completed', failed: 'failed', stopped: 'failed' } as const

/**
 * Seed 004 on the engine's text-to-image jobs. A request waits up to the server's wait budget for
 * its images (`Prefer: respond-async` answers at once, `Prefer: wait=<s>` sets a shorter wait);
 * if they are not ready it answers the seed's asynchronous shape and GET
 * /v1/images/generations/{task_id} reports the job.
 */
export function openAiRoutes(c: ImageApiContext) {
  return async (fastify: FastifyInstance): Promise<void> => {
    fastify.setErrorHandler(openAiErrors(c.log))
    const app = fastify.withTypeProvider<ZodTypeProvider>()
    const errors = { 400: openAiErrorSchema, 401: openAiErrorSchema, 404: openAiErrorSchema, 413: openAiErrorSchema, 503: openAiErrorSchema }

    /** The images if they are ready within the wait, else the seed's asynchronous shape. */
    const respond = async (id: string, model: string, req: FastifyRequest): Promise<OpenAiImagesResponse> => {
      const j = await waitForJob(c.jobs, id, waitMs(req, c.syncWaitMs ?? 60_000))
      if (j?.stored.status === 'completed') return answer(c.jobs, j, req, c.token)
      if (j) throw failure(j)
      return { created: createdOf(c.jobs.get(id)!), task_id: id, status: 'pending', poll_url: `/v1/images/generations/${id}`, data: [], model }
    }

    app.post('/v1/images/generations', {
      schema: { summary: 'Create images (OpenAI-compatible)', tags: ['openai'], body: openAiImageRequestSchema, response: { 200: openAiImagesResponseSchema, ...errors } },
      handler: async (req, reply) => {
        const body = req.body as OpenAiImageRequest
        const size = parseSize(body.size)
        if ('rule' in size) throw new ApiError(400, 'invalid_size', `size: ${size.rule}`, [{ field: 'size', rule: size.rule }])
        const model = await chooseModel('model', body.model, c.modelsDir, c.aliases)
        const defaults = builtinCatalog().models.find((m) => m.id === model.id)?.defaults
        const baseSteps = defaults?.steps ?? 20
        const revised = `${body.prompt.trim()}, ${STYLE_WORDS[body.style]}`
        const id = await submitImageJob(c.jobs, {
          job_kind: 'text-to-image',
          api: 'openai',
          model: model.id,
          prompt: revised,
          width: size.width,
          height: size.height,
          steps: Math.min(100, body.quality === 'hd' ? baseSteps * 2 : baseSteps),
          guidance: null,
          seeds: randomSeeds(body.n),
          revised_prompt: revised,
          api_meta: { response_format: body.response_format, requested_model: model.requested },
        })
        return void reply.send(await respond(id, model.id, req))
      },
    })

    // OpenAI's edits are multipart: parsed only in this plugin (the other APIs keep answering 415)
    await fastify.register(fastifyMultipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: MAX_UPLOAD_BYTES, files: 2, fields: 12, fieldSize: 64 * 1024 } })
    app.post('/v1/images/edits', {
      schema: { summary: 'Image-to-image from an uploaded picture (OpenAI-compatible, multipart)', tags: ['openai'], consumes: ['multipart/form-data'], body: openAiImageEditRequestSchema, response: { 200: openAiImagesResponseSchema, ...errors } },
      handler: async (req, reply) => {
        const body = req.body as OpenAiImageEditRequest
        const decoded = decodeImageField('image', Buffer.from(body.image).toString('base64'))
        if (!decoded.ok) throw ApiError.from(decoded)
        const init = decoded.value
        const clamp = (v: number) => Math.min(LIMITS.maxOutputSide, Math.max(LIMITS.minOutputSide, Math.round(v)))
        const size = body.size ? parseSize(body.size) : { width: clamp(init.info.width ?? 1024), height: clamp(init.info.height ?? 1024) }
        if ('rule' in size) throw new ApiError(400, 'invalid_size', `size: ${size.rule}`, [{ field: 'size', rule: size.rule }])
        const model = await chooseModel('model', body.model, c.modelsDir, c.aliases)
        const id = await submitImageJob(
          c.jobs,
          {
            job_kind: 'image-to-image',
            api: 'openai',
            model: model.id,
            prompt: body.prompt,
            width: size.width,
            height: size.height,
            steps: builtinCatalog().models.find((m) => m.id === model.id)?.defaults?.steps ?? 20,
            guidance: null,
            seeds: randomSeeds(body.n),
            strength: body.strength,
            revised_prompt: body.prompt,
            api_meta: { response_format: body.response_format, requested_model: model.requested },
          },
          init,
        )
        return void reply.send(await respond(id, model.id, req))
      },
    })

    app.get('/v1/images/generations/:task_id', {
      schema: { summary: 'Poll an image task', tags: ['openai'], params: z.object({ task_id: z.string() }), response: { 200: openAiImagesResponseSchema, ...errors } },
      handler: async (req, reply) => {
        const id = req.params.task_id
        const j = JOB_ID_PATTERN.test(id) ? c.jobs.get(id) : undefined
        if (!j || j.params.api !== 'openai') throw new ApiError(404, 'not_found', `no image task ${id.slice(0, 100)}`, [{ field: 'task_id', rule: 'is not a task of this server' }])
        const status = STATUS[j.stored.status]
        const base = { created: createdOf(j), task_id: id, status, model: String(j.params.model) }
        if (status === 'completed') return void reply.send({ ...(await answer(c.jobs, j, req, c.token)), ...base, error: null })
        const error = status === 'failed' ? { message: j.stored.error ?? j.stored.message, code: j.stored.error_code } : null
        return void reply.send({ ...base, data: [], error } satisfies OpenAiImagesResponse)
      },
    })

    app.get('/v1/models', {
      schema: { summary: 'Usable models and aliases', tags: ['openai'], response: { 200: openAiModelsResponseSchema } },
      handler: async (_req, reply) => {
        const m = await diffusionModels(c.modelsDir, c.aliases)
        const created = Math.floor(Date.now() / 1000)
        const data = [
          ...m.installed.map((id) => ({ id, object: 'model' as const, created, owned_by: 'adstudio (installed)' })),
          ...Object.entries(m.aliases).map(([id, to]) => ({ id, object: 'model' as const, created, owned_by: `adstudio (alias of ${to})` })),
        ]
        return void reply.send({ object: 'list' as const, data })
      },
    })
  }
}

/** Uploaded pictures: the same limit as a base64 image field. */
const MAX_UPLOAD_BYTES = Math.floor((LIMITS.maxBase64Chars * 3) / 4)

const createdOf = (j: LiveJob) => Math.floor(j.stored.created_at / 1000)

/** `Prefer: respond-async` → 0; `Prefer: wait=<s>` → at most that (RFC 7240); else the server's budget. */
function waitMs(req: FastifyRequest, budget: number): number {
  const prefer = String(req.headers.prefer ?? '').toLowerCase()
  if (/\brespond-async\b/.test(prefer)) return 0
  const m = /\bwait=(\d+)/.exec(prefer)
  return m ? Math.min(budget, Number(m[1]) * 1000) : budget
}

function failure(j: LiveJob): ApiError {
  if (j.stored.status === 'stopped') return new ApiError(409, 'stopped', `the image task was stopped (${j.stored.message})`)
  return new ApiError(500, j.stored.error_code ?? 'internal', `the image task failed: ${j.stored.error ?? j.stored.message}`)
}

/** The finished job in OpenAI's shape: one entry per image, as a URL of this server or base64. */
async function answer(jobs: JobService, j: LiveJob, req: FastifyRequest, token: string): Promise<OpenAiImagesResponse> {
  const meta = (j.params.api_meta ?? {}) as Record<string, string>
  const revised = String(j.params.revised_prompt ?? j.params.prompt)
  const origin = `http://${req.headers.host}`
  const data = []
  for (const s of jobSamples(jobs, j)) {
    if (meta.response_format === 'b64_json') data.push({ b64_json: (await s.read()).toString('base64'), revised_prompt: revised })
    else data.push({ url: signedUrl(origin, jobSampleUrl(j.stored.job_id, s.index), token, j.stored.created_at), revised_prompt: revised })
  }
  // task_id also on the synchronous answer (clients ignore it): the job can be polled or deleted later
  return { created: createdOf(j), data, model: String(j.params.model), task_id: j.stored.job_id }
}
