import { z } from 'zod'
import { MAX_SEED } from './image-job'
import { LIMITS } from './limits'

/**
 * Seed 003: the Karlo-style text-to-image API (`POST /api/images`), answered with an array of
 * `{id, seed, image}` where image is a URL of this server. Errors use nanoCocoa's `{detail, code,
 * issues}` shape (FastAPI's), since the seed's wrapper states none.
 */
export const karloImageRequestSchema = z
  .object({
    version: z.string().min(1).max(100).describe('the model: an installed diffusion model id or an alias (v2.1, v2.0, karlo, ...)'),
    prompt: z.string().min(1).max(LIMITS.maxPromptChars),
    negative_prompt: z.string().max(LIMITS.maxPromptChars).optional(),
    width: z.int().min(LIMITS.minOutputSide).max(LIMITS.maxOutputSide),
    height: z.int().min(LIMITS.minOutputSide).max(LIMITS.maxOutputSide),
    seed: z.array(z.int().min(0).max(MAX_SEED)).min(1).max(LIMITS.maxSamples).optional().describe('one seed per image; its length must equal samples'),
    num_inference_steps: z.int().min(10).max(100).default(50),
    guidance_scale: z.number().min(1).max(20).default(5),
    samples: z.int().min(1).max(LIMITS.maxSamples).default(1),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.seed && r.seed.length !== r.samples)
      ctx.addIssue({ code: 'custom', path: ['seed'], message: `must have one seed per image: ${r.seed.length} given, samples is ${r.samples}` })
  })
export type KarloImageRequest = z.output<typeof karloImageRequestSchema>

export const karloImageSchema = z.object({
  id: z.string().describe('the image id: <job id>-<n>'),
  seed: z.int(),
  image: z.string().describe('URL of the PNG on this server (send the same Bearer token to fetch it)'),
})
export const karloImagesResponseSchema = z.array(karloImageSchema)
export type KarloImagesResponse = z.infer<typeof karloImagesResponseSchema>
