/**
 * Colour math for the background generator. Colours are sRGB triplets in 0..255 (floats allowed
 * while computing); HSL is used for "tint toward a hue" and harmonisation because designers think
 * in hue/saturation/lightness, and the backdrops are soft enough that HSL's perceptual flaws do not
 * show.
 */
import type { Rgb } from './scene-types'
import type { Rng } from './prng'

export type Hsl = [number, number, number]

export function hex(s: string): Rgb {
  const v = parseInt(s.replace('#', ''), 16)
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255]
}

export function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v
}

export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t]
}

export function scale(c: Rgb, k: number): Rgb {
  return [c[0] * k, c[1] * k, c[2] * k]
}

export function clampRgb(c: Rgb): Rgb {
  return [Math.min(255, Math.max(0, c[0])), Math.min(255, Math.max(0, c[1])), Math.min(255, Math.max(0, c[2]))]
}

export function roundRgb(c: Rgb): Rgb {
  const k = clampRgb(c)
  return [Math.round(k[0]), Math.round(k[1]), Math.round(k[2])]
}

/** Relative luminance-like lightness in 0..1 (Rec. 709 weights on gamma values; good enough for contrast decisions). */
export function luma(c: Rgb): number {
  return (0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]) / 255
}

export function rgbToHsl(c: Rgb): Hsl {
  const r = c[0] / 255
  const g = c[1] / 255
  const b = c[2] / 255
  const max = Math.max(r, g, b)
  const min = Math.min(r, g, b)
  const l = (max + min) / 2
  const d = max - min
  if (d < 1e-6) return [0, 0, l]
  const s = d / (1 - Math.abs(2 * l - 1))
  let h: number
  if (max === r) h = ((g - b) / d) % 6
  else if (max === g) h = (b - r) / d + 2
  else h = (r - g) / d + 4
  h *= 60
  if (h < 0) h += 360
  return [h, Math.min(1, s), l]
}

export function hslToRgb(h: number, s: number, l: number): Rgb {
  const hh = (((h % 360) + 360) % 360) / 60
  const c = (1 - Math.abs(2 * l - 1)) * s
  const x = c * (1 - Math.abs((hh % 2) - 1))
  const m = l - c / 2
  let r = 0
  let g = 0
  let b = 0
  if (hh < 1) [r, g, b] = [c, x, 0]
  else if (hh < 2) [r, g, b] = [x, c, 0]
  else if (hh < 3) [r, g, b] = [0, c, x]
  else if (hh < 4) [r, g, b] = [0, x, c]
  else if (hh < 5) [r, g, b] = [x, 0, c]
  else [r, g, b] = [c, 0, x]
  return [(r + m) * 255, (g + m) * 255, (b + m) * 255]
}

/** Signed shortest angular difference b - a in degrees (-180..180]. */
export function hueDelta(a: number, b: number): number {
  let d = (b - a) % 360
  if (d > 180) d -= 360
  if (d <= -180) d += 360
  return d
}

/**
 * Pull a colour toward a target colour's hue and saturation while mostly keeping its own
 * lightness, so "pink marble" stays a light marble and "blue concrete" stays a mid-grey concrete.
 * The blend happens in RGB between the colour and the target re-lit to the colour's lightness:
 * interpolating hue angles instead would pass through unrelated hues (beige → blue via green).
 */
export function tint(c: Rgb, target: Rgb, amount: number, lightnessFollow = 0.25): Rgb {
  if (amount <= 0) return c
  const [, , l] = rgbToHsl(c)
  const [th, ts, tl] = rgbToHsl(target)
  const nl = clamp01(l + (tl - l) * Math.min(1, amount * lightnessFollow * 1.5))
  const shade = hslToRgb(th, ts * 0.85, nl)
  return mix(withLightness(c, nl), shade, Math.min(1, amount))
}

/** Set the lightness (HSL) while keeping hue and saturation. */
export function withLightness(c: Rgb, l: number): Rgb {
  const [h, s] = rgbToHsl(c)
  return hslToRgb(h, s, clamp01(l))
}

export function withSaturation(c: Rgb, s: number): Rgb {
  const [h, , l] = rgbToHsl(c)
  return hslToRgb(h, clamp01(s), l)
}

export function rotateHue(c: Rgb, deg: number): Rgb {
  const [h, s, l] = rgbToHsl(c)
  return hslToRgb(h + deg, s, l)
}

export interface Harmony {
  /** Hue of the backdrop tint. */
  hue: number
  saturation: number
  /** HSL lightness of the backdrop wall. */
  lightness: number
  scheme: 'neutral' | 'analogous' | 'complementary'
}

/**
 * A calm backdrop tint derived from the product's dominant colour. Low saturation keeps it from
 * competing with the product; lightness is pushed away from the product's so its silhouette reads.
 */
export function harmonize(productPalette: Rgb[] | undefined, rng: Rng): Harmony {
  const palette = (productPalette ?? []).filter((c) => Array.isArray(c) && c.length >= 3).slice(0, 5)
  const scheme = rng.next()
  if (palette.length === 0) return { hue: 36, saturation: 0.07, lightness: 0.86, scheme: 'neutral' }
  // The most frequent colour decides the hue unless it is a neutral (white cap, black label) and a
  // clearly coloured one follows close behind.
  let key = palette[0]
  const hsl0 = rgbToHsl(key)
  if (hsl0[1] * (1 - Math.abs(2 * hsl0[2] - 1)) < 0.12) {
    for (const c of palette.slice(1, 3)) {
      const h = rgbToHsl(c)
      if (h[1] * (1 - Math.abs(2 * h[2] - 1)) >= 0.2) { key = c; break }
    }
  }
  const [h, s, l] = rgbToHsl(key)
  const chroma = s * (1 - Math.abs(2 * l - 1))
  // The dominant colour decides; a white cap or label should not turn an orange bottle "bright".
  const weights = palette.map((_, i) => (i === 0 ? 1 : 0.35 / i))
  const wsum = weights.reduce((a, b) => a + b, 0)
  const productL = palette.reduce((acc, c, i) => acc + luma(c) * weights[i], 0) / wsum
  // A bright product (white bottle) needs a mid-tone backdrop to keep its edge; anything else sits
  // best on a light one.
  const lightness = productL > 0.78 ? 0.66 : productL < 0.3 ? 0.88 : 0.85
  if (chroma < 0.08) return { hue: 36, saturation: 0.07, lightness, scheme: 'neutral' }
  const complementary = scheme < 0.3
  const hue = complementary ? h + 180 : h + (scheme < 0.65 ? -12 : 12)
  const saturation = Math.min(0.2, Math.max(0.08, s * 0.3))
  return { hue: ((hue % 360) + 360) % 360, saturation, lightness, scheme: complementary ? 'complementary' : 'analogous' }
}
