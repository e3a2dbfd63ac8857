/**
 * Copy hierarchy: the copy's first line (as typed, before wrapping) is the headline; its second and
 * later lines are sub-copy, set smaller and in a lighter face of the same family, so an ad reads
 * headline first. Prices and percentages ("50%", "29,900원", "₩29,900", "$19.99") are set off on a
 * badge in the promotional styles and set larger in the others (see priceEmphasis).
 */
import { bundledFonts, userFonts, type LoadedFont } from '../../fonts/font-registry'
import { darken, hexToRgb, luminance } from './color'
import { measureText } from './text-measure'

/** Sub-copy cap height as a share of the headline's cap height. */
export const SUB_CAP_RATIO = 0.55
/** A sub-copy line that is only a price, in a style that sets prices larger instead of on a badge. */
export const PRICE_LINE_CAP_RATIO = 0.8
/**
 * Sub-copy cap height never falls below this share of the canvas's short side (24 px on 1080x1080,
 * 14 px on 1200x628): SUB_CAP_RATIO of the layout's headline minimum (ad-layout MIN_CAP_SHARE 0.04),
 * so it still holds after step 3 scales the layer down as far as the headline minimum allows.
 */
export const MIN_SUB_CAP_SHARE = 0.022
/**
 * And never below this many px in the layer whatever the canvas: 11 px, or 22 px for hairline
 * faces (Thin, ExtraLight: weight under 300), whose stems fade to grey below that.
 */
export const MIN_SUB_CAP_PX = 11
export const MIN_HAIRLINE_SUB_CAP_PX = 22

export function minSubCapFor(font: { weight: number }): number {
  return font.weight < 300 ? MIN_HAIRLINE_SUB_CAP_PX : MIN_SUB_CAP_PX
}

/** Styles made for promotions, where a price reads best on a sticker-like badge. */
export const BADGE_STYLES: ReadonlySet<string> = new Set(['candy', 'retro-3d', 'outline-pop', 'foil-balloon', 'clean'])

export type PriceEmphasis = 'badge' | 'larger'

export function priceEmphasis(styleId: string): PriceEmphasis {
  return BADGE_STYLES.has(styleId) ? 'badge' : 'larger'
}

// A currency sign before the amount, or a unit (%, 원, 만원, won) after it; thousands separators and
// decimals inside. No spaces inside a token, so it maps onto consecutive glyphs.
const PRICE = /(?:[₩$€£¥]\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?(?:%|만원|원|won\b))/giu

/** [start, end) code-unit ranges of the prices and percentages in `text`. */
export function findPrices(text: string): [number, number][] {
  return [...text.matchAll(PRICE)].map((m) => [m.index, m.index + m[0].length])
}

/** True when the line is a price and nothing else (a "29,900원" line under a headline). */
export function isPriceLine(text: string): boolean {
  const p = findPrices(text)
  return p.length === 1 && p[0][0] === 0 && p[0][1] === text.length
}

const lighterCache = new Map<string, LoadedFont>()

/**
 * The sub-copy face: the same family's face about 300 weight lighter (ExtraBold 800 → Medium 500,
 * Bold 700 → Regular 400), never lighter than 300; the same face when the family has no lighter one.
 */
export function lighterFace(font: LoadedFont): LoadedFont {
  const hit = lighterCache.get(font.name)
  if (hit) return hit
  const pool = font.root === 'user' ? userFonts() : bundledFonts()
  const target = Math.max(300, font.weight - 300)
  let best = font
  for (const f of pool) {
    if (f.family !== font.family || f.style !== font.style || f.weight >= font.weight || f.weight < 300) continue
    const d = Math.abs(f.weight - target)
    const bd = Math.abs(best.weight - target)
    if (best === font || d < bd || (d === bd && f.weight > best.weight)) best = f
  }
  if (lighterCache.size > 200) lighterCache.clear()
  lighterCache.set(font.name, best)
  return best
}

/** Cap height of `font` in em: the ink height of "H" (the same letter for every face compared). */
export function capEm(font: LoadedFont): number {
  return measureText('H', font, 100, 0).ascent / 100
}

/** Font-size scale of a hard line against the headline so its cap height is `ratio` of the headline's. */
export function scaleForCap(head: LoadedFont, sub: LoadedFont, ratio: number): number {
  return (ratio * capEm(head)) / Math.max(1e-6, capEm(sub))
}

/** Relative luminance contrast of two colours (WCAG). */
function contrast(a: string, b: string): number {
  const rel = (c: string): number => {
    const [r, g, bl] = hexToRgb(c).map((v) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl
  }
  const [hi, lo] = [rel(a), rel(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}

/**
 * The badge's fill: a sale red where the letters stand out on it (white, yellow faces), else white
 * (a sticker: it also stands out on step 3's dark plate), else near black, else a warm yellow; the
 * first with at least 3:1 against the face's middle colour.
 */
export function badgeColor(faceStops: { at: number; color: string }[]): string {
  const face = faceStops[Math.floor(faceStops.length / 2)]?.color ?? '#ffffff'
  for (const c of ['#d7263d', '#ffffff', '#1d1d1f', '#ffd23f']) if (contrast(c, face) >= 3) return c
  return luminance(face) > 0.3 ? '#1d1d1f' : '#ffffff'
}

/** The badge's ring: the face's darkest colour around a white badge, else the badge colour darkened. */
export function badgeRing(fill: string, faceStops: { at: number; color: string }[]): string {
  if (luminance(fill) < 0.8) return darken(fill, 0.4)
  return faceStops.map((s) => s.color).reduce((a, b) => (luminance(b) < luminance(a) ? b : a), '#ffffff')
}
