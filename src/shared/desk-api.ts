import { z } from 'zod'
import { LIMITS } from './limits'

/**
 * Seed 001: the desk-setup composite API. `POST /v1/generate` queues image-to-image on the user's
 * photo with the prompt and answers `{task_id, status: "queued"}`; `GET /result/{task_id}` polls it.
 * Errors as the seed says: an empty prompt is 400 `{"detail": "Prompt must not be empty."}`, any
 * other bad value 422 `{"error_code": "INVALID_INPUT", "message": ...}`.
 */

/** The seed's negative prompt, word for word by intent (blur, people, unreal styles, clutter, duplicates). */
export const DESK_NEGATIVE_PROMPT =
  'blurry, low resolution, distorted, deformed, people, human, cartoon, anime, painting, clutter, messy background, bad lighting, duplicate, twin, cloned'

export const deskGenerateRequestSchema = z
  .object({
    initial_image_url: z
      .string()
      .min(1)
      .max(LIMITS.maxBase64Chars)
      .describe('a data: URL (data:image/png;base64,...) or a URL of this server’s own images (/jobs/{id}/images/{name}.png or /jobs/{id}/samples/{n}.png); other hosts are refused (the app is offline and never fetches URLs)'),
    prompt: z.string().max(LIMITS.maxPromptChars),
    negative_prompt: z.string().max(LIMITS.maxPromptChars).default(DESK_NEGATIVE_PROMPT),
    num_inference_steps: z.int().min(1).max(100).default(50),
    guidance_scale: z.number().min(0).max(20).default(7.5),
    width: z.int().min(LIMITS.minOutputSide).max(LIMITS.maxOutputSide).default(1024),
    height: z.int().min(LIMITS.minOutputSide).max(LIMITS.maxOutputSide).default(1024),
    /** How far the result may move from the photo (0 keeps it, 1 ignores it); not in the seed. */
    strength: z.number().min(0).max(1).default(0.6),
    webhook_url: z.string().max(2000).optional().describe('POSTed the /result JSON when the task ends, signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature: HMAC-SHA256); loopback or allow-listed hosts only'),
  })
  .strict()
export type DeskGenerateRequest = z.output<typeof deskGenerateRequestSchema>

export const deskQueuedResponseSchema = z.object({ task_id: z.string(), status: z.literal('queued') })

export const webhookAttemptSchema = z.object({
  at: z.number().describe('Unix seconds'),
  /** HTTP status answered, or null when no answer came (refused, timed out). */
  status: z.int().nullable(),
  error: z.string().nullable(),
})

export const deskResultSchema = z.object({
  task_id: z.string(),
  status: z.enum(['queued', 'processing', 'done', 'failed']),
  initial_image_url: z.string(),
  processed_image_url: z.string().nullable(),
  error: z.string().nullable(),
  model: z.string(),
  webhook: z
    .object({ url: z.string(), delivered: z.boolean(), attempts: z.array(webhookAttemptSchema), gave_up: z.boolean() })
    .nullable(),
})
export type DeskResult = z.infer<typeof deskResultSchema>

export const deskErrorSchema = z.object({ error_code: z.string(), message: z.string() })

export const deskInfoSchema = z.object({
  server_version: z.string(),
  models: z.array(z.string()),
  aliases: z.record(z.string(), z.string()),
  default_resolution: z.object({ width: z.int(), height: z.int() }),
  device: z.string(),
  shopping_links: z.object({ available: z.literal(false), reason: z.string() }),
})
