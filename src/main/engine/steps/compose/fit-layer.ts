/**
 * Fitting the step-2 text layer into a box: trimming its transparent margin and resampling it.
 * Resampling runs on premultiplied colour: averaging straight RGBA lets the (usually black)
 * colour of fully transparent pixels bleed into the glyph edges as a dark fringe.
 */
import type { Box, RgbaImage } from '../../image/raster'
import { createRgba } from '../../image/raster'

/** Text is never enlarged: a raster layer blown up past 1:1 goes soft, step 2 should render it bigger. */
export const MAX_UPSCALE = 1

/** Bounding box of pixels with any alpha, or null for an empty layer. */
export function alphaBounds(img: RgbaImage): Box | null {
  const { width, height, data } = img
  let x0 = width
  let y0 = height
  let x1 = -1
  let y1 = -1
  for (let y = 0; y < height; y++) {
    let i = y * width * 4 + 3
    for (let x = 0; x < width; x++, i += 4) {
      if (data[i] === 0) continue
      if (x < x0) x0 = x
      if (x > x1) x1 = x
      if (y < y0) y0 = y
      y1 = y
    }
  }
  return x1 < 0 ? null : [x0, y0, x1 - x0 + 1, y1 - y0 + 1]
}

export function crop(img: RgbaImage, box: Box): RgbaImage {
  const [bx, by, bw, bh] = box
  if (bx === 0 && by === 0 && bw === img.width && bh === img.height) return img
  const out = createRgba(bw, bh)
  for (let y = 0; y < bh; y++) {
    const s = ((by + y) * img.width + bx) * 4
    out.data.set(img.data.subarray(s, s + bw * 4), y * bw * 4)
  }
  return out
}

/** The largest scale (≤ maxScale) at which a w x h layer fits a region. */
export function fitScale(w: number, h: number, regionW: number, regionH: number, maxScale = MAX_UPSCALE): number {
  if (w <= 0 || h <= 0) return 0
  return Math.max(0, Math.min(maxScale, regionW / w, regionH / h))
}

interface Taps {
  start: Int32Array
  count: Int32Array
  weights: Float32Array
  maxTaps: number
}

/**
 * Triangle-filter taps widened by the downscale factor, so shrinking averages every source pixel
 * (area-like) instead of skipping some, and enlarging is plain bilinear.
 */
function taps(srcLen: number, dstLen: number): Taps {
  const scale = dstLen / srcLen
  const support = Math.max(1, 1 / scale)
  const maxTaps = Math.ceil(support * 2) + 2
  const start = new Int32Array(dstLen)
  const count = new Int32Array(dstLen)
  const weights = new Float32Array(dstLen * maxTaps)
  for (let o = 0; o < dstLen; o++) {
    const centre = (o + 0.5) / scale - 0.5
    const lo = Math.max(0, Math.ceil(centre - support))
    const hi = Math.min(srcLen - 1, Math.floor(centre + support))
    let sum = 0
    let n = 0
    for (let s = lo; s <= hi && n < maxTaps; s++, n++) {
      const w = Math.max(0, 1 - Math.abs(s - centre) / support)
      weights[o * maxTaps + n] = w
      sum += w
    }
    if (sum <= 0) {
      // Degenerate (a 1-pixel source): take the nearest pixel.
      const s = Math.min(srcLen - 1, Math.max(0, Math.round(centre)))
      start[o] = s
      count[o] = 1
      weights[o * maxTaps] = 1
      continue
    }
    for (let k = 0; k < n; k++) weights[o * maxTaps + k] /= sum
    start[o] = lo
    count[o] = n
  }
  return { start, count, weights, maxTaps }
}

/** Resample straight RGBA to dw x dh through premultiplied alpha. */
export function resampleRgba(src: RgbaImage, dw: number, dh: number): RgbaImage {
  const sw = src.width
  const sh = src.height
  dw = Math.max(1, Math.round(dw))
  dh = Math.max(1, Math.round(dh))
  if (dw === sw && dh === sh) return { width: sw, height: sh, data: new Uint8ClampedArray(src.data) }
  const sd = src.data
  const tx = taps(sw, dw)
  // Horizontal pass premultiplies on the fly: a premultiplied copy of a large layer would be
  // several megabytes of garbage per call.
  const tmp = new Float32Array(dw * sh * 4)
  for (let y = 0; y < sh; y++) {
    const row = y * sw * 4
    for (let x = 0; x < dw; x++) {
      let r = 0
      let g = 0
      let b = 0
      let a = 0
      const base = x * tx.maxTaps
      let s = row + tx.start[x] * 4
      for (let k = 0; k < tx.count[x]; k++, s += 4) {
        const sa = sd[s + 3]
        if (sa === 0) continue
        const w = tx.weights[base + k]
        const wa = (w * sa) / 255
        r += sd[s] * wa
        g += sd[s + 1] * wa
        b += sd[s + 2] * wa
        a += sa * w
      }
      if (a === 0) continue
      const o = (y * dw + x) * 4
      tmp[o] = r
      tmp[o + 1] = g
      tmp[o + 2] = b
      tmp[o + 3] = a
    }
  }
  const ty = taps(sh, dh)
  const out = createRgba(dw, dh)
  const od = out.data
  const stride = dw * 4
  for (let y = 0; y < dh; y++) {
    const base = y * ty.maxTaps
    const n = ty.count[y]
    const s0 = ty.start[y] * stride
    for (let x = 0; x < dw; x++) {
      let r = 0
      let g = 0
      let b = 0
      let a = 0
      let s = s0 + x * 4
      for (let k = 0; k < n; k++, s += stride) {
        const w = ty.weights[base + k]
        r += tmp[s] * w
        g += tmp[s + 1] * w
        b += tmp[s + 2] * w
        a += tmp[s + 3] * w
      }
      const o = (y * dw + x) * 4
      if (a < 0.5) continue
      const inv = 255 / a
      od[o] = r * inv
      od[o + 1] = g * inv
      od[o + 2] = b * inv
      od[o + 3] = a
    }
  }
  return out
}
