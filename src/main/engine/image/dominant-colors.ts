import type { Rgb } from '../steps/background/scene-types'
import type { Mask, RgbaImage } from './raster'

/**
 * The product's main colours, most frequent first: a 4-bit-per-channel histogram weighted by the
 * matte, each bin reported as the mean of its pixels. Coarse on purpose: the background only needs
 * to know "mostly yellow" or "mostly brown", and it costs a few milliseconds.
 */
export function dominantColors(img: RgbaImage, matte: Mask, count = 4): Rgb[] {
  const weight = new Float64Array(4096)
  const sums = new Float64Array(4096 * 3)
  const d = img.data
  const m = matte.data
  // Sample a grid of at most ~65k pixels: plenty for a palette, bounded for 50 MP photos.
  const step = Math.max(1, Math.floor(Math.sqrt((img.width * img.height) / 65536)))
  for (let y = 0; y < img.height; y += step) {
    for (let x = 0; x < img.width; x += step) {
      const i = y * img.width + x
      const w = m[i]
      if (w < 0.5) continue
      const j = i * 4
      const bin = ((d[j] >> 4) << 8) | ((d[j + 1] >> 4) << 4) | (d[j + 2] >> 4)
      weight[bin] += w
      sums[bin * 3] += d[j] * w
      sums[bin * 3 + 1] += d[j + 1] * w
      sums[bin * 3 + 2] += d[j + 2] * w
    }
  }
  const bins = [...weight.keys()].filter((b) => weight[b] > 0).sort((a, b) => weight[b] - weight[a] || a - b)
  return bins.slice(0, count).map((b) => [
    Math.round(sums[b * 3] / weight[b]),
    Math.round(sums[b * 3 + 1] / weight[b]),
    Math.round(sums[b * 3 + 2] / weight[b]),
  ])
}
