import type { SegmentationModel } from '../../../shared/generate-request'
import type { CutoutCheckInfo } from '../../../shared/job-status'
import type { DecodedImage } from '../image/decode'
import { dominantColors } from '../image/dominant-colors'
import { createMask, type Box, type Mask, type RgbaImage } from '../image/raster'
import type { LookInfo, SceneLayout, SceneLight } from '../steps/background/scene-types'
import { generateBackground } from '../steps/background/generate-background'
import { drawPodium, podiumFromPrompt, podiumTop, type PodiumSpec } from '../steps/background/podium'
import { computePlacement } from '../steps/placement/auto-place'
import { boxToPixels, layoutFor, type LayoutKind } from '../steps/compose/ad-layout'
import { drawProps, propsFromPrompt, type PropSet } from '../steps/background/props'
import { compositeProduct } from '../steps/placement/composite-product'
import { detectView, type CameraView, type ViewSignals } from '../steps/placement/camera-view'
import { cutByFrame } from '../steps/placement/contact-points'
import { groundBox, type Grounding } from '../steps/placement/ground'
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
  /** Where the product must go, [x, y, w, h] as fractions of the canvas (request `product_box`); null: the layout decides. */
  productBox?: Box | null
  /**
   * A kept empty scene (scene.png) with the light and layout it was made with: the product is
   * placed again over the same scene (moving or resizing it), no scene is generated.
   */
  keptScene?: { image: RgbaImage; light: SceneLight; layout: SceneLayout; look: LookInfo; view?: CameraView } | null
  /** Camera view of the product photo: 'auto' detects a flat lay (camera-view.ts). */
  view?: 'auto' | CameraView
}

export interface Step1Output {
  image: RgbaImage
  /** The empty scene before the product was placed (kept with the job as scene.png). */
  scene: RgbaImage
  /** The product cut out at the photo's resolution, alpha = matte (cutout.png); null without a product. */
  cutout?: RgbaImage | null
  /** How the product stands: floor line, contact line, gap (null without a product or a built-in scene). */
  grounding: Grounding | null
  /** The podium drawn under the product (prompt words like "podium", "받침대"); null when none. */
  podium?: PodiumSpec | null
  /** The ad layout for the canvas's aspect ratio (ad-layout.ts). */
  adLayout: LayoutKind | null
  /** The camera view used, what was asked for, and the detection's signals (auto with a product). */
  view?: { chosen: CameraView; requested: 'auto' | CameraView; signals: ViewSignals | null }
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
    return { ...d, scene: d.image, grounding: null, adLayout: null, view: { chosen: 'front', requested: input.view ?? 'auto', signals: null }, productSourceBox: cut?.sourceBox ?? null, productMask: cut?.matte ?? null, cutoutCheck: cutoutCheckOf(cut), notes: { ...(cut?.notes ?? {}), ...d.notes }, timings: sw.timings }
  }
  const requested = input.view ?? 'auto'
  const detected = cut && requested === 'auto' && !input.keptScene ? detectView(cut.photo, cut.matte, cut.sourceBox) : null
  const view: CameraView = input.keptScene ? (input.keptScene.view ?? 'front') : requested === 'auto' ? (detected?.view ?? 'front') : requested
  const bg =
    input.keptScene ??
    (await sw.time('background', () =>
      generateBackground({ width: input.width, height: input.height, prompt: input.bgPrompt, seed: input.seed, productPalette: palette, view }),
    ))
  checkpoint(hooks, { step: STEP, subStep: 'placement', fraction: 0.85, message: 'Placing the product with shadows' })
  let image = bg.image
  let mask = createMask(input.width, input.height)
  let productBox: Box | null = null
  let grounding: Grounding | null = null
  let adLayout: LayoutKind | null = null
  let podium: PodiumSpec | null = null
  let propSet: PropSet | null = null
  let sceneImage = bg.image
  const tPlace = performance.now()
  if (cut) {
    const canvas = { width: input.width, height: input.height }
    const override = input.productBox ? boxToPixels(input.productBox, canvas.width, canvas.height) : null
    const place = computePlacement({ productBox: cut.sourceBox, canvas, layout: bg.layout, override, view })
    adLayout = place.layout
    const podiumKind = view === 'front' && !input.keptScene ? podiumFromPrompt(input.bgPrompt) : null
    if (podiumKind) {
      podium = raiseOntoPodium(place, podiumKind, canvas)
      sceneImage = { width: bg.image.width, height: bg.image.height, data: new Uint8ClampedArray(bg.image.data) }
      const amb = bg.layout.ambient
      drawPodium(sceneImage, podium, bg.light, [Math.min(255, amb[0] * 1.08 + 14), Math.min(255, amb[1] * 1.08 + 14), Math.min(255, amb[2] * 1.08 + 14)])
    }
    // Seasonal props behind and beside the product, clear of it and of the copy's box.
    propSet = view === 'front' && !input.keptScene ? propsFromPrompt(input.bgPrompt) : null
    if (propSet) {
      if (sceneImage === bg.image) sceneImage = { width: bg.image.width, height: bg.image.height, data: new Uint8ClampedArray(bg.image.data) }
      const text = boxToPixels(layoutFor(canvas.width, canvas.height).text, canvas.width, canvas.height)
      drawProps(sceneImage, propSet, { product: place.box, floorY: podium ? podium.floorY : place.floorY, horizonY: bg.layout.horizonY, avoid: [text], light: bg.light, seed: input.seed })
    }
    const product = await resampleProduct(cut, place.box[2], place.box[3])
    // A flat lay lies on the surface: there is no floor line to stand its contact points on.
    const grounded = view === 'top' ? null : groundBox(product, place.box, place.floorY, canvas.height, cutByFrame(cut.matte, cut.sourceBox))
    productBox = grounded?.box ?? place.box
    grounding = grounded?.grounding ?? null
    const composed = compositeProduct({
      background: sceneImage,
      product,
      box: productBox,
      light: bg.light,
      layout: bg.layout,
      floorY: grounding?.contact_line,
      view,
      options: { castShadow: !podium },
    })
    image = composed.image
    mask = composed.mask
  }
  sw.add('placement', performance.now() - tPlace)
  sw.add('step1', performance.now() - t0)
  return {
    image,
    scene: sceneImage,
    podium,
    cutout: cut ? cutoutImage(cut.photo, cut.matte, cut.sourceBox) : null,
    grounding,
    adLayout,
    view: { chosen: view, requested, signals: detected?.signals ?? null },
    mask,
    productBox,
    productSourceBox: cut?.sourceBox ?? null,
    productMask: cut?.matte ?? null,
    cutoutCheck: cutoutCheckOf(cut),
    engines: { cutout: cut?.source ?? null, background: 'builtin-procedural', placement: 'builtin-shadows' },
    look: propSet ? { ...bg.look, name: `${bg.look.name} · ${propSet} props` } : bg.look,
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

/**
 * Share of the canvas height a podium's body takes; the product shrinks to keep within its region.
 * Its top is at least 1.6x the product's width (a narrow bottle on a narrower drum looks balanced on a coin).
 */
const PODIUM_HEIGHT = 0.09

/**
 * Lifts the placed product onto a podium standing on its floor line: the podium takes PODIUM_HEIGHT
 * of the canvas, the product shrinks (about its base centre) so its top stays in its region, and
 * the placement's floor line becomes the podium's top face. Mutates `place`.
 */
function raiseOntoPodium(place: { box: Box; floorY: number; region: Box }, kind: PodiumSpec['kind'], canvas: { width: number; height: number }): PodiumSpec {
  const height = Math.round(PODIUM_HEIGHT * canvas.height)
  const [x, , w, h] = place.box
  const top = place.floorY - height
  // Keep a little air under the copy's band: the product's region top is the copy's neighbour.
  const room = top - place.region[1] - Math.round(0.03 * canvas.height)
  const k = Math.min(1, room / h)
  const nw = Math.max(1, Math.round(w * k))
  const nh = Math.max(1, Math.round(h * k))
  const cx = x + w / 2
  place.box = [Math.round(cx - nw / 2), top - nh, nw, nh]
  const spec: PodiumSpec = { kind, cx, rx: Math.min(canvas.width * (kind === 'discs' ? 0.38 : 0.45), Math.max(nw * 0.8, 0.16 * Math.min(canvas.width, canvas.height))), floorY: place.floorY, height, product: [...place.box] }
  place.floorY = podiumTop(spec)
  return spec
}

/** The cutout's doubts (product-cutout.ts notes.cutout_check) for /status; null when no model made the mask. */
function cutoutCheckOf(cut: Cutout | null): CutoutCheckInfo | null {
  if (!cut || (cut.notes.mask !== 'computed' && cut.notes.mask !== 'cached')) return null
  const reasons = String(cut.notes.cutout_check ?? '').split(',').filter(Boolean)
  return { doubtful: reasons.length > 0, reasons }
}
