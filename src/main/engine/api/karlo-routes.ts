import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { errorResponseSchema } from '../../../shared/api-responses'
import { jobSampleUrl } from '../../../shared/job-status'
import { karloImageRequestSchema, karloImagesResponseSchema, type KarloImageRequest, type KarloImagesResponse } from '../../../shared/karlo-api'
import { ApiError } from './http-util'
import { signedUrl } from './signed-urls'
import { chooseModel, randomSeeds, submitImageJob, waitForJob } from './image-jobs'
import type { ImageApiContext } from './openai-routes'

/** Karlo answers synchronously: the request waits for its images up to this long, then 504 names the job. */
const KARLO_WAIT_MS = 10 * 60_000

/** Seed 003 on the engine's text-to-image jobs: one job, one image per seed. */
export function karloRoutes(c: ImageApiContext) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>()
    app.post('/api/images', {
      schema: {
        summary: 'Create images (Karlo-style)',
        tags: ['karlo'],
        body: karloImageRequestSchema,
        response: { 200: karloImagesResponseSchema, 400: errorResponseSchema, 422: errorResponseSchema, 503: errorResponseSchema, 504: errorResponseSchema },
      },
      handler: async (req, reply) => {
        const body = req.body as KarloImageRequest
        const model = await chooseModel('version', body.version, c.modelsDir, c.aliases)
        const seeds = body.seed ?? randomSeeds(body.samples)
        const id = await submitImageJob(c.jobs, {
          job_kind: 'text-to-image',
          api: 'karlo',
          model: model.id,
          prompt: body.prompt,
          negative_prompt: body.negative_prompt ?? null,
          width: body.width,
          height: body.height,
          steps: body.num_inference_steps,
          guidance: body.guidance_scale,
          seeds,
          api_meta: { requested_model: model.requested },
        })
        const j = await waitForJob(c.jobs, id, c.syncWaitMs === undefined ? KARLO_WAIT_MS : Math.max(c.syncWaitMs, KARLO_WAIT_MS))
        if (!j) throw new ApiError(504, 'timeout', `the images are not ready yet: job ${id} goes on (GET /status/${id})`)
        if (j.stored.status !== 'completed') throw new ApiError(j.stored.status === 'stopped' ? 409 : 500, j.stored.error_code ?? 'internal', `the images could not be made: ${j.stored.error ?? j.stored.message}`)
        const origin = `http://${req.headers.host}`
        const out: KarloImagesResponse = j.stored.samples.map((s) => ({ id: `${id}-${s.index}`, seed: s.seed, image: signedUrl(origin, jobSampleUrl(id, s.index), c.token, j.stored.created_at) }))
        return void reply.send(out)
      },
    })
  }
}
