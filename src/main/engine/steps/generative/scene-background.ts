/**
 * Step 1 with a diffusion model: the scene is generated around the product (prompt + product
 * palette + light), the product is composited with shadows, a low-strength inpaint over the
 * shadow/contact ring only harmonises it with the scene, and finally the product is pasted back
 * with its own pixels. The model never owns the product region: no more fish turning into crumbs.
 */
import { generateImages, type DiffusionProgress } from '../../diffusion/pipeline/generate'
import type { DiffusionFolder } from '../../diffusion/pipeline/model-folder'
import type { SchedulerKind } from '../../diffusion/schedulers/scheduler-config'
import { createMask, type Box, type Mask, type RgbaImage } from '../../image/raster'
import type { ModelSessions } from '../../ml/session-pool'
import type { BackgroundResult, Rgb, SceneLayout, SceneLight } from '../background/scene-types'
import { compositeProduct, placeAlpha } from '../placement/composite-product'
import { dilateMask, mixByMask, pasteProduct, resizeMask, resizeRgba, workingSize } from './raster-ops'
import { SCENE_NEGATIVE, scenePrompt } from './scene-prompt'

export interface SceneBackgroundInput {
  /** A diffusion model folder (resolved from the installed model id by the caller). */
  model: string | DiffusionFolder
  sessions: ModelSessions
  canvas: { width: number; height: number }
  prompt: string
  negativePrompt?: string | null
  /** The cutout resampled to its box (as runStep1 makes it), and the box on the canvas. */
  product: { image: RgbaImage; box: Box } | null
  productPalette?: Rgb[]
  steps: number
  guidance: number
  /** Sampler instead of the folder's scheduler class (the catalogue's `defaults.scheduler`); absent: the folder's. */
  scheduler?: SchedulerKind
  /** One scene per seed (`samples`). */
  seeds: number[]
  /** Long side the model works at (its training size: 512 for Turbo models). */
  workingSide?: number
  /** Strength of the contact-ring inpaint (0 or false: off). */
  harmonise?: number | false
  signal?: AbortSignal
  onProgress?: (p: DiffusionProgress & { stage: 'scene' | 'harmonise' }) => void
}

export interface SceneSample {
  seed: number
  /** Shaped like the built-in generateBackground result. */
  background: BackgroundResult
  /** Final step-1 image and the product alpha on it, as runStep1 returns them. */
  image: RgbaImage
  mask: Mask
  harmonised: boolean
}

export interface SceneBackgroundOutput {
  samples: SceneSample[]
  prompt: string
  notes: Record<string, string | number | boolean>
}

const DEFAULT_LIGHT: SceneLight = { azimuthDeg: 120, elevationDeg: 50, softness: 0.7, color: [255, 250, 240] }

/** Light from the brighter half of the generated scene; its mean colour as the ambient. */
function readScene(bg: RgbaImage): { light: SceneLight; ambient: Rgb } {
  let left = 0
  let right = 0
  const sum = [0, 0, 0]
  const half = bg.width >> 1
  for (let y = 0; y < bg.height; y++)
    for (let x = 0; x < bg.width; x++) {
      const j = (y * bg.width + x) * 4
      const lum = 0.2126 * bg.data[j] + 0.7152 * bg.data[j + 1] + 0.0722 * bg.data[j + 2]
      if (x < half) left += lum
      else right += lum
      for (let c = 0; c < 3; c++) sum[c] += bg.data[j + c]
    }
  const n = bg.width * bg.height
  const tilt = (left - right) / Math.max(1, left + right)
  const azimuthDeg = Math.round(90 + Math.max(-1, Math.min(1, tilt * 8)) * 45)
  return { light: { ...DEFAULT_LIGHT, azimuthDeg }, ambient: sum.map((s) => Math.round(s / n)) as Rgb }
}

/**
 * The layout assumed for a generated scene (its horizon is unknown until it exists): the product
 * stands at 86% of the height. runStep1 places the product with this before calling the model.
 */
export function diffusionLayout(width: number, height: number, ambient: Rgb = [128, 128, 128]): SceneLayout {
  return { width, height, horizonY: Math.round(height * 0.62), groundY: Math.round(height * 0.86), glossy: false, reflectivity: 0, ambient }
}

/** Outside the product, within `radius` px of it, plus the band under its base where the shadow falls. */
export function contactRing(alpha: Mask, box: Box, radius: number): Mask {
  const grown = dilateMask(alpha, radius)
  const ring = createMask(alpha.width, alpha.height)
  const base = box[1] + box[3]
  for (let y = 0; y < alpha.height; y++)
    for (let x = 0; x < alpha.width; x++) {
      const i = y * alpha.width + x
      const underBase = y >= base - radius / 2 && y <= base + radius && x >= box[0] - radius && x < box[0] + box[2] + radius ? 1 : 0
      ring.data[i] = Math.max(0, Math.max(grown.data[i], underBase) - alpha.data[i])
    }
  return ring
}

export async function generateSceneBackground(input: SceneBackgroundInput): Promise<SceneBackgroundOutput> {
  const { canvas } = input
  const work = workingSize(canvas.width, canvas.height, input.workingSide ?? 512)
  const prompt = scenePrompt(input.prompt, input.productPalette, DEFAULT_LIGHT)
  const negative = [input.negativePrompt, SCENE_NEGATIVE].filter(Boolean).join(', ')
  const scenes = await generateImages(
    { model: input.model, prompt, negativePrompt: negative, width: work.width, height: work.height, steps: input.steps, guidance: input.guidance, scheduler: input.scheduler, seeds: input.seeds, signal: input.signal, onProgress: (p) => input.onProgress?.({ ...p, stage: 'scene' }) },
    input.sessions,
  )
  const notes: SceneBackgroundOutput['notes'] = { working_size: `${work.width}x${work.height}`, scheduler: scenes.info.scheduler, scheduler_note: scenes.info.schedulerNote, cfg: scenes.info.cfg }
  const samples: SceneSample[] = []
  for (let s = 0; s < input.seeds.length; s++) {
    const bg = await resizeRgba(scenes.images[s], canvas.width, canvas.height)
    const { light, ambient } = readScene(bg)
    const layout = diffusionLayout(canvas.width, canvas.height, ambient)
    const background: BackgroundResult = { image: bg, light, layout, look: { id: 'diffusion', name: 'generated scene', matchedWords: [] } }
    if (!input.product) {
      samples.push({ seed: input.seeds[s], background, image: bg, mask: createMask(canvas.width, canvas.height), harmonised: false })
      continue
    }
    const { image: product, box } = input.product
    // Shadows and reflection from the built-in placement; light wrap is left to the inpaint.
    const composed = compositeProduct({ background: bg, product, box, light, layout, options: { lightWrap: false } })
    let image = composed.image
    let harmonised = false
    const strength = input.harmonise === false ? 0 : (input.harmonise ?? 0.3)
    if (strength > 0) {
      const alpha = placeAlpha(product, box, canvas.width, canvas.height)
      const ring = contactRing(alpha, box, Math.max(4, Math.round(Math.min(box[2], box[3]) * 0.08)))
      const small = await resizeRgba(composed.image, work.width, work.height)
      // Enough steps that steps x strength runs at least one (Turbo models take 1-4 steps).
      const steps = Math.max(input.steps, Math.ceil(1 / strength))
      try {
        const fixed = await generateImages(
          {
            model: input.model,
            prompt,
            negativePrompt: negative,
            width: work.width,
            height: work.height,
            steps,
            guidance: input.guidance,
            scheduler: input.scheduler,
            seeds: [input.seeds[s]],
            init: { image: small, strength, mask: resizeMask(ring, work.width, work.height) },
            signal: input.signal,
            onProgress: (p) => input.onProgress?.({ ...p, stage: 'harmonise' }),
          },
          input.sessions,
        )
        image = mixByMask(composed.image, await resizeRgba(fixed.images[0], canvas.width, canvas.height), ring)
        harmonised = true
      } catch (e) {
        // A folder without a VAE encoder cannot inpaint: keep the composite, say why.
        if (!(e instanceof Error && /vae_encoder/.test(e.message))) throw e
        notes.harmonise_skipped = e.message
      }
    }
    samples.push({ seed: input.seeds[s], background, image: pasteProduct(image, product, box), mask: composed.mask, harmonised })
  }
  return { samples, prompt, notes }
}
