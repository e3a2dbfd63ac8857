/**
 * Seeded value noise for the procedural materials (wood grain, marble veins, stone, chalk). Same
 * seed, same pixels: nothing here reads Math.random.
 */

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface Noise {
  /** Smooth noise in 0..1. */
  value(x: number, y: number): number
  /** Fractal sum of `octaves` layers, 0..1. */
  fbm(x: number, y: number, octaves: number): number
  /** White noise per integer cell, 0..1. */
  hash(ix: number, iy: number): number
}

export function makeNoise(seed: number): Noise {
  const rnd = mulberry32(seed ^ 0x9e3779b9)
  const perm = new Uint8Array(512)
  const vals = new Float32Array(256)
  const p = Array.from({ length: 256 }, (_, i) => i)
  for (let i = 255; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    ;[p[i], p[j]] = [p[j], p[i]]
  }
  for (let i = 0; i < 512; i++) perm[i] = p[i & 255]
  for (let i = 0; i < 256; i++) vals[i] = rnd()
  const hash = (ix: number, iy: number): number => vals[perm[(perm[ix & 255] + iy) & 511]]
  const value = (x: number, y: number): number => {
    const ix = Math.floor(x)
    const iy = Math.floor(y)
    const fx = x - ix
    const fy = y - iy
    const sx = fx * fx * (3 - 2 * fx)
    const sy = fy * fy * (3 - 2 * fy)
    const a = hash(ix, iy)
    const b = hash(ix + 1, iy)
    const c = hash(ix, iy + 1)
    const d = hash(ix + 1, iy + 1)
    return a + (b - a) * sx + (c - a) * sy + (a - b - c + d) * sx * sy
  }
  const fbm = (x: number, y: number, octaves: number): number => {
    let sum = 0
    let amp = 0.5
    let norm = 0
    for (let o = 0; o < octaves; o++) {
      sum += amp * value(x, y)
      norm += amp
      x = x * 2.03 + 17.1
      y = y * 2.03 + 5.3
      amp *= 0.5
    }
    return sum / norm
  }
  return { value, fbm, hash }
}
