import type { SegmentationModel } from '../../../shared/generate-request'
import type { DecodedImage } from '../image/decode'
import { dominantColors } from '../image/dominant-colors'
import { createMask, type Box, type Mask, type RgbaImage } from '../image/raster'
import type { LookInfo, SceneLayout, SceneLight } from '../steps/background/scene-types'
import { generateBackground } from '../steps/background/generate-background'
import { computePlacement } from '../steps/placement/auto-place'
import { boxToPixels, type LayoutKind } from '../steps/compose/ad-layout'
import { compositeProduct } from '../steps/placement/composite-product'
import { cutByFrame } from '../steps/placement/contact-points'
import { groundBox, type Grounding } from '../steps/placement/ground'
import { checkpoint, type EngineContext, type RunHooks } from './engine-context'
import { cutOutProduct, resampleProduct } from './product-cutout'
import { runDiffusionScene } from './step1-diffusion-scene'
import { Stopwatch } from './stopwatch'

export interface Step1Input {
  /** null: a background alone (nanoCocoa allowed step 1 without a product). */
  product: DecodedImage | null
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
  /** Where the product must go, [x, y, w, h] as fractions of the canvas (request `product_box`); null: the layout decides. */
  productBox?: Box | null
  /**
   * A kept empty scene (scene.png) with the light and layout it was made with: the product is
   * placed again over the same scene (moving or resizing it), no scene is generated.
   */
  keptScene?: { image: RgbaImage; light: SceneLight; layout: SceneLayout; look: LookInfo } | null
}

export interface Step1Output {
  image: RgbaImage
  /** The empty scene before the product was placed (kept with the job as scene.png). */
  scene: RgbaImage
  /** The product cut out at the photo's resolution, alpha = matte (cutout.png); null without a product. */
  cutout?: RgbaImage | null
  /** How the product stands: floor line, contact line, gap (null without a product or a built-in scene). */
  grounding: Grounding | null
  /** The ad layout for the canvas's aspect ratio (ad-layout.ts). */
  adLayout: LayoutKind | null
  /** Product alpha on the canvas (all zero without a product). */
  mask: Mask
  productBox: Box | null
  productSourceBox: Box | null
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
    cut = await cutOutProduct(input.product, ctx, input.segmentation, sw)
  }
  checkpoint(hooks, { step: STEP, subStep: 'background', fraction: 0.3, message: 'Building the scene' })
  const palette = cut ? dominantColors(cut.photo, cut.matte) : undefined
  if (input.bgEngine && input.bgEngine !== 'builtin') {
    const d = await runDiffusionScene({ ...input, bgEngine: input.bgEngine, samples: input.samples ?? 1, steps: input.steps ?? 4, guidance: input.guidance ?? 0 }, cut, palette, ctx, hooks, sw)
    sw.add('step1', performance.now() - t0)
    return { ...d, scene: d.image, grounding: null, adLayout: null, productSourceBox: cut?.sourceBox ?? null, notes: { ...(cut?.notes ?? {}), ...d.notes }, timings: sw.timings }
  }
  const bg =
    input.keptScene ??
    (await sw.time('background', () =>
      generateBackground({ width: input.width, height: input.height, prompt: input.bgPrompt, seed: input.seed, productPalette: palette }),
    ))
  checkpoint(hooks, { step: STEP, subStep: 'placement', fraction: 0.85, message: 'Placing the product with shadows' })
  let image = bg.image
  let mask = createMask(input.width, input.height)
  let productBox: Box | null = null
  let grounding: Grounding | null = null
  let adLayout: LayoutKind | null = null
  const tPlace = performance.now()
  if (cut) {
    const canvas = { width: input.width, height: input.height }
    const override = input.productBox ? boxToPixels(input.productBox, canvas.width, canvas.height) : null
    const place = computePlacement({ productBox: cut.sourceBox, canvas, layout: bg.layout, override })
    adLayout = place.layout
    const product = await resampleProduct(cut, place.box[2], place.box[3])
    const grounded = groundBox(product, place.box, place.floorY, canvas.height, cutByFrame(cut.matte, cut.sourceBox))
    productBox = grounded.box
    grounding = grounded.grounding
    const composed = compositeProduct({ background: bg.image, product, box: grounded.box, light: bg.light, layout: bg.layout, floorY: grounded.grounding.contact_line })
    image = composed.image
    mask = composed.mask
  }
  sw.add('placement', performance.now() - tPlace)
  sw.add('step1', performance.now() - t0)
  return {
    image,
    scene: bg.image,
    cutout: cut ? cutoutImage(cut.photo, cut.matte, cut.sourceBox) : null,
    grounding,
    adLayout,
    mask,
    productBox,
    productSourceBox: cut?.sourceBox ?? null,
    engines: { cutout: cut?.source ?? null, background: 'builtin-procedural', placement: 'builtin-shadows' },
    look: bg.look,
    light: bg.light,
    layout: bg.layout,
    notes: cut?.notes ?? {},
    timings: sw.timings,
  }
}

/** The product's box of the photo with the matte as alpha: what re-placing the product starts from. */
function cutoutImage(photo: RgbaImage, matte: Mask, box: Box): RgbaImage {
  const [x, y, w, h] = box
  const out = new Uint8ClampedArray(w * h * 4)
  for (let row = 0; row < h; row++) {
    const si = ((y + row) * photo.width + x) * 4
    out.set(photo.data.subarray(si, si + w * 4), row * w * 4)
    const mi = (y + row) * photo.width + x
    for (let col = 0; col < w; col++) out[(row * w + col) * 4 + 3] = Math.round(matte.data[mi + col] * 255)
  }
  return { width: w, height: h, data: out }
}
