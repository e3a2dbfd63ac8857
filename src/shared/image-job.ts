import { z } from 'zod'
import { LIMITS } from './limits'
import { modelIdSchema } from './models-contract'

/**
 * Text-to-image and image-to-image jobs: the engine job kinds behind the OpenAI-compatible and
 * Karlo-style APIs. They run on the same job store, queue and worker processes as POST /generate;
 * request.json holds these params (checked again by the worker). The step fields are what the job
 * planner and the ETA model read (one step: step 1, no product).
 */
/** Deterministic looks applied after generation (story modes, seed 000): see engine/image/story-looks.ts. */
export const POST_PROCESSES = ['none', 'pixel', 'ps1', 'comic'] as const
export type PostProcess = (typeof POST_PROCESSES)[number]

export const IMAGE_JOB_KINDS = ['text-to-image', 'image-to-image'] as const
export type ImageJobKind = (typeof IMAGE_JOB_KINDS)[number]

/** Seeds are 32-bit unsigned integers, as Karlo's API takes them. */
export const MAX_SEED = 4_294_967_295

export const imageJobParamsSchema = z
  .object({
    job_kind: z.enum(IMAGE_JOB_KINDS),
    /** Which API family submitted it (openai, karlo, ...), for the history and the poll routes. */
    api: z.string().max(40),
    /** An installed diffusion model id (aliases are resolved before the job is made). */
    model: modelIdSchema,
    prompt: z.string().min(1).max(LIMITS.maxPromptChars),
    negative_prompt: z.string().max(LIMITS.maxPromptChars).nullable().default(null),
    width: z.int().min(LIMITS.minOutputSide).max(LIMITS.maxOutputSide),
    height: z.int().min(LIMITS.minOutputSide).max(LIMITS.maxOutputSide),
    steps: z.int().min(1).max(100),
    /** null: the model's catalogue default (Turbo models: 0). */
    guidance: z.number().min(0).max(20).nullable(),
    /** One image per seed. */
    seeds: z.array(z.int().min(0).max(MAX_SEED)).min(1).max(LIMITS.maxSamples),
    /** image-to-image: how far from the init image (0 keeps it, 1 ignores it). */
    strength: z.number().min(0).max(1).default(0.75),
    /** The prompt as the API reports it back (e.g. OpenAI's revised_prompt after a style). */
    revised_prompt: z.string().max(LIMITS.maxPromptChars * 2).nullable().default(null),
    post_process: z.enum(POST_PROCESSES).default('none'),
    /** A title set over the image by the built-in text engine (a story cover), or null. */
    title: z.string().min(1).max(LIMITS.maxTextChars).nullable().default(null),
    /** What the submitting API needs to answer a later poll the same way (e.g. response_format). */
    api_meta: z.record(z.string().max(40), z.string().max(2000)).default({}),
    // for the planner (jobs/job-plan.ts): step 1 only, no product, no text
    start_step: z.literal(1),
    stop_step: z.literal(1),
    segmentation_model: z.literal('none'),
    text_content: z.null(),
    composition_mode: z.literal('overlay'),
  })
  .strict()
  .superRefine((p, ctx) => {
    // a titled image keeps its untitled twin as a sample too: both must fit in the job's samples
    if (p.title !== null && p.seeds.length * 2 > LIMITS.maxSamples)
      ctx.addIssue({ code: 'custom', path: ['seeds'], message: `must have at most ${LIMITS.maxSamples / 2} seeds with a title` })
  })
export type ImageJobParams = z.output<typeof imageJobParamsSchema>
export type ImageJobParamsInput = z.input<typeof imageJobParamsSchema>

export const isImageJobParams = (p: Record<string, unknown>): boolean => typeof p.job_kind === 'string' && (IMAGE_JOB_KINDS as readonly string[]).includes(p.job_kind)

/** Step fields every image job carries (see above). */
export const IMAGE_JOB_PLAN = { start_step: 1, stop_step: 1, segmentation_model: 'none', text_content: null, composition_mode: 'overlay' } as const
