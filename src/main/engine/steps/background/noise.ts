/**
 * 2D gradient (Perlin-style) noise on a seeded lattice table. Hashing four corners per sample costs
 * ~3x more than reading a precomputed table, and the table's 256-cell period is far beyond any
 * frequency we use, so the table wins for the hot loops in textures.ts.
 */
import { Rng } from './prng'

const SIZE = 256
const MASK = SIZE - 1

// Rotating each octave hides the lattice's axis alignment, which otherwise shows up as faint
// horizontal/vertical streaks in smooth surfaces such as paper or plaster.
const ROT_C = 0.8
const ROT_S = 0.6

// 1024 evenly spaced unit vectors: drawing gradients from this table makes a new seed's lattice
// cost 65k table reads instead of 65k cos/sin pairs (~4 ms per previously unseen seed).
const DIRS = 1024
const DIR_X = new Float32Array(DIRS)
const DIR_Y = new Float32Array(DIRS)
for (let k = 0; k < DIRS; k++) {
  DIR_X[k] = Math.cos(((k + 0.5) * 2 * Math.PI) / DIRS)
  DIR_Y[k] = Math.sin(((k + 0.5) * 2 * Math.PI) / DIRS)
}

export class GradientNoise {
  private readonly gx: Float32Array
  private readonly gy: Float32Array

  constructor(seed: number) {
    const rng = new Rng(seed)
    this.gx = new Float32Array(SIZE * SIZE)
    this.gy = new Float32Array(SIZE * SIZE)
    for (let i = 0; i < SIZE * SIZE; i++) {
      const d = rng.nextU32() & (DIRS - 1)
      this.gx[i] = DIR_X[d]
      this.gy[i] = DIR_Y[d]
    }
  }

  /** Smooth noise in [-1, 1] (the extremes are rare; typical |n| < 0.6). */
  noise(x: number, y: number): number {
    const xf = Math.floor(x)
    const yf = Math.floor(y)
    const fx = x - xf
    const fy = y - yf
    const x0 = xf & MASK
    const y0 = (yf & MASK) << 8
    const x1 = (x0 + 1) & MASK
    const y1 = (y0 + SIZE) & (MASK << 8)
    const gx = this.gx
    const gy = this.gy
    const i00 = y0 | x0
    const i10 = y0 | x1
    const i01 = y1 | x0
    const i11 = y1 | x1
    const n00 = gx[i00] * fx + gy[i00] * fy
    const n10 = gx[i10] * (fx - 1) + gy[i10] * fy
    const n01 = gx[i01] * fx + gy[i01] * (fy - 1)
    const n11 = gx[i11] * (fx - 1) + gy[i11] * (fy - 1)
    // Quintic fade: C2-continuous, so lit relief (snow drifts) shows no creases at cell borders.
    const u = fx * fx * fx * (fx * (fx * 6 - 15) + 10)
    const v = fy * fy * fy * (fy * (fy * 6 - 15) + 10)
    const a = n00 + u * (n10 - n00)
    const b = n01 + u * (n11 - n01)
    return (a + v * (b - a)) * 1.41421356
  }

  /** Fractal sum normalised to [-1, 1]. */
  fbm(x: number, y: number, octaves: number, lacunarity = 2, gain = 0.5): number {
    let sum = 0
    let amp = 1
    let norm = 0
    let px = x
    let py = y
    for (let o = 0; o < octaves; o++) {
      sum += amp * this.noise(px, py)
      norm += amp
      amp *= gain
      const rx = ROT_C * px - ROT_S * py
      const ry = ROT_S * px + ROT_C * py
      // The offset keeps every octave from sharing the lattice origin (a visible "pole" at 0,0).
      px = rx * lacunarity + 17.31
      py = ry * lacunarity + 41.77
    }
    return sum / norm
  }

  /** Ridges along the zero set of fbm: thin branching lines, in [0, 1], 1 on the ridge. */
  ridge(x: number, y: number, octaves: number): number {
    const n = this.fbm(x, y, octaves)
    return 1 - Math.min(1, Math.abs(n) * 2)
  }
}
