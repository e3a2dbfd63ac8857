/**
 * The headline's size on the canvas: the ink height of the layer's first line. For Hangul and
 * Latin capitals the ink height of a line is its cap height (descenders aside), which is what the
 * layout's minimum (ad-layout.ts MIN_CAP_SHARE) is stated in.
 */
import type { RgbaImage } from '../../image/raster'

/** Ink height (px) of the first line of a text layer: the first band of inked rows. */
export function firstLineHeight(layer: RgbaImage): number {
  const { width, height, data } = layer
  const rows = new Float32Array(height)
  let max = 0
  for (let y = 0; y < height; y++) {
    let s = 0
    for (let x = 0, i = y * width * 4 + 3; x < width; x++, i += 4) s += data[i]
    rows[y] = s
    if (s > max) max = s
  }
  if (max === 0) return 0
  // A gap thinner than this is inside a line (the dot of an i, stacked jamo), not between lines.
  const minGap = Math.max(2, Math.round(height * 0.03))
  let start = -1
  let gap = 0
  for (let y = 0; y < height; y++) {
    const inked = rows[y] > max * 0.02
    if (inked) {
      if (start < 0) start = y
      gap = 0
    } else if (start >= 0 && ++gap >= minGap) {
      return y - gap + 1 - start
    }
  }
  return start < 0 ? 0 : height - gap - start
}
