import type { Rgb } from '../steps/background/scene-types'
import { computePlacement } from '../steps/placement/auto-place'
import { diffusionLayout } from '../steps/generative/scene-background'
import type { RgbaImage } from '../image/raster'
import type { EngineContext, RunHooks } from './engine-context'
import { resampleProduct, type Cutout } from './product-cutout'
import type { Step1Input, Step1Output } from './step1-product-scene'
import type { Stopwatch } from './stopwatch'

/**
 * Step 1 with an installed diffusion model: the scene is generated around where the product will
 * stand, the product's own pixels are pasted back, and only the contact ring is harmonised. One
 * scene per seed (`samples`); the first is the job's step 1, the others are offered to choose from.
 */
export async function runDiffusionScene(
  input: Step1Input & { bgEngine: string; samples: number; steps: number; guidance: number },
  cut: Cutout | null,
  palette: Rgb[] | undefined,
  ctx: EngineContext,
  hooks: RunHooks,
  sw: Stopwatch,
): Promise<Omit<Step1Output, 'timings' | 'notes' | 'productSourceBox' | 'scene' | 'grounding' | 'adLayout'> & { samples: { seed: number; image: RgbaImage }[]; notes: Step1Output['notes'] }> {
  const canvas = { width: input.width, height: input.height }
  let product: { image: RgbaImage; box: [number, number, number, number] } | null = null
  if (cut) {
    const place = computePlacement({ productBox: cut.sourceBox, canvas, layout: diffusionLayout(input.width, input.height) })
    product = { image: await resampleProduct(cut, place.box[2], place.box[3]), box: place.box }
  }
  // Turbo models are distilled for guidance 0: nanoCocoa's default 3.5 would burn them.
  const defaults = ctx.generative.defaults(input.bgEngine)
  const guidance = defaults?.guidance === 0 ? 0 : input.guidance
  const seeds = Array.from({ length: input.samples }, (_, i) => (input.seed + i) >>> 0)
  const out = await sw.time('background', () =>
    ctx.generative.sceneBackground(input.bgEngine, {
      canvas,
      prompt: input.bgPrompt,
      negativePrompt: input.bgNegativePrompt,
      product,
      productPalette: palette,
      seeds,
      steps: input.steps,
      guidance,
      signal: hooks.signal,
      onProgress: (p) =>
        hooks.onProgress?.({
          step: 'step1_background',
          subStep: p.stage === 'scene' ? 'diffusion_scene' : 'harmonise',
          fraction: 0.3 + 0.6 * (p.step / Math.max(1, p.steps)),
          message: p.stage === 'scene' ? `Generating the scene (${p.step}/${p.steps})` : 'Blending the product into the scene',
        }),
    }),
  )
  const first = out.samples[0]
  return {
    image: first.image,
    mask: first.mask,
    productBox: product?.box ?? null,
    engines: { cutout: cut?.source ?? null, background: `diffusion:${out.model}`, placement: 'builtin-shadows+inpaint' },
    look: first.background.look,
    light: first.background.light,
    layout: first.background.layout,
    samples: out.samples.map((s) => ({ seed: s.seed, image: s.image })),
    notes: { ...out.notes, harmonised: first.harmonised },
  }
}
