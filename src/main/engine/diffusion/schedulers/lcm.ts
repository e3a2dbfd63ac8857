/**
 * LCM (diffusers LCMScheduler): few-step consistency sampling. Each step predicts the clean
 * latents, applies the boundary-condition scalings, and re-noises to the next timestep.
 */
import { EngineError } from '../../errors'
import { alphasCumprod } from './noise-schedule'
import { predictFromAlpha, type Scheduler } from './scheduler'
import type { PredictionType, SchedulerConfig } from './scheduler-config'

/** Timesteps: `steps` picks, evenly by index, from the distilled grid of `originalSteps` points. */
export function lcmTimesteps(steps: number, trainSteps: number, originalSteps: number, strength = 1): number[] {
  const k = Math.floor(trainSteps / originalSteps)
  const n = Math.floor(originalSteps * strength)
  if (steps > originalSteps)
    throw new EngineError('invalid_request', `LCM: ${steps} steps is more than the ${originalSteps} the model was distilled for`, 'num_inference_steps')
  if (n < steps) throw new EngineError('invalid_request', `LCM: strength ${strength} leaves ${n} timesteps for ${steps} steps: raise strength or lower steps`, 'strength')
  const origin: number[] = []
  for (let i = n; i >= 1; i--) origin.push(i * k - 1)
  const out: number[] = []
  for (let i = 0; i < steps; i++) out.push(origin[Math.floor((i * n) / steps)])
  return out
}

/** c_skip, c_out for timestep t (sigma_data 0.5). */
export function lcmScalings(t: number, timestepScaling = 10): { cSkip: number; cOut: number } {
  const s = t * timestepScaling
  return { cSkip: 0.25 / (s * s + 0.25), cOut: s / Math.sqrt(s * s + 0.25) }
}

/** The denoised estimate for one value at timestep t (before any re-noising). */
export function lcmDenoisedValue(x: number, out: number, alpha: number, t: number, prediction: PredictionType = 'epsilon', timestepScaling = 10): number {
  const { x0 } = predictFromAlpha(prediction, x, out, alpha)
  const { cSkip, cOut } = lcmScalings(t, timestepScaling)
  return cOut * x0 + cSkip * x
}

export class LcmScheduler implements Scheduler {
  readonly kind = 'lcm' as const
  readonly timesteps: number[]
  readonly initNoiseSigma = 1
  private readonly ac: Float64Array
  private readonly finalAlpha: number

  constructor(
    private readonly cfg: SchedulerConfig,
    steps: number,
    strength = 1,
  ) {
    this.ac = alphasCumprod(cfg)
    this.finalAlpha = cfg.setAlphaToOne ? 1 : this.ac[0]
    this.timesteps = lcmTimesteps(steps, cfg.numTrainTimesteps, cfg.originalInferenceSteps, strength)
  }

  inputScale(): number {
    return 1
  }

  step(i: number, x: Float32Array, out: Float32Array, randn: (n: number) => Float32Array): Float32Array {
    const t = this.timesteps[i]
    const last = i === this.timesteps.length - 1
    const prevT = last ? t : this.timesteps[i + 1]
    const alpha = this.ac[t]
    const alphaPrev = prevT >= 0 ? this.ac[prevT] : this.finalAlpha
    const { predictionType, timestepScaling, clipSample, clipSampleRange: r } = this.cfg
    const { cSkip, cOut } = lcmScalings(t, timestepScaling)
    const res = new Float32Array(x.length)
    for (let k = 0; k < x.length; k++) {
      let { x0 } = predictFromAlpha(predictionType, x[k], out[k], alpha)
      if (clipSample) x0 = Math.min(r, Math.max(-r, x0))
      res[k] = cOut * x0 + cSkip * x[k]
    }
    if (last) return res
    const noise = randn(x.length)
    const a = Math.sqrt(alphaPrev)
    const b = Math.sqrt(1 - alphaPrev)
    for (let k = 0; k < x.length; k++) res[k] = a * res[k] + b * noise[k]
    return res
  }

  addNoise(x0: Float32Array, noise: Float32Array, i: number): Float32Array {
    return addNoiseAtAlpha(x0, noise, this.ac[this.timesteps[i]])
  }
}

/** DDPM forward noising: sqrt(ac) x0 + sqrt(1 - ac) noise. */
export function addNoiseAtAlpha(x0: Float32Array, noise: Float32Array, alpha: number): Float32Array {
  const a = Math.sqrt(alpha)
  const b = Math.sqrt(1 - alpha)
  const res = new Float32Array(x0.length)
  for (let k = 0; k < x0.length; k++) res[k] = a * x0[k] + b * noise[k]
  return res
}
