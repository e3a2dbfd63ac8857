/**
 * Euler and Euler-ancestral (diffusers EulerDiscreteScheduler / EulerAncestralDiscreteScheduler,
 * s_churn 0): sigma-space samplers; SD-Turbo uses Euler, SDXL-Turbo Euler ancestral, both with
 * "trailing" spacing. use_karras_sigmas re-spaces the sigmas (karras.ts).
 */
import { karrasSchedule } from './karras'
import { alphasCumprod, sigmasAt, spacedTimesteps, trainingSigmas } from './noise-schedule'
import { predictFromSigma, stepsForStrength, type Scheduler } from './scheduler'
import type { PredictionType, SchedulerConfig } from './scheduler-config'

/** One Euler step for one value: x' = x + ((x - x0) / sigma) * (sigmaNext - sigma). */
export function eulerStepValue(x: number, out: number, sigma: number, sigmaNext: number, prediction: PredictionType = 'epsilon'): number {
  const x0 = predictFromSigma(prediction, x, out, sigma)
  return x + ((x - x0) / sigma) * (sigmaNext - sigma)
}

/** The ancestral split of a step from sigmaFrom to sigmaTo into a deterministic part and fresh noise. */
export function ancestralSigmas(sigmaFrom: number, sigmaTo: number): { up: number; down: number } {
  const up = Math.sqrt((sigmaTo * sigmaTo * (sigmaFrom * sigmaFrom - sigmaTo * sigmaTo)) / (sigmaFrom * sigmaFrom))
  return { up, down: Math.sqrt(Math.max(0, sigmaTo * sigmaTo - up * up)) }
}

/** Euler-ancestral before its noise term: x + eps * (sigmaDown - sigma). */
export function eulerAncestralDeterministic(x: number, out: number, sigma: number, sigmaDown: number, prediction: PredictionType = 'epsilon'): number {
  const x0 = predictFromSigma(prediction, x, out, sigma)
  return x + ((x - x0) / sigma) * (sigmaDown - sigma)
}

export class EulerScheduler implements Scheduler {
  readonly kind: 'euler' | 'euler_a'
  readonly timesteps: number[]
  readonly initNoiseSigma: number
  /** Sigmas of the steps that run, plus the final 0. */
  readonly sigmas: number[]

  constructor(
    private readonly cfg: SchedulerConfig,
    steps: number,
    strength = 1,
    ancestral = cfg.kind === 'euler_a',
  ) {
    this.kind = ancestral ? 'euler_a' : 'euler'
    // Euler keeps linspace's fractional timesteps (and interpolates sigma there), as diffusers does.
    const grid = spacedTimesteps(cfg.timestepSpacing, steps, cfg.numTrainTimesteps, cfg.stepsOffset, false)
    const table = trainingSigmas(alphasCumprod(cfg))
    const gridSigmas = sigmasAt(grid, table)
    // Karras spacing keeps the grid's sigma range (its ends) but re-spaces the steps inside it.
    const { timesteps: full, sigmas: allSigmas } = cfg.useKarrasSigmas ? karrasSchedule(gridSigmas.slice(0, -1), table, cfg) : { timesteps: grid, sigmas: gridSigmas }
    const maxSigma = Math.max(...allSigmas)
    this.initNoiseSigma = cfg.timestepSpacing === 'leading' ? Math.sqrt(maxSigma * maxSigma + 1) : maxSigma
    const start = steps - stepsForStrength(steps, strength)
    this.timesteps = full.slice(start)
    this.sigmas = allSigmas.slice(start)
  }

  inputScale(i: number): number {
    return 1 / Math.sqrt(this.sigmas[i] ** 2 + 1)
  }

  step(i: number, x: Float32Array, out: Float32Array, randn: (n: number) => Float32Array): Float32Array {
    const sigma = this.sigmas[i]
    const next = this.sigmas[i + 1]
    const pred = this.cfg.predictionType
    const res = new Float32Array(x.length)
    if (this.kind === 'euler') {
      for (let k = 0; k < x.length; k++) res[k] = eulerStepValue(x[k], out[k], sigma, next, pred)
      return res
    }
    const { up, down } = ancestralSigmas(sigma, next)
    // Noise is drawn on every step (also the last, where up is 0) so the stream stays aligned.
    const noise = randn(x.length)
    for (let k = 0; k < x.length; k++) res[k] = eulerAncestralDeterministic(x[k], out[k], sigma, down, pred) + noise[k] * up
    return res
  }

  addNoise(x0: Float32Array, noise: Float32Array, i: number): Float32Array {
    const sigma = this.sigmas[i]
    const res = new Float32Array(x0.length)
    for (let k = 0; k < x0.length; k++) res[k] = x0[k] + noise[k] * sigma
    return res
  }
}
