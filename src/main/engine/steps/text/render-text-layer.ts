/**
 * Step 2, built-in engine: the ad copy as a stylised 3D text layer. Vector glyphs drawn from real
 * fonts, so every character is exactly the one asked for (nanoCocoa let a diffusion model paint
 * the letters and got garbled Hangul). Deterministic: same request, same pixels.
 */
import type { Box, RgbaImage } from '../../image/raster'
import { findBundled, type LoadedFont } from '../../fonts/font-registry'
import { resolveFont } from '../../fonts/resolve-font-name'
import { cannyEdges } from './canny'
import { assertDrawable } from './drawable-text'
import { draw3dText, effectMargins } from './draw-3d-text'
import { capEm, priceEmphasis, type PriceEmphasis } from './copy-hierarchy'
import { layoutLines, type TextLayout } from './layout-lines'
import { pickStyle } from './style-from-prompt'
import { checkTextLayer, TextCheckError } from './verify-text-layer'

export interface TextLayerRequest {
  text: string
  /** `font_name`: a name from listFonts(); null for the style's or the default font. */
  fontName?: string | null
  /** `text_model_prompt`: picks and tunes the style from keywords. */
  stylePrompt?: string
  /** Explicit preset id; overrides what the prompt picks (its colours still apply). */
  styleId?: string
  maxWidth: number
  maxHeight: number
  seed?: number
  /** Sub-copy cap height floor in layer px (copy-hierarchy MIN_SUB_CAP_SHARE of the canvas's short side). */
  minSubCapPx?: number
}

/** What job.json records of the copy's hierarchy (copy-hierarchy.ts), sizes in step-2 layer px. */
export interface CopyHierarchy {
  headlinePx: number
  headlineCapPx: number
  /** Sub-copy font size and cap height (its first line's); null for a one-line copy. */
  subCopyPx: number | null
  subCopyCapPx: number | null
  subCopyFont: string | null
  /** Font size of every laid line, top to bottom. */
  linePx: number[]
  /** How this style sets prices off: on a badge, or a price-only sub-copy line larger. */
  priceEmphasis: PriceEmphasis
  badge: boolean
  badges: string[]
}

export interface TextLayerResult {
  /** Tight RGBA: transparent outside the letters and their effects. */
  layer: RgbaImage
  /** Letters without effects, within the layer. */
  glyphBox: Box
  lines: string[]
  fontSize: number
  font: { name: string; family: string }
  fallbacks: { char: string; font: string }[]
  /** Characters that were not drawn: always empty, since copy with any is refused (UndrawableTextError). */
  missing: string[]
  /** Every visible cluster as drawn: its font, pen position and baseline in layer pixels. */
  glyphs: { char: string; font: string; size: number; x: number; baseline: number }[]
  hierarchy: CopyHierarchy
  style: { id: string; matchedWords: string[]; color?: string }
  /** Canny edges of the layer, same size, 0/255. */
  edges: Uint8Array
  /** Coverage of the letters' front face (no extrusion, outline or glow), the layer's size, 0..255. */
  face: Uint8Array
}

const MAX_SIDE = 4096

function pickFont(fontName: string | null | undefined, preferred: string | undefined): LoadedFont {
  if (fontName) return resolveFont(fontName)
  return (preferred && findBundled(preferred)) || resolveFont(null)
}

/** Bounding box of pixels whose value passes `keep`, or null when there are none. */
function bounds(w: number, h: number, keep: (i: number) => boolean): Box | null {
  let x0 = w
  let y0 = h
  let x1 = -1
  let y1 = -1
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!keep(y * w + x)) continue
      if (x < x0) x0 = x
      if (x > x1) x1 = x
      if (y < y0) y0 = y
      if (y > y1) y1 = y
    }
  }
  return x1 < 0 ? null : [x0, y0, x1 - x0 + 1, y1 - y0 + 1]
}

function hierarchyOf(layout: TextLayout, font: LoadedFont, styleId: string): CopyHierarchy {
  const r1 = (v: number): number => Math.round(v * 10) / 10
  const headCap = capEm(font) * layout.fontSize
  const sub = layout.lines.find((l) => l.sub && l.text)
  return {
    headlinePx: layout.fontSize,
    headlineCapPx: r1(headCap),
    subCopyPx: sub ? r1(sub.size) : null,
    subCopyCapPx: sub && layout.subCopy ? r1(capEm(layout.subCopy.font) * sub.size) : null,
    subCopyFont: layout.subCopy?.font.name ?? null,
    linePx: layout.lines.map((l) => r1(l.size)),
    priceEmphasis: priceEmphasis(styleId),
    badge: layout.badges.length > 0,
    badges: layout.badges.map((b) => b.text),
  }
}

/** Throws UndrawableTextError when the copy has characters no font available to this request draws. */
export function assertTextDrawable(req: Pick<TextLayerRequest, 'text' | 'fontName' | 'stylePrompt' | 'styleId'>): void {
  const font = pickFont(req.fontName, pickStyle(req.stylePrompt, req.styleId).style.preferredFont)
  assertDrawable(req.text, font)
}

/**
 * The copy as a tight RGBA layer, checked after drawing (see verify-text-layer): throws
 * UndrawableTextError for characters no font has and TextCheckError when the drawing lost a glyph.
 */
export function renderTextLayer(req: TextLayerRequest): TextLayerResult {
  if (!(req.maxWidth >= 8 && req.maxHeight >= 8) || req.maxWidth > MAX_SIDE || req.maxHeight > MAX_SIDE) {
    throw new RangeError(`maxWidth/maxHeight must be between 8 and ${MAX_SIDE} px (got ${req.maxWidth}x${req.maxHeight})`)
  }
  const picked = pickStyle(req.stylePrompt, req.styleId)
  const style = picked.style
  const font = pickFont(req.fontName, style.preferredFont)
  assertDrawable(req.text, font)
  const layout = layoutLines({
    text: req.text,
    font,
    letterSpacing: style.letterSpacing,
    lineHeight: style.lineHeight,
    margin: effectMargins(style),
    maxWidth: Math.floor(req.maxWidth),
    maxHeight: Math.floor(req.maxHeight),
    hierarchy: { badges: priceEmphasis(picked.id) === 'badge', minSubCapPx: req.minSubCapPx },
  })
  const drawn = draw3dText(layout, style, req.seed ?? 0)
  const problems = checkTextLayer(layout, drawn)
  if (problems.length) throw new TextCheckError(problems)
  const { width: W, data } = drawn

  const box = bounds(W, drawn.height, (i) => data[i * 4 + 3] > 0) ?? [0, 0, 1, 1]
  const [bx, by, bw, bh] = box
  const layer: RgbaImage = { width: bw, height: bh, data: new Uint8ClampedArray(bw * bh * 4) }
  for (let y = 0; y < bh; y++) {
    const src = ((by + y) * W + bx) * 4
    layer.data.set(data.subarray(src, src + bw * 4), y * bw * 4)
  }
  const face = new Uint8Array(bw * bh)
  for (let y = 0; y < bh; y++) face.set(drawn.face.subarray((by + y) * W + bx, (by + y) * W + bx + bw), y * bw)
  const faceBox = bounds(W, drawn.height, (i) => drawn.face[i] > 0) ?? box
  const glyphBox: Box = [faceBox[0] - bx, faceBox[1] - by, faceBox[2], faceBox[3]]

  return {
    layer,
    glyphBox,
    lines: layout.lines.map((l) => l.text),
    fontSize: layout.fontSize,
    font: { name: font.name, family: font.family },
    fallbacks: layout.fallbacks,
    missing: layout.missing,
    glyphs: layout.lines.flatMap((l) =>
      l.measured.glyphs.map((g) => ({ char: g.cluster, font: g.font.name, size: l.size, x: l.x + g.x - bx, baseline: l.baseline - by })),
    ),
    hierarchy: hierarchyOf(layout, font, picked.id),
    style: { id: picked.id, matchedWords: picked.matchedWords, ...(picked.color ? { color: picked.color } : {}) },
    edges: cannyEdges(layer),
    face,
  }
}
