/**
 * Whether a font really draws a character cluster. A cmap entry is not enough: some fonts map a
 * code point to an empty glyph (NanumGothic Regular's backtick), which would lay out as a gap and
 * leave the letter off the ad. The glyph's ink box is asked of Skia once per font and cluster.
 */
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas'
import { canvasFamily } from './canvas-family'
import type { LoadedFont } from './font-registry'

/** Code points that never need ink of their own: spaces, joiners, variation selectors, fillers. */
const INVISIBLE = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cc}]$/u

export function isInvisible(ch: string): boolean {
  return INVISIBLE.test(ch)
}

/** The code points of a cluster that must show up as ink. */
export function visibleCodePoints(cluster: string): string[] {
  return [...cluster].filter((c) => !isInvisible(c))
}

let segmenter: Intl.Segmenter | null = null

/** User-perceived characters (a letter with its combining marks, an emoji sequence) in order. */
export function graphemes(text: string): string[] {
  segmenter ??= new Intl.Segmenter('und', { granularity: 'grapheme' })
  return Array.from(segmenter.segment(text), (s) => s.segment)
}

let scratch: SKRSContext2D | null = null
const inkCache = new Map<string, boolean>()
const PROBE_SIZE = 64

/** True when `font` has every visible code point of `cluster` and draws it with some ink. */
export function fontDraws(font: LoadedFont, cluster: string): boolean {
  const visible = visibleCodePoints(cluster)
  if (visible.length === 0) return true
  if (!visible.every((c) => font.coverage.has(c.codePointAt(0)!))) return false
  const key = `${font.path}\u0000${cluster}`
  let inked = inkCache.get(key)
  if (inked === undefined) {
    scratch ??= createCanvas(4, 4).getContext('2d')
    scratch.font = `${font.style === 'italic' ? 'italic ' : ''}${font.weight} ${PROBE_SIZE}px "${canvasFamily(font)}"`
    scratch.letterSpacing = '0px'
    const m = scratch.measureText(cluster)
    inked = m.actualBoundingBoxLeft + m.actualBoundingBoxRight > 0 && m.actualBoundingBoxAscent + m.actualBoundingBoxDescent > 0
    if (inkCache.size > 50_000) inkCache.clear()
    inkCache.set(key, inked)
  }
  return inked
}
