import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { deskErrorSchema, deskGenerateRequestSchema, deskInfoSchema, deskQueuedResponseSchema, deskResultSchema, type DeskGenerateRequest, type DeskResult } from '../../../shared/desk-api'
import { jobImageUrl } from '../../../shared/job-status'
import type { LiveJob } from '../jobs/job-view'
import { JOB_ID_PATTERN } from '../jobs/stored-job'
import { toApiError, type Log } from './error-format'
import { ApiError } from './http-util'
import { chooseModel, diffusionModels, randomSeeds, submitImageJob } from './image-jobs'
import type { ImageApiContext } from './openai-routes'
import { imageFromUrl } from './own-image-url'
import { signedUrl } from './signed-urls'
import { deliver, webhookUrlProblem, type Delivery, type WebhookSettings } from './webhooks'

export interface DeskApiContext extends ImageApiContext {
  version: string
  /** Without settings, requests with a webhook_url are refused (the desktop app sets none yet). */
  webhooks?: WebhookSettings
  port: () => number
}

const EMPTY_PROMPT = 'Prompt must not be empty.'

/** The seed's error shapes: 400 {detail} for an empty prompt, 422 {error_code, message} for other bad input. */
export function deskErrors(log?: Log) {
  return (err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const e = toApiError(err, request, log)
    if (e.code === 'empty_prompt') return void reply.code(400).send({ detail: EMPTY_PROMPT })
    if (e.statusCode === 400 || e.statusCode === 422) return void reply.code(422).send({ error_code: 'INVALID_INPUT', message: e.detail })
    reply.code(e.statusCode).headers(e.headers).send({ error_code: e.code.toUpperCase(), message: e.detail })
  }
}

const STATUS = { queued: 'queued', running: 'processing', completed: 'done', failed: 'failed', stopped: 'failed' } as const

/** Seed 001 on the engine's image-to-image jobs, with signed webhooks. */
export function deskRoutes(c: DeskApiContext) {
  return async (fastify: FastifyInstance): Promise<void> => {
    fastify.setErrorHandler(deskErrors(c.log))
    const app = fastify.withTypeProvider<ZodTypeProvider>()
    // Attempts of this server's life; the URL itself is in the job's params, so a task queued before
    // a restart still gets its webhook when it ends (delivery attempts made before it are not kept).
    const hooks = new Map<string, Delivery>()
    const hookOf = (j: LiveJob): Delivery | null => {
      const url = (j.params.api_meta as Record<string, string> | undefined)?.webhook_url
      if (!url) return null
      let d = hooks.get(j.stored.job_id)
      if (!d) hooks.set(j.stored.job_id, (d = { url, delivered: false, gave_up: false, attempts: [] }))
      return d
    }
    const ownHosts = () => [`127.0.0.1:${c.port()}`, `localhost:${c.port()}`]
    const origin = () => `http://127.0.0.1:${c.port()}`

    const off = c.jobs.on((e) => {
      const j = e.type === 'job.finished' ? c.jobs.get(e.job_id) : undefined
      const d = j && j.params.api === 'desk' ? hookOf(j) : null
      if (d && j && c.webhooks) void deliver(d, resultOf(j, origin(), d, c.token), c.webhooks).catch((err: Error) => c.log?.('warn', `webhook ${d.url}: ${err.message}`))
    })
    fastify.addHook('onClose', async () => off())

    const errors = { 400: z.object({ detail: z.string() }), 422: deskErrorSchema, 503: deskErrorSchema }
    app.post('/v1/generate', {
      schema: { summary: 'Image-to-image on the user’s photo (seed 001)', tags: ['desk'], body: deskGenerateRequestSchema, response: { 200: deskQueuedResponseSchema, ...errors } },
      handler: async (req, reply) => {
        const body = req.body as DeskGenerateRequest
        if (body.prompt.trim() === '') throw new ApiError(400, 'empty_prompt', EMPTY_PROMPT)
        if (body.webhook_url !== undefined) {
          if (!c.webhooks) throw new ApiError(422, 'invalid_request', 'webhook_url: webhooks are not set up on this server (adstudio serve sets them up)')
          const problem = webhookUrlProblem(body.webhook_url, c.webhooks.allowHosts)
          if (problem) throw new ApiError(422, 'invalid_request', `webhook_url: ${problem}`, [{ field: 'webhook_url', rule: problem }])
        }
        const init = await imageFromUrl('initial_image_url', body.initial_image_url, c.jobs, ownHosts())
        const model = await chooseModel('model', undefined, c.modelsDir, c.aliases)
        const given = /^data:/i.test(body.initial_image_url) ? `data:image/${init.ext};base64 (${init.bytes.length} bytes, not echoed)` : body.initial_image_url
        const id = await submitImageJob(
          c.jobs,
          {
            job_kind: 'image-to-image',
            api: 'desk',
            model: model.id,
            prompt: body.prompt,
            negative_prompt: body.negative_prompt,
            width: body.width,
            height: body.height,
            steps: body.num_inference_steps,
            guidance: body.guidance_scale,
            seeds: randomSeeds(1),
            strength: body.strength,
            api_meta: { initial_image_url: given.slice(0, 200), ...(body.webhook_url === undefined ? {} : { webhook_url: body.webhook_url }) },
          },
          init,
        )
        return void reply.send({ task_id: id, status: 'queued' as const })
      },
    })

    app.get('/result/:task_id', {
      schema: { summary: 'A desk task’s state and result (seed 001)', tags: ['desk'], params: z.object({ task_id: z.string() }), response: { 200: deskResultSchema, 404: deskErrorSchema } },
      handler: async (req, reply) => {
        const id = req.params.task_id
        const j = JOB_ID_PATTERN.test(id) ? c.jobs.get(id) : undefined
        if (!j || j.params.api !== 'desk') throw new ApiError(404, 'not_found', `no task ${id.slice(0, 100)}`)
        return void reply.send(resultOf(j, origin(), hookOf(j), c.token))
      },
    })

    app.get('/healthcheck', { schema: { summary: 'Liveness (seed 001)', tags: ['desk'] } }, async (_req, reply) => void reply.send({ status: 'ok', version: c.version }))

    app.get('/info', {
      schema: { summary: 'Server version, models, default resolution, device (seed 001)', tags: ['desk'], response: { 200: deskInfoSchema } },
      handler: async (_req, reply) => {
        const m = await diffusionModels(c.modelsDir, c.aliases)
        return void reply.send({
          server_version: c.version,
          models: m.installed,
          aliases: m.aliases,
          default_resolution: { width: 1024, height: 1024 },
          device: process.env.ADSTUDIO_DEVICE ?? 'auto (CUDA when usable, else CPU)',
          shopping_links: { available: false as const, reason: 'the shopping-link lookup needs an online shopping service; this offline server has none' },
        })
      },
    })
  }
}

function resultOf(j: LiveJob, origin: string, hook: Delivery | null, token: string): DeskResult {
  const meta = (j.params.api_meta ?? {}) as Record<string, string>
  const status = STATUS[j.stored.status]
  return {
    task_id: j.stored.job_id,
    status,
    initial_image_url: meta.initial_image_url ?? '',
    processed_image_url: status === 'done' && j.stored.images.includes('step1') ? signedUrl(origin, jobImageUrl(j.stored.job_id, 'step1'), token, j.stored.created_at) : null,
    error: status === 'failed' ? (j.stored.error ?? j.stored.message) : null,
    model: String(j.params.model),
    webhook: hook && { url: hook.url, delivered: hook.delivered, gave_up: hook.gave_up, attempts: [...hook.attempts] },
  }
}
