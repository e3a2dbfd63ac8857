/**
 * WCAG 2.x contrast math. Everything here works on 8-bit sRGB triples (0..255) or on relative
 * luminances (0..1); the guard and the auto-positioner both need the same numbers, so they live in
 * one place.
 */
import type { Mask, RgbaImage } from '../../image/raster'
import type { Rgb } from '../background/scene-types'

/** sRGB 8-bit -> linear light, exactly as WCAG 2.x writes it (0.04045 threshold, not 0.03928). */
export const SRGB_TO_LINEAR: Float32Array = (() => {
  const t = new Float32Array(256)
  for (let i = 0; i < 256; i++) {
    const c = i / 255
    t[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4)
  }
  return t
})()

function channelToLinear(v: number): number {
  const c = Math.min(255, Math.max(0, v)) / 255
  return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4)
}

/** WCAG relative luminance of an sRGB colour given as 0..255 channels (fractions allowed). */
export function relativeLuminance(rgb: Rgb | readonly number[]): number {
  return 0.2126 * channelToLinear(rgb[0]) + 0.7152 * channelToLinear(rgb[1]) + 0.0722 * channelToLinear(rgb[2])
}

/**
 * WCAG contrast ratio, 1..21. Each side is either a colour (0..255 channels) or an already computed
 * relative luminance, so callers holding luminance statistics need not invent a colour.
 */
export function contrastRatio(a: Rgb | readonly number[] | number, b: Rgb | readonly number[] | number): number {
  const la = typeof a === 'number' ? a : relativeLuminance(a)
  const lb = typeof b === 'number' ? b : relativeLuminance(b)
  const hi = Math.max(la, lb)
  const lo = Math.min(la, lb)
  return (hi + 0.05) / (lo + 0.05)
}

/** Inverse of the WCAG transfer curve, for building a colour of a wanted luminance. */
export function linearToSrgb8(l: number): number {
  const c = Math.min(1, Math.max(0, l))
  const s = c <= 0.0031308 ? c * 12.92 : 1.055 * Math.pow(c, 1 / 2.4) - 0.055
  return s * 255
}

/** Luminance statistics of a background: a busy one is judged by its extremes, not its mean. */
export interface LuminanceStats {
  mean: number
  p10: number
  p90: number
  /** Number of pixels the statistics were taken over. */
  count: number
}

const BINS = 1024

/** Collects relative luminances into a fine histogram so percentiles cost O(bins), not a sort. */
export class LuminanceHistogram {
  private readonly hist = new Float64Array(BINS)
  /** Weighted sum of the values in each bin: percentiles return the bin's mean, exact for flat colours. */
  private readonly binSum = new Float64Array(BINS)
  private sum = 0
  private weight = 0

  add(l: number, w = 1): void {
    if (w <= 0) return
    const b = Math.min(BINS - 1, Math.max(0, Math.floor(l * BINS)))
    this.hist[b] += w
    this.binSum[b] += l * w
    this.sum += l * w
    this.weight += w
  }

  addRgb(r: number, g: number, b: number, w = 1): void {
    this.add(0.2126 * SRGB_TO_LINEAR[r] + 0.7152 * SRGB_TO_LINEAR[g] + 0.0722 * SRGB_TO_LINEAR[b], w)
  }

  stats(): LuminanceStats {
    if (this.weight <= 0) return { mean: 0, p10: 0, p90: 0, count: 0 }
    return {
      mean: this.sum / this.weight,
      p10: this.percentile(0.1),
      p90: this.percentile(0.9),
      count: this.weight,
    }
  }

  private percentile(q: number): number {
    const target = q * this.weight
    let acc = 0
    for (let i = 0; i < BINS; i++) {
      acc += this.hist[i]
      if (acc >= target && this.hist[i] > 0) return this.binSum[i] / this.hist[i]
    }
    return 1
  }
}

/**
 * Contrast of a text luminance against a background distribution: the worst of mean, p10 and p90,
 * so light text is judged against the brightest tenth of what is behind it, dark text against the
 * darkest tenth.
 */
export function contrastAgainst(textL: number, bg: LuminanceStats): number {
  return Math.min(contrastRatio(textL, bg.mean), contrastRatio(textL, bg.p10), contrastRatio(textL, bg.p90))
}

/**
 * Luminance statistics of the pixels of an image inside a box (clipped to the image). Pixels
 * under `exclude` count by 1 - exclude: text passing behind the product is never seen against it.
 */
export function boxLuminanceStats(img: RgbaImage, box: readonly number[], exclude?: Mask | null): LuminanceStats {
  const x0 = Math.max(0, Math.floor(box[0]))
  const y0 = Math.max(0, Math.floor(box[1]))
  const x1 = Math.min(img.width, Math.ceil(box[0] + box[2]))
  const y1 = Math.min(img.height, Math.ceil(box[1] + box[3]))
  const h = new LuminanceHistogram()
  const d = img.data
  for (let y = y0; y < y1; y++) {
    let i = (y * img.width + x0) * 4
    if (!exclude) {
      for (let x = x0; x < x1; x++, i += 4) h.addRgb(d[i], d[i + 1], d[i + 2])
      continue
    }
    for (let x = x0, p = y * img.width + x0; x < x1; x++, i += 4, p++) h.addRgb(d[i], d[i + 1], d[i + 2], 1 - exclude.data[p])
  }
  const st = h.stats()
  // Text wholly behind the product: judge it against the box as if the product were not there.
  return st.count > 0 || !exclude ? st : boxLuminanceStats(img, box)
}

/**
 * The text's dominant colour: alpha-weighted mean of its (mostly) opaque pixels. Anti-aliased
 * fringes are left out because they are half background and would drag the colour toward grey.
 */
export function dominantTextColor(layer: RgbaImage): Rgb {
  const d = layer.data
  let r = 0
  let g = 0
  let b = 0
  let w = 0
  let rAll = 0
  let gAll = 0
  let bAll = 0
  let wAll = 0
  for (let i = 0; i < d.length; i += 4) {
    const a = d[i + 3]
    if (a === 0) continue
    rAll += d[i] * a
    gAll += d[i + 1] * a
    bAll += d[i + 2] * a
    wAll += a
    if (a < 128) continue
    r += d[i] * a
    g += d[i + 1] * a
    b += d[i + 2] * a
    w += a
  }
  // A layer drawn entirely at low alpha (a faint watermark) still has a colour.
  if (w === 0) {
    if (wAll === 0) return [255, 255, 255]
    return [rAll / wAll, gAll / wAll, bAll / wAll]
  }
  return [r / w, g / w, b / w]
}

/** True when black gives a better contrast with this luminance than white does. */
export function prefersDarkPartner(l: number): boolean {
  return contrastRatio(l, 0) >= contrastRatio(l, 1)
}
