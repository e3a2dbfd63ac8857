/** Synthetic shapes with known answers for the segment-step tests and timing script. */
import type { Mask, RgbaImage } from '../../../src/main/engine/image/raster'

/** Small deterministic PRNG (mulberry32) so noisy fixtures are identical on every run. */
export function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function emptyMask(width: number, height: number): Mask {
  return { width, height, data: new Float32Array(width * height) }
}

/** Sets pixels whose centre lies within `r` of (cx, cy) to `value`. */
export function paintDisc(m: Mask, cx: number, cy: number, r: number, value = 1): Mask {
  const x0 = Math.max(0, Math.floor(cx - r - 1))
  const x1 = Math.min(m.width - 1, Math.ceil(cx + r + 1))
  const y0 = Math.max(0, Math.floor(cy - r - 1))
  const y1 = Math.min(m.height - 1, Math.ceil(cy + r + 1))
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const dx = x + 0.5 - cx
      const dy = y + 0.5 - cy
      if (dx * dx + dy * dy <= r * r) m.data[y * m.width + x] = value
    }
  }
  return m
}

export function paintRect(m: Mask, x: number, y: number, w: number, h: number, value = 1): Mask {
  for (let yy = Math.max(0, y); yy < Math.min(m.height, y + h); yy++) {
    for (let xx = Math.max(0, x); xx < Math.min(m.width, x + w); xx++) m.data[yy * m.width + xx] = value
  }
  return m
}

export function countAbove(m: Mask, t = 0.5): number {
  let c = 0
  for (let i = 0; i < m.data.length; i++) if (m.data[i] >= t) c++
  return c
}

/** Separable Gaussian blur, brute force: an independent reference, slow but fine for tests. */
export function gaussianBlur(m: Mask, sigma: number): Mask {
  const r = Math.ceil(sigma * 3)
  const k: number[] = []
  let sum = 0
  for (let i = -r; i <= r; i++) {
    const v = Math.exp(-(i * i) / (2 * sigma * sigma))
    k.push(v)
    sum += v
  }
  const { width: w, height: h } = m
  const tmp = new Float32Array(w * h)
  const out = new Float32Array(w * h)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0
      for (let i = -r; i <= r; i++) s += k[i + r] * m.data[y * w + Math.min(w - 1, Math.max(0, x + i))]
      tmp[y * w + x] = s / sum
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0
      for (let i = -r; i <= r; i++) s += k[i + r] * tmp[Math.min(h - 1, Math.max(0, y + i)) * w + x]
      out[y * w + x] = s / sum
    }
  }
  return { width: w, height: h, data: out }
}

export function addNoise(m: Mask, amplitude: number, seed: number): Mask {
  const rand = rng(seed)
  const out = new Float32Array(m.data.length)
  for (let i = 0; i < out.length; i++) out[i] = Math.min(1, Math.max(0, m.data[i] + (rand() * 2 - 1) * amplitude))
  return { width: m.width, height: m.height, data: out }
}

/** A photo whose product (mask ≥ 0.5) is one grey level and the backdrop another. */
export function photoFromMask(m: Mask, fg = 200, bg = 40): RgbaImage {
  const data = new Uint8ClampedArray(m.width * m.height * 4)
  for (let i = 0; i < m.data.length; i++) {
    const v = m.data[i] >= 0.5 ? fg : bg
    data[i * 4] = v
    data[i * 4 + 1] = v
    data[i * 4 + 2] = v
    data[i * 4 + 3] = 255
  }
  return { width: m.width, height: m.height, data }
}

export function flatPhoto(width: number, height: number, v = 128): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4).fill(v)
  return { width, height, data }
}

export function iou(a: Mask, b: Mask, t = 0.5): number {
  let inter = 0
  let union = 0
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i] >= t
    const y = b.data[i] >= t
    if (x && y) inter++
    if (x || y) union++
  }
  return union === 0 ? 1 : inter / union
}
