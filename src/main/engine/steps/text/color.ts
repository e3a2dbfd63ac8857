/** Small colour helpers for building style palettes from one base colour. */

export type Rgb = [number, number, number]

export function hexToRgb(hex: string): Rgb {
  let h = hex.replace('#', '')
  if (h.length === 3) h = [...h].map((c) => c + c).join('')
  const n = parseInt(h.slice(0, 6), 16)
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255]
}

export function rgbToHex([r, g, b]: Rgb): string {
  const c = (v: number): string => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, '0')
  return `#${c(r)}${c(g)}${c(b)}`
}

/** Linear mix in sRGB; t = 0 gives a, 1 gives b. */
export function mix(a: string, b: string, t: number): string {
  const x = hexToRgb(a)
  const y = hexToRgb(b)
  return rgbToHex([x[0] + (y[0] - x[0]) * t, x[1] + (y[1] - x[1]) * t, x[2] + (y[2] - x[2]) * t])
}

export const lighten = (c: string, t: number): string => mix(c, '#ffffff', t)
export const darken = (c: string, t: number): string => mix(c, '#000000', t)

export function rgbToHsl([r, g, b]: Rgb): [number, number, number] {
  const rr = r / 255
  const gg = g / 255
  const bb = b / 255
  const max = Math.max(rr, gg, bb)
  const min = Math.min(rr, gg, bb)
  const l = (max + min) / 2
  if (max === min) return [0, 0, l]
  const d = max - min
  const s = l > 0.5 ? d / (2 - max - min) : d / (max + min)
  const h = max === rr ? (gg - bb) / d + (gg < bb ? 6 : 0) : max === gg ? (bb - rr) / d + 2 : (rr - gg) / d + 4
  return [h * 60, s, l]
}

export function hslToHex(h: number, s: number, l: number): string {
  const k = (n: number): number => (n + h / 30) % 12
  const a = s * Math.min(l, 1 - l)
  const f = (n: number): number => 255 * (l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1)))
  return rgbToHex([f(0), f(8), f(4)])
}

/** Same hue, with saturation and lightness set: deep shades for sides stay the colour, not mud. */
export function withSl(c: string, s: number | null, l: number): string {
  const [h, s0] = rgbToHsl(hexToRgb(c))
  return hslToHex(h, s ?? s0, l)
}

export function luminance(c: string): number {
  const [r, g, b] = hexToRgb(c)
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255
}

/** The colour `deg` degrees round the hue circle, at the given saturation and lightness. */
export function rotateHue(c: string, deg: number, s: number, l: number): string {
  const [h] = rgbToHsl(hexToRgb(c))
  return hslToHex((h + deg + 360) % 360, s, l)
}
