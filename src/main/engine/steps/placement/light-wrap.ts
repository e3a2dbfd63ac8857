import type { Box, Mask, RgbaImage } from '../../image/raster'
import { boxBlur, clipRect, type Patch } from './blur'

/** Light wrap never reaches further into the product than this (px, Euclidean, canvas scale). */
export const LIGHT_WRAP_RADIUS = 3
export const DEFAULT_LIGHT_WRAP_STRENGTH = 0.28
/** Beyond this, wrap stops looking like light and starts looking like a glow/halo. */
const MAX_STRENGTH = 0.35

/**
 * Blurred background around the product: the light that would spill over its edges. Kept at a
 * reduced resolution: it is smooth by construction and only sampled on the rim.
 */
export interface BlurredBackground {
  /** Canvas rect covered, [x, y) to [x + w, y + h). */
  x: number
  y: number
  w: number
  h: number
  /** Canvas px per grid cell. */
  step: number
  gw: number
  gh: number
  planes: [Float32Array, Float32Array, Float32Array]
}

/**
 * Blurs the part of `background` around `box`. Take it BEFORE the product is painted: the wrap
 * light comes from the scene behind the product, not from the product itself.
 */
export function blurBackgroundAround(background: RgbaImage, box: Box, radius?: number): BlurredBackground | null {
  const { width, height, data } = background
  const r = Math.max(2, Math.round(radius ?? 0.008 * Math.min(width, height)))
  const m = LIGHT_WRAP_RADIUS + 1
  const rect = clipRect(box[0] - m, box[1] - m, box[0] + box[2] + m, box[1] + box[3] + m, width, height)
  if (!rect) return null
  const [x0, y0, x1, y1] = rect
  const w = x1 - x0
  const h = y1 - y0
  const step = Math.max(1, Math.floor(r / 2))
  const gw = Math.ceil(w / step)
  const gh = Math.ceil(h / step)
  const planes: [Float32Array, Float32Array, Float32Array] = [new Float32Array(gw * gh), new Float32Array(gw * gh), new Float32Array(gw * gh)]
  const count = new Float32Array(gw * gh)
  for (let y = 0; y < h; y++) {
    const grow = Math.floor(y / step) * gw
    let i = ((y0 + y) * width + x0) * 4
    for (let x = 0; x < w; x++, i += 4) {
      const g = grow + Math.floor(x / step)
      planes[0][g] += data[i]
      planes[1][g] += data[i + 1]
      planes[2][g] += data[i + 2]
      count[g]++
    }
  }
  for (const p of planes) {
    for (let g = 0; g < p.length; g++) p[g] /= count[g]
    boxBlur(p, gw, gh, r / step, 2, 'clamp')
  }
  return { x: x0, y: y0, w, h, step, gw, gh, planes }
}

/** Bilinear read of the blurred background at canvas pixel (x, y), into out[0..2]. */
function sampleBlurred(b: BlurredBackground, x: number, y: number, out: Float32Array): void {
  const gx = Math.min(b.gw - 1, Math.max(0, (x - b.x + 0.5) / b.step - 0.5))
  const gy = Math.min(b.gh - 1, Math.max(0, (y - b.y + 0.5) / b.step - 0.5))
  const ix = Math.min(b.gw - 2, Math.floor(gx))
  const iy = Math.min(b.gh - 2, Math.floor(gy))
  if (ix < 0 || iy < 0) {
    const g = Math.round(gy) * b.gw + Math.round(gx)
    for (let c = 0; c < 3; c++) out[c] = b.planes[c][g]
    return
  }
  const fx = gx - ix
  const fy = gy - iy
  const g = iy * b.gw + ix
  for (let c = 0; c < 3; c++) {
    const p = b.planes[c]
    const top = p[g] + (p[g + 1] - p[g]) * fx
    const bot = p[g + b.gw] + (p[g + b.gw + 1] - p[g + b.gw]) * fx
    out[c] = top + (bot - top) * fy
  }
}

const isOpaque = (a: number): boolean => a >= 1 - 1e-6

/**
 * Distance (px, Euclidean) from each pixel of `rect` to the nearest not-fully-opaque pixel of the
 * mask, capped at LIGHT_WRAP_RADIUS + 1. The nearest such pixel always borders an opaque one, so
 * only those border pixels stamp a small disc: cost follows the outline, not the area.
 * Off-canvas counts as opaque: there is no background out there to spill in.
 */
export function rimDistance(mask: Mask, rect: Box): Patch {
  const R = LIGHT_WRAP_RADIUS
  const CAP = R + 1
  const [rx, ry, w, h] = rect
  const { width, height, data } = mask
  const out = new Float32Array(w * h).fill(CAP)
  const opaqueAt = (x: number, y: number): boolean => x < 0 || y < 0 || x >= width || y >= height || isOpaque(data[y * width + x])
  const disc: number[] = []
  for (let dy = -R; dy <= R; dy++) for (let dx = -R; dx <= R; dx++) if (dx * dx + dy * dy <= R * R) disc.push(dx, dy, Math.sqrt(dx * dx + dy * dy))
  const ya = Math.max(0, ry - R), yb = Math.min(height, ry + h + R)
  const xa = Math.max(0, rx - R), xb = Math.min(width, rx + w + R)
  for (let y = ya; y < yb; y++) {
    const off = y * width
    for (let x = xa; x < xb; x++) {
      if (isOpaque(data[off + x])) continue
      if (!(opaqueAt(x - 1, y) || opaqueAt(x + 1, y) || opaqueAt(x, y - 1) || opaqueAt(x, y + 1))) {
        const lx = x - rx, ly = y - ry
        if (lx >= 0 && ly >= 0 && lx < w && ly < h) out[ly * w + lx] = 0
        continue
      }
      for (let k = 0; k < disc.length; k += 3) {
        const lx = x + disc[k] - rx
        const ly = y + disc[k + 1] - ry
        if (lx < 0 || ly < 0 || lx >= w || ly >= h) continue
        const o = ly * w + lx
        if (disc[k + 2] < out[o]) out[o] = disc[k + 2]
      }
    }
  }
  return { x: rx, y: ry, w, h, data: out }
}

/**
 * Blends the blurred background into the product's outer rim, in place. Only pixels with some
 * product alpha and within LIGHT_WRAP_RADIUS of a not-fully-opaque pixel change; the weight falls
 * quadratically from `strength` at the edge, so it reads as light catching the rim, not an outline.
 */
export function applyLightWrap(target: RgbaImage, productMask: Mask, blurred: BlurredBackground, strength = DEFAULT_LIGHT_WRAP_STRENGTH): void {
  const s = Math.min(MAX_STRENGTH, Math.max(0, strength))
  if (s <= 0) return
  const dist = rimDistance(productMask, [blurred.x, blurred.y, blurred.w, blurred.h])
  const { width } = target
  const td = target.data
  const md = productMask.data
  const px = new Float32Array(3)
  for (let y = 0; y < dist.h; y++) {
    for (let x = 0; x < dist.w; x++) {
      const o = y * dist.w + x
      const d = dist.data[o]
      if (d > LIGHT_WRAP_RADIUS) continue
      const mi = (dist.y + y) * width + dist.x + x
      const a = md[mi]
      if (a <= 0) continue
      // Scaled by alpha: a half-transparent edge pixel is half background already.
      const f = 1 - d / (LIGHT_WRAP_RADIUS + 1)
      const k = s * f * f * Math.min(1, a)
      sampleBlurred(blurred, dist.x + x, dist.y + y, px)
      const i = mi * 4
      td[i] = td[i] + (px[0] - td[i]) * k
      td[i + 1] = td[i + 1] + (px[1] - td[i + 1]) * k
      td[i + 2] = td[i + 2] + (px[2] - td[i + 2]) * k
    }
  }
}
