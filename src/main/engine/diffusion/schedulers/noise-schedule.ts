/**
 * The training noise schedule and inference timestep grids, as diffusers computes them (float64
 * here; torch's float32 differs ~1e-5 relative). Pure functions of the config.
 */
import type { SchedulerConfig, TimestepSpacing } from './scheduler-config'

/** Cumulative product of (1 - beta) over the training timesteps. */
export function alphasCumprod(cfg: Pick<SchedulerConfig, 'numTrainTimesteps' | 'betaStart' | 'betaEnd' | 'betaSchedule'>): Float64Array {
  const n = cfg.numTrainTimesteps
  const out = new Float64Array(n)
  let acc = 1
  for (let i = 0; i < n; i++) {
    const f = n === 1 ? 0 : i / (n - 1)
    const beta =
      cfg.betaSchedule === 'scaled_linear'
        ? (Math.sqrt(cfg.betaStart) + f * (Math.sqrt(cfg.betaEnd) - Math.sqrt(cfg.betaStart))) ** 2
        : cfg.betaStart + f * (cfg.betaEnd - cfg.betaStart)
    acc *= 1 - beta
    out[i] = acc
  }
  return out
}

/** sigma(t) = sqrt((1 - ac_t) / ac_t) for every training timestep. */
export function trainingSigmas(ac: Float64Array): Float64Array {
  return ac.map((a) => Math.sqrt((1 - a) / a))
}

/** numpy's round(): halves go to the even neighbour (np.round(937.5) = 938, np.round(812.5) = 812). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x)
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r
}

/**
 * Inference timesteps for `steps` steps, highest first. `round` false keeps linspace's fractional
 * values (Euler uses them as-is; DDIM rounds).
 */
export function spacedTimesteps(spacing: TimestepSpacing, steps: number, trainSteps: number, stepsOffset: number, round = true): number[] {
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps must be a positive integer, got ${steps}`)
  const out: number[] = []
  if (spacing === 'trailing') {
    const ratio = trainSteps / steps
    // numpy's arange computes start + i*step (no accumulated error); capped at `steps` values.
    for (let i = 0; i < steps; i++) out.push(roundHalfEven(trainSteps - i * ratio) - 1)
  } else if (spacing === 'leading') {
    const ratio = Math.floor(trainSteps / steps)
    for (let i = steps - 1; i >= 0; i--) out.push(roundHalfEven(i * ratio) + stepsOffset)
  } else {
    for (let i = steps - 1; i >= 0; i--) {
      const t = steps === 1 ? 0 : (i * (trainSteps - 1)) / (steps - 1)
      out.push(round ? roundHalfEven(t) : t)
    }
  }
  return out
}

/** np.interp(x, arange(len(values)), values): linear between integer timesteps, clamped at the ends. */
export function interpAtTimestep(values: Float64Array, t: number): number {
  if (t <= 0) return values[0]
  if (t >= values.length - 1) return values[values.length - 1]
  const lo = Math.floor(t)
  const f = t - lo
  return values[lo] * (1 - f) + values[lo + 1] * f
}

/** Sigmas at the timesteps, with the final 0 appended (diffusers' final_sigmas_type "zero"). */
export function sigmasAt(timesteps: readonly number[], sigmas: Float64Array): number[] {
  return [...timesteps.map((t) => interpAtTimestep(sigmas, t)), 0]
}
