/**
 * Second look at a small product. ISNet sees every photo squeezed to 1024²: a product that fills
 * a small part of a large photo gets only a few hundred of those pixels, and thin parts and edges
 * blur away. Running the model again on the product's crop (with margin) and using that answer
 * inside the crop gives it the full 1024² again.
 */
import type { Box, Mask, RgbaImage } from '../../image/raster'
import { maskBoundingBox } from './mask-bounds'

export interface CropPassOptions {
  /** A product whose box side spans fewer network pixels than this gets a second pass. */
  maxNetworkSide: number
  /** Margin around the product's box, as a share of its longer side. */
  margin: number
  /** Network input side (ISNet: 1024). */
  networkSide: number
}

export const DEFAULT_CROP_PASS: CropPassOptions = { maxNetworkSide: 400, margin: 0.3, networkSide: 1024 }

/**
 * The crop to segment again, or null when the first pass already saw the product large enough.
 * `kept` is the first pass's clean product mask (0/1 per pixel, at the photo's size).
 */
export function cropForSecondPass(kept: Mask, options: Partial<CropPassOptions> = {}): Box | null {
  const o = { ...DEFAULT_CROP_PASS, ...options }
  const box = maskBoundingBox(kept, 0.5)
  if (!box) return null
  const [x, y, w, h] = box
  const seen = Math.max((w * o.networkSide) / kept.width, (h * o.networkSide) / kept.height)
  if (seen >= o.maxNetworkSide) return null
  const m = Math.round(o.margin * Math.max(w, h))
  const x0 = Math.max(0, x - m)
  const y0 = Math.max(0, y - m)
  const x1 = Math.min(kept.width, x + w + m)
  const y1 = Math.min(kept.height, y + h + m)
  // Too small a crop to be worth it (the photo itself is small): the first pass stands.
  if (x1 - x0 < 32 || y1 - y0 < 32) return null
  return [x0, y0, x1 - x0, y1 - y0]
}

export function cropImage(photo: RgbaImage, [x, y, w, h]: Box): RgbaImage {
  const data = new Uint8ClampedArray(w * h * 4)
  for (let row = 0; row < h; row++) {
    const s = ((y + row) * photo.width + x) * 4
    data.set(photo.data.subarray(s, s + w * 4), row * w * 4)
  }
  return { width: w, height: h, data }
}

/**
 * The first pass's probability with the crop pass pasted in. Inside the crop the second answer is
 * used; within a few pixels of the crop's border it is blended into the first so a product that
 * reaches the margin has no seam. Outside, the first pass stands.
 */
export function mergeCropPass(first: Mask, crop: Mask, [x, y, w, h]: Box): Mask {
  const out = new Float32Array(first.data)
  const ramp = Math.max(2, Math.round(0.05 * Math.min(w, h)))
  for (let row = 0; row < h; row++) {
    const dy = Math.min(row, h - 1 - row)
    for (let col = 0; col < w; col++) {
      const d = Math.min(dy, col, w - 1 - col)
      const t = d >= ramp ? 1 : d / ramp
      const i = (y + row) * first.width + x + col
      out[i] = t * crop.data[row * w + col] + (1 - t) * first.data[i]
    }
  }
  return { width: first.width, height: first.height, data: out }
}
