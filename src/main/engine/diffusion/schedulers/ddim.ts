/**
 * DDIM (diffusers DDIMScheduler, eta 0): deterministic; x' = sqrt(ac_prev) x0 + sqrt(1-ac_prev) eps
 * with prev_t = t - T // N.
 */
import { alphasCumprod, spacedTimesteps } from './noise-schedule'
import { addNoiseAtAlpha } from './lcm'
import { predictFromAlpha, stepsForStrength, type Scheduler } from './scheduler'
import type { PredictionType, SchedulerConfig } from './scheduler-config'

/** One DDIM (eta 0) step for one value. */
export function ddimStepValue(x: number, out: number, alpha: number, alphaPrev: number, prediction: PredictionType = 'epsilon', clipRange = 0): number {
  const p = predictFromAlpha(prediction, x, out, alpha)
  const eps = p.eps
  // diffusers keeps eps as predicted when it clips x0 (it re-derives eps only with thresholding).
  const x0 = clipRange > 0 ? Math.min(clipRange, Math.max(-clipRange, p.x0)) : p.x0
  return Math.sqrt(alphaPrev) * x0 + Math.sqrt(1 - alphaPrev) * eps
}

export class DdimScheduler implements Scheduler {
  readonly kind = 'ddim' as const
  readonly timesteps: number[]
  readonly initNoiseSigma = 1
  private readonly ac: Float64Array
  private readonly finalAlpha: number
  private readonly stride: number

  constructor(
    private readonly cfg: SchedulerConfig,
    steps: number,
    strength = 1,
  ) {
    this.ac = alphasCumprod(cfg)
    this.finalAlpha = cfg.setAlphaToOne ? 1 : this.ac[0]
    this.stride = Math.floor(cfg.numTrainTimesteps / steps)
    const full = spacedTimesteps(cfg.timestepSpacing, steps, cfg.numTrainTimesteps, cfg.stepsOffset, true)
    this.timesteps = full.slice(steps - stepsForStrength(steps, strength))
  }

  inputScale(): number {
    return 1
  }

  step(i: number, x: Float32Array, out: Float32Array): Float32Array {
    const t = this.timesteps[i]
    const prevT = t - this.stride
    const alpha = this.ac[t]
    const alphaPrev = prevT >= 0 ? this.ac[prevT] : this.finalAlpha
    const clip = this.cfg.clipSample ? this.cfg.clipSampleRange : 0
    const res = new Float32Array(x.length)
    for (let k = 0; k < x.length; k++) res[k] = ddimStepValue(x[k], out[k], alpha, alphaPrev, this.cfg.predictionType, clip)
    return res
  }

  addNoise(x0: Float32Array, noise: Float32Array, i: number): Float32Array {
    return addNoiseAtAlpha(x0, noise, this.ac[this.timesteps[i]])
  }
}
