import { z } from 'zod'
import type { PostProcess } from './image-job'
import { LIMITS } from './limits'

/**
 * Seed 000: story illustrations. `POST /generate` with `{session_id, game_mode, user_sentence,
 * status}` (told apart from nanoCocoa's POST /generate by its fields: a body with any of
 * session_id, game_mode, user_sentence is a story request), also served at `POST /story/generate`.
 * Images are named `{session_id}_{count}_{seq:05d}.png`: count is the session's image counter
 * (1, 2, ...), seq the server's job sequence number zero-padded to five digits (unique across
 * sessions, so two servers' files never collide in one folder).
 */

export const STORY_FIELDS = ['session_id', 'game_mode', 'user_sentence', 'status'] as const

export const storyRequestSchema = z
  .object({
    session_id: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, _ or - (it names files)')
      .describe('the game session; its images are kept and listed at GET /story/sessions/{session_id}'),
    game_mode: z.int().min(0).max(8).describe('0 anime, 1 3D, 2 comic book, 3 clay, 4 kindergarten (crayon), 5 pixel, 6 PS1, 7 storybook, 8 illustration'),
    user_sentence: z.string().min(1).max(LIMITS.maxTextChars),
    status: z.int().min(0).max(2).describe('0: an illustration of the sentence; 1: a cover (the illustration with the sentence as its title); 2: lost, no image'),
  })
  .strict()
export type StoryRequest = z.output<typeof storyRequestSchema>

export interface StoryMode {
  name: string
  /** `{s}` is the user's sentence. */
  prompt: string
  negative: string
  post: PostProcess
}

/** The nine modes of the seed: a prompt template and negative prompt each, plus a look where the style is a rendering trait. */
export const STORY_MODES: readonly StoryMode[] = [
  { name: 'anime', prompt: 'anime style illustration of {s}, cel shading, clean line art, vibrant colours', negative: 'photo, realistic, 3d render, blurry', post: 'none' },
  { name: '3d', prompt: '3D animated film still of {s}, soft global illumination, rounded characters', negative: 'flat, 2d, sketch, photo', post: 'none' },
  { name: 'comic', prompt: 'comic book panel of {s}, bold ink outlines, flat colours', negative: 'photo, realistic, blurry, watercolour', post: 'comic' },
  { name: 'clay', prompt: 'claymation scene of {s}, plasticine figures, stop motion, studio light', negative: 'photo, drawing, flat, blurry', post: 'none' },
  { name: 'kindergarten', prompt: "a child's crayon drawing of {s}, wobbly lines, bright crayon colours on white paper", negative: 'realistic, photo, detailed, 3d, shading', post: 'none' },
  { name: 'pixel', prompt: 'pixel art of {s}, 16-bit video game scene', negative: 'photo, realistic, blurry, smooth gradients', post: 'pixel' },
  { name: 'ps1', prompt: 'low poly PlayStation 1 game screenshot of {s}, early 3D graphics', negative: 'photo, high detail, smooth, modern', post: 'ps1' },
  { name: 'storybook', prompt: "storybook illustration of {s}, gentle watercolour, children's book", negative: 'photo, realistic, dark, gore', post: 'none' },
  { name: 'illustration', prompt: 'digital illustration of {s}, clean shapes, harmonious colours', negative: 'photo, blurry, low quality, text', post: 'none' },
]

export const LOST_DETAIL = '전원 패배'

export const storyImageSchema = z.object({
  session_id: z.string(),
  file: z.string().describe('{session_id}_{count}_{seq:05d}.png'),
  count: z.int(),
  kind: z.enum(['illustration', 'cover']),
  game_mode: z.int(),
  mode: z.string(),
  status: z.enum(['queued', 'running', 'completed', 'failed', 'stopped']),
  image_url: z.string().nullable(),
  job_id: z.string(),
  seed: z.int().nullable(),
})
export type StoryImage = z.infer<typeof storyImageSchema>

export const storySessionSchema = z.object({ session_id: z.string(), images: z.array(storyImageSchema) })

export const isStoryBody = (body: unknown): boolean =>
  typeof body === 'object' && body !== null && !Array.isArray(body) && ['session_id', 'game_mode', 'user_sentence'].some((k) => Object.hasOwn(body, k))
