import { readFile } from 'node:fs/promises'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { errorResponseSchema } from '../../../shared/api-responses'
import { LOST_DETAIL, STORY_MODES, storyImageSchema, storyRequestSchema, storySessionSchema, type StoryImage, type StoryRequest } from '../../../shared/story-api'
import { validate } from '../../../shared/validate'
import type { JobService } from '../jobs/job-service'
import type { LiveJob } from '../jobs/job-view'
import { ApiError } from './http-util'
import { signedUrl } from './signed-urls'
import { chooseModel, randomSeeds, submitImageJob, waitForJob } from './image-jobs'
import type { ImageApiContext } from './openai-routes'

/** Story requests answer when the picture is ready (as the seed's server did); past this, 504 names the job. */
const STORY_WAIT_MS = 10 * 60_000

const fileName = (session: string, count: number, seq: number) => `${session}_${count}_${String(seq).padStart(5, '0')}.png`

/** A session's images in order, from the jobs themselves (so they survive restarts with the jobs). */
function sessionImages(jobs: JobService, session: string, origin: string, token: string): StoryImage[] {
  return jobs
    .list()
    .filter((j) => j.params.api === 'story' && (j.params.api_meta as Record<string, string> | undefined)?.session_id === session)
    .sort((a, b) => a.stored.seq - b.stored.seq)
    .map((j, i) => {
      const meta = j.params.api_meta as Record<string, string>
      const file = fileName(session, i + 1, j.stored.seq)
      return {
        session_id: session,
        file,
        count: i + 1,
        kind: meta.kind === 'cover' ? 'cover' : 'illustration',
        game_mode: Number(meta.game_mode),
        mode: STORY_MODES[Number(meta.game_mode)]?.name ?? 'unknown',
        status: j.stored.status,
        image_url: j.stored.samples.length ? signedUrl(origin, `/story/files/${file}`, token, j.stored.created_at) : null,
        job_id: j.stored.job_id,
        seed: j.stored.samples[0]?.seed ?? null,
      }
    })
}

/** POST /generate and POST /story/generate with a story body. */
export async function handleStory(raw: unknown, req: FastifyRequest, reply: FastifyReply, c: ImageApiContext): Promise<void> {
  const parsed = validate(storyRequestSchema, raw)
  if (!parsed.ok) throw ApiError.from(parsed)
  const r: StoryRequest = parsed.value
  if (r.status === 2) return void reply.send({ detail: LOST_DETAIL })
  const mode = STORY_MODES[r.game_mode]
  const model = await chooseModel('model', undefined, c.modelsDir, c.aliases)
  const id = await submitImageJob(c.jobs, {
    job_kind: 'text-to-image',
    api: 'story',
    model: model.id,
    prompt: mode.prompt.replace('{s}', r.user_sentence),
    negative_prompt: mode.negative,
    width: 512,
    height: 512,
    steps: 20,
    guidance: null,
    seeds: randomSeeds(1),
    post_process: mode.post,
    title: r.status === 1 ? r.user_sentence : null,
    api_meta: { session_id: r.session_id, game_mode: String(r.game_mode), kind: r.status === 1 ? 'cover' : 'illustration' },
  })
  const j = await waitForJob(c.jobs, id, STORY_WAIT_MS)
  if (!j) throw new ApiError(504, 'timeout', `the picture is not ready yet: job ${id} goes on (GET /story/sessions/${r.session_id})`)
  if (j.stored.status !== 'completed') throw new ApiError(500, j.stored.error_code ?? 'internal', `the picture could not be made: ${j.stored.error ?? j.stored.message}`)
  const mine = sessionImages(c.jobs, r.session_id, `http://${req.headers.host}`, c.token).find((i) => i.job_id === id)!
  return void reply.send(mine)
}

export function storyRoutes(c: ImageApiContext) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>()
    app.post('/story/generate', {
      schema: { summary: 'A story illustration or cover (seed 000)', tags: ['story'], body: storyRequestSchema, response: { 200: storyImageSchema.or(z.object({ detail: z.string() })), 400: errorResponseSchema, 422: errorResponseSchema } },
      handler: (req, reply) => handleStory(req.body, req, reply, c),
    })
    app.get('/story/sessions/:session_id', {
      schema: { summary: 'A session’s images, in order', tags: ['story'], params: z.object({ session_id: storyRequestSchema.shape.session_id }), response: { 200: storySessionSchema, 400: errorResponseSchema } },
      handler: async (req, reply) => void reply.send({ session_id: req.params.session_id, images: sessionImages(c.jobs, req.params.session_id, `http://${req.headers.host}`, c.token) }),
    })
    app.get('/story/files/:file', {
      schema: { summary: 'A story image by its seed file name', tags: ['story'], params: z.object({ file: z.string().max(100) }), response: { 200: z.any().describe('image/png'), 404: errorResponseSchema } },
      handler: async (req, reply) => {
        const m = /^([A-Za-z0-9_-]{1,64})_(\d+)_(\d{5,})\.png$/.exec(req.params.file)
        const img = m ? sessionImages(c.jobs, m[1], '', c.token).find((i) => i.file === req.params.file) : undefined
        const j: LiveJob | undefined = img && c.jobs.get(img.job_id)
        if (!j || !j.stored.samples.length) throw new ApiError(404, 'not_found', `no story image ${req.params.file.slice(0, 100)}`)
        return void reply.type('image/png').send(await readFile(c.jobs.store.samplePath(j.stored.job_id, 1)))
      },
    })
  }
}
