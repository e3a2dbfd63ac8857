/**
 * The denoising loop for one seed, independent of ONNX: the model is a `predict` callback, so the
 * loop (noise, scaling, scheduler steps, inpainting blend, cancellation) is testable on its own.
 */
import { SeededGaussian } from '../gaussian'
import type { Scheduler } from '../schedulers/scheduler'

export interface LatentBlend {
  /** Latent-size mask, 1 = repaint (one value per latent pixel, shared by the 4 channels). */
  mask: Float32Array
  /** Clean latents of the original image. */
  imageLatents: Float32Array
}

export interface DenoiseOptions {
  scheduler: Scheduler
  seed: number
  /** Number of latent values (4 * h * w). */
  size: number
  /**
   * Clean image latents for img2img/inpainting; start from them noised at the first step, or from
   * pure noise when `fromPureNoise` (diffusers' inpainting pipelines at strength 1; never img2img).
   */
  init?: { latents: Float32Array; fromPureNoise: boolean }
  /** Ordinary (4-channel) UNet inpainting: keep the unmasked latents on the original's noisy path. */
  blend?: LatentBlend
  /** Scaled latents in → guided model output out. */
  predict: (scaled: Float32Array, t: number, i: number) => Promise<Float32Array>
  /** Called before every model run: throws to cancel. */
  checkpoint?: (i: number) => void
  onStepMs?: (ms: number) => void
}

export async function denoise(o: DenoiseOptions): Promise<Float32Array> {
  const { scheduler, size } = o
  const gen = new SeededGaussian(o.seed)
  const noise = gen.randn(size)
  let latents: Float32Array
  if (!o.init || o.init.fromPureNoise) latents = noise.map((v) => v * scheduler.initNoiseSigma)
  else latents = scheduler.addNoise(o.init.latents, noise, 0)
  const n = scheduler.timesteps.length
  for (let i = 0; i < n; i++) {
    o.checkpoint?.(i)
    const t0 = performance.now()
    const k = scheduler.inputScale(i)
    const scaled = k === 1 ? latents : latents.map((v) => v * k)
    const out = await o.predict(scaled, scheduler.timesteps[i], i)
    latents = scheduler.step(i, latents, out, (m) => gen.randn(m))
    if (o.blend) latents = blendStep(latents, o.blend, i < n - 1 ? scheduler.addNoise(o.blend.imageLatents, noise, i + 1) : o.blend.imageLatents)
    o.onStepMs?.(performance.now() - t0)
  }
  return latents
}

/** latents = (1 - mask) * original-at-this-noise-level + mask * latents, per channel plane. */
function blendStep(latents: Float32Array, blend: LatentBlend, proper: Float32Array): Float32Array {
  const plane = blend.mask.length
  const out = new Float32Array(latents.length)
  for (let k = 0; k < latents.length; k++) {
    const m = blend.mask[k % plane]
    out[k] = (1 - m) * proper[k] + m * latents[k]
  }
  return out
}
