import type { FracBox } from './canvas-geometry'

/**
 * Where the product and the copy are on a finished ad, read from the job's own images: the product
 * is the product mask's bounding box (mask.png is the product's alpha on the canvas); the copy is
 * the bounding box of the pixels where the final differs from step 1 (step 1 is the same scene with
 * the product and no text, so only the copy and its legibility guard differ). Measuring the images
 * works for every job, old ones included, and is what the user sees.
 */

export interface Rgba {
  width: number
  height: number
  data: Uint8ClampedArray | Uint8Array
}

/** A channel difference below this is encoder noise, not copy (PNG is lossless; this is margin). */
const DIFF_THRESHOLD = 24
/** A box of fewer pixels than this is noise: no copy there. */
const MIN_PIXELS = 12

function toFrac(x0: number, y0: number, x1: number, y1: number, w: number, h: number): FracBox {
  return [x0 / w, y0 / h, (x1 - x0 + 1) / w, (y1 - y0 + 1) / h]
}

/** The bounding box of the mask's product pixels (alpha when the mask has any, else its grey level). */
export function maskBox(mask: Rgba, threshold = 128): FracBox | null {
  const { width: w, height: h, data } = mask
  let hasAlpha = false
  for (let i = 3; i < data.length; i += 4)
    if (data[i] !== 255) {
      hasAlpha = true
      break
    }
  const ch = hasAlpha ? 3 : 0
  let [x0, y0, x1, y1, n] = [w, h, -1, -1, 0]
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      if (data[(y * w + x) * 4 + ch] < threshold) continue
      n++
      if (x < x0) x0 = x
      if (x > x1) x1 = x
      if (y < y0) y0 = y
      if (y > y1) y1 = y
    }
  return n >= MIN_PIXELS ? toFrac(x0, y0, x1, y1, w, h) : null
}

/** The bounding box of the pixels where `a` and `b` (same size) differ: the copy on the ad. */
export function diffBox(a: Rgba, b: Rgba): FracBox | null {
  if (a.width !== b.width || a.height !== b.height) return null
  const { width: w, height: h } = a
  let [x0, y0, x1, y1, n] = [w, h, -1, -1, 0]
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4
      const d = Math.abs(a.data[i] - b.data[i]) + Math.abs(a.data[i + 1] - b.data[i + 1]) + Math.abs(a.data[i + 2] - b.data[i + 2])
      if (d < DIFF_THRESHOLD) continue
      n++
      if (x < x0) x0 = x
      if (x > x1) x1 = x
      if (y < y0) y0 = y
      if (y > y1) y1 = y
    }
  return n >= MIN_PIXELS ? toFrac(x0, y0, x1, y1, w, h) : null
}
