import { randomInt } from 'node:crypto'
import { EngineError } from '../errors'
import { decodeImage, type DecodedImage } from '../image/decode'
import { alphaOf, createMask, type Box, type Mask, type RgbaImage } from '../image/raster'
import type { SceneLight } from '../steps/background/scene-types'
import { boxToFractions, layoutKind } from '../steps/compose/ad-layout'
import type { Grounding } from '../steps/placement/ground'
import type { EngineContext, RunHooks } from './engine-context'
import type { CutoutCheckInfo } from '../../../shared/job-status'
import { MaskCache } from '../steps/segment/mask-cache'
import { decodeProductMask, PRODUCT_MASK_FIELD } from '../steps/segment/product-mask'
import type { JobParameters } from './job-parameters'
import type { KeptScene } from './kept-scene'
import { runStep1, type Step1Input, type Step1Output } from './step1-product-scene'
import { maskCacheFor } from './product-cutout'
import { precheckStep2, restyleWithControlNet, runStep2 } from './step2-text'
import { runStep3 } from './step3-compose'

// The request without its base64 blobs lives in job-parameters.ts (no native imports); re-exported for the engine.
export { stripImages, type JobParameters } from './job-parameters'

/** The images as bytes (from files or decoded base64). */

export interface JobImages {
  product?: Uint8Array
  step1?: Uint8Array
  step2?: Uint8Array
  /** The product's mask: on step1 for start_step 2/3 (mask_image), on the photo for 1 (product_mask). */
  mask?: Uint8Array
  /** A kept empty scene (scene.png + its light and layout): step 1 places the product over it instead of making a scene. */
  keptScene?: KeptScene
}

export interface JobOutput {
  step1?: RgbaImage
  /** The empty scene before the product was placed (scene.png): moving the product re-places it over this. */
  scene?: RgbaImage
  /** The product cut out at the photo's resolution (cutout.png, its alpha the matte): re-placing reuses it. */
  cutout?: RgbaImage
  mask?: Mask
  /** Transparent text layer (step 2). */
  step2?: RgbaImage
  /** Canny edges of the text layer, 0/255, the layer's size. */
  step2Edges?: Uint8Array
  /** Scene variations from a diffusion engine (`samples`), the first being step1. */
  samples?: { seed: number; image: RgbaImage }[]
  /** Face coverage of the text layer (step 2 ran in this job). */
  step2Face?: Uint8Array
  final?: RgbaImage
  /** The product's mask at the photo's size (step 1 with a product). */
  productMask?: Mask
  /** The steps that ran, in order. */
  ranSteps: number[]
  /** Why the job ended before stop_step, if it did. */
  stoppedEarly: string | null
  record: JobRecord
}

/** What job.json holds: enough to understand, reproduce and re-edit the result. */
export interface JobRecord {
  parameters: JobParameters & { seed: number }
  timings_ms: Record<string, number>
  engines: Record<string, string | null>
  product_box: Box | null
  product_source_box: Box | null
  /** Signs that the cutout needs a look (batch "check cutout"); null without a product. */
  cutout_check?: CutoutCheckInfo | null
  input: { format: string; width: number; height: number; had_alpha: boolean } | null
  /** The scene's look, light and layout; `kept_from`: the job (or CLI folder) whose kept scene the product was placed over. */
  scene: { look: Step1Output['look']; light: Step1Output['light']; layout: Step1Output['layout']; kept_from?: string } | null
  text: Record<string, unknown> | null
  composition: Record<string, unknown> | null
  /**
   * The ad layout (issue 10): what it chose for the product and the copy as [x, y, w, h] fractions
   * of the canvas (a request's product_box / text_box, when given, is what was used), and how the
   * product stands (floor line, contact line, gap, in canvas px).
   */
  layout: LayoutRecord | null
  notes: Record<string, unknown>
}

export interface LayoutRecord {
  kind: string | null
  product_box: Box | null
  text_box: Box | null
  grounding: Grounding | null
  /** Camera view: 'front' (floor and wall) or 'top' (flat lay), what was asked, and the detection's signals. */
  view?: Step1Output['view'] | null
  /** The podium under the product (kind, centre, half-width, floor line, height in px), if the prompt asked for one. */
  podium?: Step1Output['podium']
}

/** Runs steps start_step..stop_step; kept images stand in for the steps that are skipped. */
export async function runJob(params: JobParameters, images: JobImages, ctx: EngineContext, hooks: RunHooks = {}): Promise<JobOutput> {
  const t0 = performance.now()
  const seed = params.seed ?? randomInt(0, 2 ** 31)
  const timings: Record<string, number> = {}
  const record: JobRecord = {
    parameters: { ...params, seed },
    timings_ms: timings,
    engines: {},
    product_box: null,
    product_source_box: null,
    input: null,
    scene: null,
    text: null,
    composition: null,
    layout: null,
    notes: {},
  }
  const out: JobOutput = { ranSteps: [], stoppedEarly: null, record }
  let light: SceneLight | null = null
  // Copy step 2 cannot draw (emoji) is refused before step 1 spends seconds on a scene.
  if (params.stop_step >= 2 && params.start_step <= 2 && params.text_content) precheckStep2({ text: params.text_content, fontName: params.font_name, stylePrompt: params.text_model_prompt, styleId: params.text_style })

  if (params.start_step === 1) {
    let product: DecodedImage | null = null
    if (images.product) {
      const td = performance.now()
      product = await decodeImage(images.product, 'product_image')
      timings.decode = Math.round(performance.now() - td)
      record.input = { format: product.format, width: product.image.width, height: product.image.height, had_alpha: product.hadAlpha }
    }
    let supplied: Mask | undefined
    let maskKept: boolean | undefined
    if (product && images.mask) {
      const m = await decodeProductMask(images.mask, product.image)
      if (!m.ok) throw new EngineError(m.code, m.message, PRODUCT_MASK_FIELD)
      supplied = m.value
      // A supplied mask (Refine cutout's correction) belongs to the photo like a computed one: later
      // jobs with the same photo and model (New background, a batch re-run, the next start) use it.
      if (images.product) maskKept = await maskCacheFor(ctx).put(MaskCache.key(images.product, params.segmentation_model), supplied)
    }
    const kept = images.keptScene ? await decodeKeptScene(images.keptScene) : null
    const s1 = await runStep1(
      {
        product,
        productSources: { photoBytes: images.product, supplied, edits: params.cutout_edits },
        width: kept?.image.width ?? params.width,
        height: kept?.image.height ?? params.height,
        keptScene: kept,
        bgPrompt: params.bg_prompt,
        bgNegativePrompt: params.bg_negative_prompt,
        seed,
        segmentation: params.segmentation_model,
        // A kept scene is the scene: no engine makes one, so no variations either.
        bgEngine: kept ? 'builtin' : params.bg_engine,
        samples: kept ? 1 : params.samples,
        steps: params.num_inference_steps,
        guidance: params.guidance_scale,
        productBox: params.product_box ?? null,
        view: params.view,
      },
      ctx,
      hooks,
    )
    out.samples = s1.samples
    Object.assign(timings, s1.timings)
    Object.assign(record.engines, s1.engines)
    record.product_box = s1.productBox
    record.product_source_box = s1.productSourceBox
    record.cutout_check = s1.cutoutCheck
    record.scene = { look: s1.look, light: s1.light, layout: s1.layout, ...(images.keptScene ? { kept_from: images.keptScene.from ?? 'scene.png' } : {}) }
    record.layout = {
      kind: s1.adLayout,
      product_box: s1.productBox ? boxToFractions(s1.productBox, s1.image.width, s1.image.height) : null,
      text_box: null,
      grounding: s1.grounding,
      view: s1.view,
      podium: s1.podium ?? null,
    }
    out.scene = s1.scene
    out.cutout = s1.cutout ?? undefined
    record.notes = { ...s1.notes }
    if (maskKept !== undefined) record.notes.mask_kept = maskKept
    out.step1 = s1.image
    out.mask = s1.mask
    if (s1.productMask) out.productMask = s1.productMask
    light = s1.light
    out.ranSteps.push(1)
    await hooks.onStepDone?.(1, { step1: out.step1, mask: out.mask, productMask: out.productMask, samples: out.samples, scene: out.scene, cutout: out.cutout })
  } else {
    out.step1 = (await decodeImage(images.step1!, 'step1_image')).image
    out.mask = images.mask ? await decodeMask(images.mask, out.step1) : undefined
  }
  const canvas = { width: out.step1.width, height: out.step1.height }
  record.parameters.width = canvas.width
  record.parameters.height = canvas.height

  // A product moved over a kept scene keeps its copy too: the text layer it was given stands in for step 2.
  const keptText = params.start_step === 1 && images.keptScene && images.step2 ? images.step2 : null
  if (keptText && params.stop_step >= 2) {
    out.step2 = (await decodeImage(keptText, 'step2_image')).image
    record.notes.text_kept = true
  } else if (params.stop_step >= 2 && params.start_step <= 2) {
    if (!params.text_content?.trim()) {
      out.stoppedEarly = 'no text_content: made the background and product only'
      return finish(out, timings, t0)
    }
    let s2 = runStep2(
      { text: params.text_content, fontName: params.font_name, stylePrompt: params.text_model_prompt, styleId: params.text_style, canvas, seed },
      hooks,
    )
    record.engines.text = 'builtin-vector-3d'
    if (params.text_engine !== 'builtin') {
      const styled = await restyleWithControlNet(
        s2,
        params.text_engine,
        { stylePrompt: params.text_model_prompt, negativePrompt: params.negative_prompt, seed, segmentation: params.segmentation_model },
        ctx,
        hooks,
      )
      record.engines.text = styled.engine
      if (styled.fallback) record.notes.text_fallback = styled.fallback
      s2 = styled
    }
    timings.step2 = Math.round(s2.ms * 10) / 10
    record.text = { ...s2.info }
    out.step2 = s2.layer
    out.step2Edges = s2.edges
    out.step2Face = s2.face.length ? s2.face : undefined
    out.ranSteps.push(2)
    await hooks.onStepDone?.(2, { step2: out.step2 })
  } else if (params.start_step === 3) {
    out.step2 = (await decodeImage(images.step2!, 'step2_image')).image
  }

  if (params.stop_step >= 3 && out.step2) {
    const s3 = runStep3(
      { scene: out.step1, productMask: out.mask ?? null, textLayer: out.step2, textFace: out.step2Face ?? null, mode: params.composition_mode, position: params.text_position, light, textBox: params.text_box ?? null },
      hooks,
    )
    timings.step3 = Math.round(s3.ms * 10) / 10
    record.engines.composition = 'builtin-compose'
    const { image, candidates: _c, ...info } = s3.result
    record.composition = info
    record.layout = {
      ...(record.layout ?? { kind: layoutKind(canvas.width, canvas.height), product_box: null, grounding: null }),
      text_box: boxToFractions(info.textBox, canvas.width, canvas.height),
    }
    out.final = image
    out.ranSteps.push(3)
    await hooks.onStepDone?.(3, { final: out.final })
  }
  return finish(out, timings, t0)
}

function finish(out: JobOutput, timings: Record<string, number>, t0: number): JobOutput {
  timings.total = Math.round(performance.now() - t0)
  return out
}

async function decodeKeptScene(k: KeptScene): Promise<NonNullable<Step1Input['keptScene']>> {
  const { image } = await decodeImage(k.png, 'scene_image')
  // The layout's lines are in the scene's pixels: a resized scene.png would misplace the floor.
  if (image.width !== k.layout.width || image.height !== k.layout.height)
    throw new EngineError('invalid_image', `scene_image: ${image.width}x${image.height} does not match its job.json layout (${k.layout.width}x${k.layout.height})`, 'scene_image')
  return { image, light: k.light, layout: k.layout, look: k.look, view: k.view }
}

/** A kept product mask: its own alpha if it has one, else its grey level; it must match step 1's size. */
async function decodeMask(bytes: Uint8Array, scene: RgbaImage): Promise<Mask> {
  const { image, hadAlpha } = await decodeImage(bytes, 'mask_image')
  if (image.width !== scene.width || image.height !== scene.height)
    throw new EngineError('invalid_image', `mask_image: ${image.width}x${image.height} does not match step1_image (${scene.width}x${scene.height})`, 'mask_image')
  if (hadAlpha) {
    const a = alphaOf(image)
    if (a.data.some((v) => v < 1)) return a
  }
  const m = createMask(image.width, image.height)
  for (let i = 0; i < m.data.length; i++) m.data[i] = image.data[i * 4] / 255
  return m
}
