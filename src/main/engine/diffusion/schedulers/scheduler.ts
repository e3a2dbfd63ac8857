import type { PredictionType, SchedulerKind } from './scheduler-config'

/**
 * What the denoising loop needs from a scheduler. Indices are positions in `timesteps` (the steps
 * that actually run after strength is applied), so the loop never sees the full grid.
 */
export interface Scheduler {
  readonly kind: SchedulerKind
  /** Timesteps fed to the UNet, in order. */
  readonly timesteps: readonly number[]
  /** Scale of the initial pure-noise latents (text-to-image). */
  readonly initNoiseSigma: number
  /** Factor applied to the latents before they enter the UNet at step i. */
  inputScale(i: number): number
  /** One step: latents x at step i and the model output → latents after step i. */
  step(i: number, x: Float32Array, modelOutput: Float32Array, randn: (n: number) => Float32Array): Float32Array
  /** Clean latents noised to the level the UNet expects at step i (img2img start, inpaint blend). */
  addNoise(x0: Float32Array, noise: Float32Array, i: number): Float32Array
}

/**
 * How many of `steps` run for an img2img `strength` (diffusers: min(int(N*strength), N)); the run
 * starts at index steps - that.
 */
export function stepsForStrength(steps: number, strength: number): number {
  return Math.min(Math.floor(steps * strength), steps)
}

/** x0 and eps from a model output at noise level (alpha = ac_t), for DDIM/LCM-style schedulers. */
export function predictFromAlpha(prediction: PredictionType, x: number, out: number, alpha: number): { x0: number; eps: number } {
  const sa = Math.sqrt(alpha)
  const sb = Math.sqrt(1 - alpha)
  if (prediction === 'epsilon') return { x0: (x - sb * out) / sa, eps: out }
  if (prediction === 'v_prediction') return { x0: sa * x - sb * out, eps: sa * out + sb * x }
  return { x0: out, eps: (x - sa * out) / sb }
}

/** x0 from a model output at noise level sigma, for Euler-style (sigma-space) schedulers. */
export function predictFromSigma(prediction: PredictionType, x: number, out: number, sigma: number): number {
  if (prediction === 'epsilon') return x - sigma * out
  if (prediction === 'v_prediction') return out * (-sigma / Math.sqrt(sigma * sigma + 1)) + x / (sigma * sigma + 1)
  return out
}
