/**
 * Test-side checks of a rendered text layer, written apart from the engine's own verifier so the
 * two cannot share a mistake: each glyph is drawn alone (by this file, straight through the canvas)
 * at the place the result says, and must find the layer's face there; the whole layout is drawn
 * again on a canvas with wide borders, and no ink may fall outside the layer's canvas.
 */
import { createCanvas } from '@napi-rs/canvas'
import { canvasFamily } from '../../../src/main/engine/fonts/canvas-family'
import { findBundled } from '../../../src/main/engine/fonts/font-registry'
import { resolveFont } from '../../../src/main/engine/fonts/resolve-font-name'
import { priceEmphasis } from '../../../src/main/engine/steps/text/copy-hierarchy'
import { draw3dText, effectMargins } from '../../../src/main/engine/steps/text/draw-3d-text'
import { layoutLines, type TextLayout } from '../../../src/main/engine/steps/text/layout-lines'
import { pickStyle } from '../../../src/main/engine/steps/text/style-from-prompt'
import type { TextLayerRequest, TextLayerResult } from '../../../src/main/engine/steps/text/render-text-layer'

export interface GlyphInk {
  char: string
  /** Pixels the glyph alone inks (alpha >= 128). */
  ink: number
  /** Of those, how many the layer's face covers. */
  found: number
}

/** Each laid-out glyph, drawn alone at its reported place, against the layer's face coverage. */
export function glyphInk(r: TextLayerResult): GlyphInk[] {
  const { width: W, height: H } = r.layer
  return r.glyphs.map((g) => {
    const size = g.size
    const font = resolveFont(g.font)
    // A window wider than any glyph's reach around its pen: ink falling off the layer counts as lost.
    const ox = Math.floor(g.x - 1.5 * size)
    const oy = Math.floor(g.baseline - 2 * size)
    const w = Math.ceil(4 * size)
    const h = Math.ceil(3 * size)
    const c = createCanvas(w, h).getContext('2d')
    c.font = `${font.style === 'italic' ? 'italic ' : ''}${font.weight} ${size}px "${canvasFamily(font)}"`
    c.fillStyle = '#000'
    c.fillText(g.char, g.x - ox, g.baseline - oy)
    const d = c.getImageData(0, 0, w, h).data
    let ink = 0
    let found = 0
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        if (d[(y * w + x) * 4 + 3] < 128) continue
        ink++
        const lx = x + ox
        const ly = y + oy
        if (lx >= 0 && ly >= 0 && lx < W && ly < H && r.face[ly * W + lx] >= 64) found++
      }
    }
    return { char: g.char, ink, found }
  })
}

/** The layout renderTextLayer makes for `req` (same style, font and box), for drawing it again. */
export function layoutFor(req: TextLayerRequest): TextLayout {
  const style = pickStyle(req.stylePrompt, req.styleId).style
  const font = req.fontName ? resolveFont(req.fontName) : ((style.preferredFont && findBundled(style.preferredFont)) || resolveFont(null))
  return layoutLines({
    text: req.text,
    font,
    letterSpacing: style.letterSpacing,
    lineHeight: style.lineHeight,
    margin: effectMargins(style),
    maxWidth: Math.floor(req.maxWidth),
    maxHeight: Math.floor(req.maxHeight),
    hierarchy: { badges: priceEmphasis(pickStyle(req.stylePrompt, req.styleId).id) === 'badge', minSubCapPx: req.minSubCapPx },
  })
}

export interface Spill {
  /** Ink pixels (alpha > 0) drawn outside the layout's canvas when given room on every side. */
  outside: number
  /** Size of all the ink's bounding box. */
  inkWidth: number
  inkHeight: number
}

/** Draws `layout` in `req`'s style with `border` px of room on every side and counts ink beyond the canvas. */
export function spillBeyondCanvas(layout: TextLayout, req: TextLayerRequest, border: number): Spill {
  const style = pickStyle(req.stylePrompt, req.styleId).style
  const W = layout.canvasWidth
  const H = layout.canvasHeight
  const wide: TextLayout = {
    ...layout,
    canvasWidth: W + 2 * border,
    canvasHeight: H + 2 * border,
    lines: layout.lines.map((l) => ({ ...l, x: l.x + border, baseline: l.baseline + border })),
    badges: layout.badges.map((b) => ({ ...b, box: [b.box[0] + border, b.box[1] + border, b.box[2], b.box[3]] })),
  }
  const d = draw3dText(wide, style, req.seed ?? 0)
  let outside = 0
  let x0 = Infinity
  let y0 = Infinity
  let x1 = -1
  let y1 = -1
  for (let y = 0; y < d.height; y++) {
    for (let x = 0; x < d.width; x++) {
      if (d.data[(y * d.width + x) * 4 + 3] === 0) continue
      if (x < border || y < border || x >= border + W || y >= border + H) outside++
      x0 = Math.min(x0, x)
      y0 = Math.min(y0, y)
      x1 = Math.max(x1, x)
      y1 = Math.max(y1, y)
    }
  }
  return { outside, inkWidth: x1 - x0 + 1, inkHeight: y1 - y0 + 1 }
}

/** Ink width of `text` drawn as one string by the canvas itself at `size` px (the shaper handles the scripts). */
export function plainInkWidth(text: string, fontName: string | null, size: number): number {
  const font = resolveFont(fontName)
  const w = Math.ceil(size * (text.length + 4))
  const h = Math.ceil(size * 2)
  const c = createCanvas(w, h).getContext('2d')
  c.font = `${font.weight} ${size}px "${canvasFamily(font)}"`
  c.fillStyle = '#000'
  c.fillText(text, size, size * 1.4)
  const d = c.getImageData(0, 0, w, h).data
  let x0 = Infinity
  let x1 = -1
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (d[(y * w + x) * 4 + 3] < 128) continue
      x0 = Math.min(x0, x)
      x1 = Math.max(x1, x)
    }
  }
  return x1 - x0 + 1
}
