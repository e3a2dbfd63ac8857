/**
 * Periodic profile tables for line-like textures (marble veins, wood grain, sand ripples). The grid
 * stores a smooth, unwrapped "phase"; the final pass looks its profile up per output pixel, so lines
 * come out sharp even though the phase was computed at a reduced resolution. Pre-blurred levels
 * stand in for mip-maps: rows where the phase changes fast (far floor, small images) read a blurrier
 * level instead of aliasing into moiré.
 */
export const LUT_SIZE = 1024
export const LUT_MASK = LUT_SIZE - 1
export const LUT_MAX_LEVEL = 9

export interface PhaseLut {
  /** levels[k] is the profile box-blurred over 2^k entries (level 0 = sharp). */
  levels: Float32Array[]
}

export function makeLut(profile: (t: number) => number): PhaseLut {
  const sharp = new Float32Array(LUT_SIZE)
  for (let i = 0; i < LUT_SIZE; i++) sharp[i] = profile(i / LUT_SIZE)
  const levels = [sharp]
  for (let k = 1; k <= LUT_MAX_LEVEL; k++) {
    const w = 1 << k
    const prev = sharp
    const out = new Float32Array(LUT_SIZE)
    // Circular box blur through a running sum: the profile is periodic.
    let sum = 0
    const half = w >> 1
    for (let j = -half; j < w - half; j++) sum += prev[(j + LUT_SIZE) & LUT_MASK]
    for (let i = 0; i < LUT_SIZE; i++) {
      out[i] = sum / w
      sum += prev[(i + w - half) & LUT_MASK] - prev[(i - half + LUT_SIZE) & LUT_MASK]
    }
    levels.push(out)
  }
  return { levels }
}

/**
 * Fractional blur level for a phase change of `rate` periods per output pixel plus `extraBlur`
 * periods of depth-of-field blur. Fractional, so the final pass can blend two levels: switching
 * levels from one row to the next draws visible horizontal seams in the texture.
 */
export function lutLevel(rate: number, extraBlur: number): number {
  const entries = (rate * 1.5 + extraBlur) * LUT_SIZE
  if (entries <= 1) return 0
  return Math.min(LUT_MAX_LEVEL, Math.log2(entries))
}

function gauss(d: number, w: number): number {
  return Math.exp(-(d * d) / (w * w))
}

/** Distance from t to the nearest multiple of 1, in [0, 0.5]. */
function cyc(t: number): number {
  const f = t - Math.floor(t)
  return f > 0.5 ? 1 - f : f
}

/** One bold vein and two hairline veins per period, as in Carrara/Calacatta slabs. */
export const marbleProfile = (t: number): number =>
  Math.min(
    1,
    gauss(cyc(t), 0.012) * 0.85 + gauss(cyc(t), 0.05) * 0.18 +
      gauss(cyc(t - 0.23), 0.004) * 0.45 +
      gauss(cyc(t - 0.52), 0.02) * 0.22 + gauss(cyc(t - 0.52), 0.005) * 0.3 +
      gauss(cyc(t - 0.81), 0.003) * 0.35,
  )

/** Thin dark latewood line with a soft earlywood shoulder. */
export const woodProfile = (t: number): number => {
  const d = cyc(t)
  return Math.min(1, gauss(d, 0.06) * 0.8 + gauss(d, 0.2) * 0.35)
}

/** Asymmetric ripple: a gentle windward slope and a shaded steep lee side. */
export const rippleProfile = (t: number): number => {
  const f = t - Math.floor(t)
  const shade = f < 0.7 ? f / 0.7 : (1 - f) / 0.3
  return shade * shade
}
