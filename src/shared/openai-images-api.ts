import { z } from 'zod'
import { LIMITS } from './limits'

/**
 * Seed 004: an OpenAI-compatible images API (`POST /v1/images/generations`), so scripts and the
 * official `openai` client work against the local engine with only baseURL and apiKey changed.
 */

export const OPENAI_SIZES = ['512x512', '1024x1024', '1792x1024', '1024x1792'] as const

export const openAiImageRequestSchema = z
  .object({
    model: z.string().min(1).max(100).optional().describe('an installed diffusion model id or an alias (dall-e-3, dall-e-2, ...); GET /v1/models lists them'),
    prompt: z.string().min(1).max(LIMITS.maxPromptChars),
    n: z.int().min(1).max(4).default(1),
    size: z
      .string()
      .regex(/^\d{1,5}x\d{1,5}$/, 'must be WIDTHxHEIGHT, e.g. 1024x1024')
      .default('1024x1024')
      .describe(`${OPENAI_SIZES.join(', ')} or any WxH from ${LIMITS.minOutputSide} to ${LIMITS.maxOutputSide} per side`),
    quality: z.enum(['standard', 'hd']).default('standard').describe('hd: twice the denoising steps'),
    response_format: z.enum(['url', 'b64_json']).default('url'),
    style: z.enum(['vivid', 'natural']).default('vivid').describe('adds prompt words for the look (reported in revised_prompt)'),
    user: z.string().max(256).optional(),
  })
  .strict()
export type OpenAiImageRequest = z.output<typeof openAiImageRequestSchema>

export const openAiImageSchema = z.object({
  url: z.string().optional().describe('this server’s URL of the PNG (send the same Bearer token to fetch it)'),
  b64_json: z.string().optional(),
  revised_prompt: z.string(),
})

export const openAiImagesResponseSchema = z.object({
  created: z.int(),
  data: z.array(openAiImageSchema),
  /** Asynchronous answer only (the images were not ready within the wait). */
  task_id: z.string().optional(),
  status: z.enum(['pending', 'processing', 'completed', 'failed']).optional(),
  poll_url: z.string().optional(),
  error: z.object({ message: z.string(), code: z.string().nullable() }).nullable().optional(),
  /** The installed model that ran (an alias is resolved). */
  model: z.string().optional(),
})
export type OpenAiImagesResponse = z.infer<typeof openAiImagesResponseSchema>

export const openAiErrorSchema = z.object({
  error: z.object({ message: z.string(), type: z.string(), param: z.string().nullable(), code: z.string().nullable() }),
})
export type OpenAiError = z.infer<typeof openAiErrorSchema>

export const openAiModelsResponseSchema = z.object({
  object: z.literal('list'),
  data: z.array(z.object({ id: z.string(), object: z.literal('model'), created: z.int(), owned_by: z.string() })),
})

/** "1024x1792" → sides, or a rule broken. */
export function parseSize(size: string): { width: number; height: number } | { rule: string } {
  const m = /^(\d{1,5})x(\d{1,5})$/.exec(size)
  if (!m) return { rule: 'must be WIDTHxHEIGHT, e.g. 1024x1024' }
  const [width, height] = [Number(m[1]), Number(m[2])]
  for (const side of [width, height])
    if (side < LIMITS.minOutputSide || side > LIMITS.maxOutputSide) return { rule: `${size}: each side must be from ${LIMITS.minOutputSide} to ${LIMITS.maxOutputSide} pixels` }
  return { width, height }
}

/** A file part of a multipart body (the server reads file parts into memory, up to its limits). */
const filePart = (what: string) =>
  z.custom<Uint8Array>((v) => v instanceof Uint8Array, `must be ${what} sent as a file part of multipart/form-data`).meta({ type: 'string', format: 'binary', description: what })

/**
 * `POST /v1/images/edits` (multipart/form-data, as OpenAI takes it): image-to-image from `image`
 * with the prompt. Form fields arrive as text, so numbers are read from text here.
 */
export const openAiImageEditRequestSchema = z
  .object({
    image: filePart('a PNG, JPEG or WebP picture'),
    prompt: z.string().min(1).max(LIMITS.maxPromptChars),
    model: z.string().min(1).max(100).optional(),
    n: z.coerce.number<string>().int().min(1).max(4).default(1),
    size: z.string().regex(/^\d{1,5}x\d{1,5}$/, 'must be WIDTHxHEIGHT, e.g. 1024x1024').optional().describe('default: the picture’s own size, clamped to 256..2048 per side'),
    response_format: z.enum(['url', 'b64_json']).default('url'),
    user: z.string().max(256).optional(),
    /** How far the result may move from the picture (0 keeps it, 1 ignores it); not in OpenAI's API. */
    strength: z.coerce.number<string>().min(0).max(1).default(0.75),
  })
  .strict()
export type OpenAiImageEditRequest = z.output<typeof openAiImageEditRequestSchema>
