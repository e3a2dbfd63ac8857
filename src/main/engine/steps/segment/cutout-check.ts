import type { Mask } from '../../image/raster'

/**
 * Signs that a cutout needs a person's look (batch "check cutout"): each one cheap, read off the
 * final matte at the photo's size, so a cached or supplied mask is judged the same way.
 *   - borders: the product runs off 3 or more sides of the photo (a product photo rarely does;
 *     a segmentation that took the backdrop does);
 *   - area: the product is under 0.5% or over 85% of the photo (nothing found, or everything);
 *   - soft band: pixels between 10% and 90% are over 25% of the product's area (the model was unsure
 *     over a wide band: a plain product has a 1-3 px soft rim);
 *   - parts: 3 or more separate pieces each at least 15% of the largest (a tray of two stays one
 *     product; three far-apart blobs usually means background was taken in).
 */
export interface CutoutCheck {
  doubtful: boolean
  /** Which signals fired, by name: 'borders', 'area', 'soft_band', 'parts'. */
  reasons: string[]
  borders_touched: number
  area_share: number
  soft_band_share: number
  large_parts: number
}

export const CUTOUT_CHECK_LIMITS = {
  /** A side counts as touched when the product covers this share of its pixels. */
  borderShare: 0.05,
  maxBorders: 2,
  minArea: 0.005,
  maxArea: 0.85,
  maxSoftBand: 0.25,
  partShareOfLargest: 0.15,
  maxParts: 2,
  /** The check runs on the matte scaled down to this long side (parts and shares do not need more). */
  grid: 256,
} as const

export function checkCutout(matte: Mask, limits = CUTOUT_CHECK_LIMITS): CutoutCheck {
  const { width: W, height: H } = matte
  const scale = Math.min(1, limits.grid / Math.max(W, H))
  const w = Math.max(1, Math.round(W * scale))
  const h = Math.max(1, Math.round(H * scale))
  const g = new Float32Array(w * h)
  for (let y = 0; y < h; y++) {
    const sy = Math.min(H - 1, Math.floor(((y + 0.5) * H) / h))
    for (let x = 0; x < w; x++) g[y * w + x] = matte.data[sy * W + Math.min(W - 1, Math.floor(((x + 0.5) * W) / w))]
  }
  let fg = 0, soft = 0
  for (const v of g) {
    if (v >= 0.5) fg++
    if (v > 0.1 && v < 0.9) soft++
  }
  const side = (n: number, at: (i: number) => number) => {
    let c = 0
    for (let i = 0; i < n; i++) if (at(i) >= 0.5) c++
    return c / n >= limits.borderShare ? 1 : 0
  }
  const borders = side(w, (i) => g[i]) + side(w, (i) => g[(h - 1) * w + i]) + side(h, (i) => g[i * w]) + side(h, (i) => g[i * w + w - 1])
  const parts = partSizes(g, w, h)
  const largest = parts[0] ?? 0
  const largeParts = parts.filter((p) => p >= largest * limits.partShareOfLargest).length
  const area = fg / (w * h)
  const softShare = fg ? soft / fg : 0
  const reasons: string[] = []
  if (borders > limits.maxBorders) reasons.push('borders')
  if (area < limits.minArea || area > limits.maxArea) reasons.push('area')
  if (softShare > limits.maxSoftBand) reasons.push('soft_band')
  if (largeParts > limits.maxParts) reasons.push('parts')
  const r3 = (x: number) => Math.round(x * 1000) / 1000
  return { doubtful: reasons.length > 0, reasons, borders_touched: borders, area_share: r3(area), soft_band_share: r3(softShare), large_parts: largeParts }
}

/** Sizes of the 4-connected pieces at ≥ 0.5, largest first. */
function partSizes(g: Float32Array, w: number, h: number): number[] {
  const seen = new Uint8Array(w * h)
  const stack = new Int32Array(w * h)
  const sizes: number[] = []
  for (let s = 0; s < g.length; s++) {
    if (seen[s] || g[s] < 0.5) continue
    let top = 0, n = 0
    stack[top++] = s
    seen[s] = 1
    while (top) {
      const i = stack[--top]
      n++
      const x = i % w
      for (const j of [x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, i >= w ? i - w : -1, i < w * (h - 1) ? i + w : -1]) {
        if (j < 0 || seen[j] || g[j] < 0.5) continue
        seen[j] = 1
        stack[top++] = j
      }
    }
    sizes.push(n)
  }
  return sizes.sort((a, b) => b - a)
}
