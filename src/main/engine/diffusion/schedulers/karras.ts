/**
 * Karras et al. (2022) sigma spacing, as diffusers' Euler schedulers apply it with
 * use_karras_sigmas: the range of the grid's own sigmas re-spaced evenly in sigma^(1/rho), and
 * the timesteps the UNet sees recovered from those sigmas by log-sigma interpolation.
 */

const RHO = 7

/** (max^(1/rho) + ramp (min^(1/rho) - max^(1/rho)))^rho at ramp = linspace(0, 1, n), highest first. */
export function karrasSigmas(sigmaMin: number, sigmaMax: number, n: number, rho = RHO): number[] {
  const lo = sigmaMin ** (1 / rho)
  const hi = sigmaMax ** (1 / rho)
  return Array.from({ length: n }, (_, i) => (hi + (n === 1 ? 0 : i / (n - 1)) * (lo - hi)) ** rho)
}

/**
 * diffusers' _sigma_to_t: the fractional training timestep whose log-sigma, linearly interpolated
 * between neighbouring training steps, equals log(sigma); clamped to the table's range.
 */
export function sigmaToTimestep(sigma: number, logSigmas: Float64Array): number {
  const ls = Math.log(Math.max(sigma, 1e-10))
  // The last training step at or below log(sigma) (0 when none is), kept one short of the end.
  let low = 0
  for (let i = 0; i < logSigmas.length; i++) if (logSigmas[i] <= ls) low = i
  low = Math.min(low, logSigmas.length - 2)
  const a = logSigmas[low]
  const b = logSigmas[low + 1]
  const w = Math.min(1, Math.max(0, (a - ls) / (a - b)))
  return low + w
}

/** Karras sigmas between the ends of `gridSigmas` (or the config's overrides), their timesteps, and the final 0. */
export function karrasSchedule(
  gridSigmas: readonly number[],
  trainingSigmas: Float64Array,
  range: { sigmaMin: number | null; sigmaMax: number | null } = { sigmaMin: null, sigmaMax: null },
): { timesteps: number[]; sigmas: number[] } {
  const n = gridSigmas.length
  const sigmas = karrasSigmas(range.sigmaMin ?? gridSigmas[n - 1], range.sigmaMax ?? gridSigmas[0], n)
  const logSigmas = trainingSigmas.map(Math.log)
  return { timesteps: sigmas.map((s) => sigmaToTimestep(s, logSigmas)), sigmas: [...sigmas, 0] }
}
