import type { SegmentationModel } from '../../../shared/generate-request'
import type { CutoutCheckInfo } from '../../../shared/job-status'
import type { DecodedImage } from '../image/decode'
import { dominantColors } from '../image/dominant-colors'
import { createMask, type Box, type Mask, type RgbaImage } from '../image/raster'
import type { LookInfo, SceneLayout, SceneLight } from '../steps/background/scene-types'
import { generateBackground } from '../steps/background/generate-background'
import { computePlacement } from '../steps/placement/auto-place'
import { compositeProduct } from '../steps/placement/composite-product'
import { checkpoint, type EngineContext, type RunHooks } from './engine-context'
import { cutOutProduct, resampleProduct, type Cutout, type MatteSources } from './product-cutout'
import { runDiffusionScene } from './step1-diffusion-scene'
import { Stopwatch } from './stopwatch'

export interface Step1Input {
  /** null: a background alone (nanoCocoa allowed step 1 without a product). */
  product: DecodedImage | null
  /** The product photo's file bytes (key of the mask cache) and a supplied mask, if any. */
  productSources?: MatteSources
  width: number
  height: number
  bgPrompt: string
  seed: number
  segmentation: SegmentationModel
  /** 'builtin' (procedural studio) or an installed diffusion model id. */
  bgEngine?: string
  bgNegativePrompt?: string | null
  /** Scene variations (diffusion engines); the built-in generator makes one per job. */
  samples?: number
  steps?: number
  guidance?: number
}

export interface Step1Output {
  image: RgbaImage
  /** Product alpha on the canvas (all zero without a product). */
  mask: Mask
  productBox: Box | null
  productSourceBox: Box | null
  /** The product's matte at the photo's size, and whether it looks doubtful (null without a product). */
  productMask: Mask | null
  cutoutCheck: CutoutCheckInfo | null
  engines: { cutout: string | null; background: string; placement: string }
  look: LookInfo
  light: SceneLight
  layout: SceneLayout
  notes: Record<string, number | boolean | string>
  timings: Record<string, number>
  /** Every generated scene variation (the first is `image`); absent for the built-in engine. */
  samples?: { seed: number; image: RgbaImage }[]
}

const STEP = 'step1_background' as const

/** Step 1: cut the product out, make the scene, stand the product in it with shadows. */
export async function runStep1(input: Step1Input, ctx: EngineContext, hooks: RunHooks = {}): Promise<Step1Output> {
  const sw = new Stopwatch()
  const t0 = performance.now()
  let cut = null
  if (input.product) {
    checkpoint(hooks, { step: STEP, subStep: 'segmentation', fraction: 0, message: 'Cutting out the product' })
    cut = await cutOutProduct(input.product, ctx, input.segmentation, sw, input.productSources)
  }
  checkpoint(hooks, { step: STEP, subStep: 'background', fraction: 0.3, message: 'Building the scene' })
  const palette = cut ? dominantColors(cut.photo, cut.matte) : undefined
  if (input.bgEngine && input.bgEngine !== 'builtin') {
    const d = await runDiffusionScene({ ...input, bgEngine: input.bgEngine, samples: input.samples ?? 1, steps: input.steps ?? 4, guidance: input.guidance ?? 0 }, cut, palette, ctx, hooks, sw)
    sw.add('step1', performance.now() - t0)
    return { ...d, productSourceBox: cut?.sourceBox ?? null, productMask: cut?.matte ?? null, cutoutCheck: cutoutCheckOf(cut), notes: { ...(cut?.notes ?? {}), ...d.notes }, timings: sw.timings }
  }
  const bg = await sw.time('background', () =>
    generateBackground({ width: input.width, height: input.height, prompt: input.bgPrompt, seed: input.seed, productPalette: palette }),
  )
  checkpoint(hooks, { step: STEP, subStep: 'placement', fraction: 0.85, message: 'Placing the product with shadows' })
  let image = bg.image
  let mask = createMask(input.width, input.height)
  let productBox: Box | null = null
  const tPlace = performance.now()
  if (cut) {
    const place = computePlacement({ productBox: cut.sourceBox, canvas: { width: input.width, height: input.height }, layout: bg.layout })
    productBox = place.box
    const product = await resampleProduct(cut, place.box[2], place.box[3])
    const composed = compositeProduct({ background: bg.image, product, box: place.box, light: bg.light, layout: bg.layout })
    image = composed.image
    mask = composed.mask
  }
  sw.add('placement', performance.now() - tPlace)
  sw.add('step1', performance.now() - t0)
  return {
    image,
    mask,
    productBox,
    productSourceBox: cut?.sourceBox ?? null,
    productMask: cut?.matte ?? null,
    cutoutCheck: cutoutCheckOf(cut),
    engines: { cutout: cut?.source ?? null, background: 'builtin-procedural', placement: 'builtin-shadows' },
    look: bg.look,
    light: bg.light,
    layout: bg.layout,
    notes: cut?.notes ?? {},
    timings: sw.timings,
  }
}

/** The cutout's doubts (product-cutout.ts notes.cutout_check) for /status; null when no model made the mask. */
function cutoutCheckOf(cut: Cutout | null): CutoutCheckInfo | null {
  if (!cut || (cut.notes.mask !== 'computed' && cut.notes.mask !== 'cached')) return null
  const reasons = String(cut.notes.cutout_check ?? '').split(',').filter(Boolean)
  return { doubtful: reasons.length > 0, reasons }
}
