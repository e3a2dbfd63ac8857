/**
 * PLMS: diffusers' PNDMScheduler with skip_prk_steps, which SD 1.x folders ship. A linear
 * multistep method on the model outputs of past steps; it warms up by running the second grid
 * timestep twice (an Euler-like step, then the same step redone with the average of both outputs).
 */
import { addNoiseAtAlpha } from './lcm'
import { alphasCumprod, spacedTimesteps } from './noise-schedule'
import { predictFromAlpha, stepsForStrength, type Scheduler } from './scheduler'
import type { SchedulerConfig } from './scheduler-config'

/** The UNet timesteps for a grid (highest first): its second timestep repeated, N + 1 in all. */
export function plmsTimesteps(grid: readonly number[]): number[] {
  return grid.length < 2 ? [...grid] : [grid[0], grid[1], ...grid.slice(1)]
}

/**
 * diffusers' _get_prev_sample (PNDM paper eq. 9): x at alphaPrev from x at alpha and an epsilon
 * estimate.
 */
export function pndmPrevSample(x: number, eps: number, alpha: number, alphaPrev: number): number {
  const denom = alpha * Math.sqrt(1 - alphaPrev) + Math.sqrt(alpha * (1 - alpha) * alphaPrev)
  return Math.sqrt(alphaPrev / alpha) * x - ((alphaPrev - alpha) * eps) / denom
}

/** Adams-Bashforth weights for 1-4 stored outputs, oldest first. */
const PLMS_WEIGHTS: readonly (readonly number[])[] = [[1], [-1 / 2, 3 / 2], [5 / 12, -16 / 12, 23 / 12], [-9 / 24, 37 / 24, -59 / 24, 55 / 24]]

/** The multistep combination of the stored outputs (oldest first, at most the last 4 count). */
export function plmsCombine(outputs: readonly Float32Array[], k: number): number {
  const used = outputs.slice(-4)
  const w = PLMS_WEIGHTS[used.length - 1]
  let s = 0
  for (let j = 0; j < used.length; j++) s += w[j] * used[j][k]
  return s
}

export class PndmScheduler implements Scheduler {
  readonly kind = 'pndm' as const
  readonly timesteps: number[]
  readonly initNoiseSigma = 1
  private readonly ac: Float64Array
  private readonly finalAlpha: number
  private readonly stride: number
  /** Model outputs of the steps so far (the repeated step's is not kept, as in diffusers). */
  private outputs: Float32Array[] = []
  /** The latents the first step started from: the repeated step redoes that step. */
  private firstSample: Float32Array | null = null

  /**
   * img2img runs PLMS afresh on the grid's remaining timesteps (their second one repeated).
   * diffusers instead slices the full N + 1 list, which leaves the warm-up pair at the wrong noise
   * levels whenever strength < 1.
   */
  constructor(
    private readonly cfg: SchedulerConfig,
    steps: number,
    strength = 1,
  ) {
    this.ac = alphasCumprod(cfg)
    this.finalAlpha = cfg.setAlphaToOne ? 1 : this.ac[0]
    this.stride = Math.floor(cfg.numTrainTimesteps / steps)
    const grid = spacedTimesteps(cfg.timestepSpacing, steps, cfg.numTrainTimesteps, cfg.stepsOffset, true)
    this.timesteps = plmsTimesteps(grid.slice(steps - stepsForStrength(steps, strength)))
  }

  inputScale(): number {
    return 1
  }

  /** Stateful across steps; step 0 starts over, so one instance serves several seeds in turn. */
  step(i: number, x: Float32Array, out: Float32Array): Float32Array {
    if (i === 0) {
      this.outputs = []
      this.firstSample = x
    }
    const repeat = i === 1
    let t = this.timesteps[i]
    let prevT = t - this.stride
    let from = x
    if (repeat) {
      // The second run of the grid's second timestep redoes step 0 (from its start) with the mean output.
      prevT = t
      t += this.stride
      from = this.firstSample ?? x
    } else this.outputs.push(Float32Array.from(out))
    const alpha = this.ac[t]
    const alphaPrev = prevT >= 0 ? this.ac[prevT] : this.finalAlpha
    const first = this.outputs[0]
    const res = new Float32Array(x.length)
    for (let k = 0; k < x.length; k++) {
      const raw = repeat ? (out[k] + first[k]) / 2 : plmsCombine(this.outputs, k)
      // v and x0 predictions become epsilon against the sample being stepped (diffusers: after combining).
      const { eps } = predictFromAlpha(this.cfg.predictionType, from[k], raw, alpha)
      res[k] = pndmPrevSample(from[k], eps, alpha, alphaPrev)
    }
    if (repeat) this.firstSample = null
    if (this.outputs.length > 4) this.outputs.shift()
    return res
  }

  addNoise(x0: Float32Array, noise: Float32Array, i: number): Float32Array {
    return addNoiseAtAlpha(x0, noise, this.ac[this.timesteps[i]])
  }
}
