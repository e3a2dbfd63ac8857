/**
 * Paints the layer back to front: shadow and glows, the extruded body (the glyphs stamped along
 * the extrusion vector, shading from the side colour to a dark back, with one contour around the
 * whole block), the outline, then the lit face from face-shader.
 */
import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas'
import { darken, lighten, mix } from './color'
import { badgeColor, badgeRing } from './copy-hierarchy'
import { shadeFace, type LineBox } from './face-shader'
import type { TextLayout } from './layout-lines'
import { makeNoise } from './noise'
import type { RenderStyle } from './style-types'
import { drawGlyphs } from './text-measure'

export interface EffectMargins {
  left: number
  right: number
  top: number
  bottom: number
}

/** Room the effects take around the letters, em per side (feeds the auto-fit). */
export function effectMargins(style: RenderStyle): EffectMargins {
  const outline = style.inflate + (style.stroke?.width ?? 0)
  const m = { left: outline, right: outline, top: outline, bottom: outline }
  const grow = (dx: number, dy: number, spread: number): void => {
    m.left = Math.max(m.left, spread - dx)
    m.right = Math.max(m.right, spread + dx)
    m.top = Math.max(m.top, spread - dy)
    m.bottom = Math.max(m.bottom, spread + dy)
  }
  const ex = style.extrusion
  let exDx = 0
  let exDy = 0
  // The body: the face's outline and, when extruded, the stamps from (0, 0) to the extrusion
  // vector, each with the contour around it (the contour is stroked at the front stamp too).
  let body = outline
  if (ex && ex.depth > 0) {
    exDx = Math.cos((ex.angle * Math.PI) / 180) * ex.depth
    exDy = Math.sin((ex.angle * Math.PI) / 180) * ex.depth
    if (ex.contour && ex.contourWidth) body = outline + ex.contourWidth
    grow(0, 0, body)
    grow(exDx, exDy, body)
  }
  // Glows and shadows blur that silhouette; 1.5 x blur is three standard deviations, and Skia's
  // blur reaches no further.
  for (const g of style.glows) {
    grow(0, 0, body + 1.5 * g.blur)
    grow(exDx, exDy, body + 1.5 * g.blur)
  }
  if (style.shadow) {
    const s = style.shadow
    grow(s.dx, s.dy, body + 1.5 * s.blur)
    grow(s.dx + exDx, s.dy + exDy, body + 1.5 * s.blur)
  }
  return m
}

/** A flat colour, or a paint made per line from the line's ink top and bottom (side shading). */
type Fill = string | ((ctx: SKRSContext2D, top: number, bottom: number) => SKRSContext2D['fillStyle'])
type Paint = (ctx: SKRSContext2D, dx: number, dy: number, mode: 'fill' | 'stroke', fill?: Fill) => void

function painter(layout: TextLayout): Paint {
  return (ctx, dx, dy, mode, fill) => {
    for (const line of layout.lines) {
      if (!line.text) continue
      // Sub-copy is smaller: its extrusion, outline and inflation shrink with it, so it keeps the
      // headline's proportions instead of drowning in a headline-sized outline.
      const k = line.size / layout.fontSize
      if (fill !== undefined) {
        const f = typeof fill === 'string' ? fill : fill(ctx, line.baseline - line.measured.ascent + dy * k, line.baseline + line.measured.descent + dy * k)
        if (mode === 'fill') ctx.fillStyle = f
        else ctx.strokeStyle = f
      }
      const lw = ctx.lineWidth
      if (mode === 'stroke') ctx.lineWidth = lw * k
      drawGlyphs(ctx, line.measured.glyphs, line.x + dx * k, line.baseline + dy * k, line.size, mode)
      ctx.lineWidth = lw
    }
  }
}

/** Side walls lit like the face: the light from above catches their top, their undersides fall dark. */
function sideShade(color: string): Fill {
  return (ctx, top, bottom) => {
    const g = ctx.createLinearGradient(0, top, 0, bottom)
    g.addColorStop(0, lighten(color, 0.22))
    g.addColorStop(0.55, color)
    g.addColorStop(1, darken(color, 0.38))
    return g
  }
}

function newCanvas(w: number, h: number): { canvas: Canvas; ctx: SKRSContext2D } {
  const canvas = createCanvas(w, h)
  const ctx = canvas.getContext('2d')
  ctx.lineJoin = 'round'
  ctx.lineCap = 'round'
  return { canvas, ctx }
}

/** Glyphs (filled and, when outlined or inflated, stroked) in one paint. */
function glyphs(ctx: SKRSContext2D, paint: Paint, dx: number, dy: number, grow: number, fill: Fill): void {
  paint(ctx, dx, dy, 'fill', fill)
  if (grow > 0) {
    ctx.lineWidth = grow * 2
    paint(ctx, dx, dy, 'stroke', fill)
  }
}

/** `top` over `dst`, both straight RGBA, in place (cheaper than a canvas round trip). */
function overStraight(dst: Uint8ClampedArray, top: Uint8ClampedArray): void {
  for (let i = 0; i < dst.length; i += 4) {
    const ta = top[i + 3]
    if (ta === 0) continue
    const da = dst[i + 3]
    if (ta === 255 || da === 0) {
      dst[i] = top[i]
      dst[i + 1] = top[i + 1]
      dst[i + 2] = top[i + 2]
      dst[i + 3] = ta
      continue
    }
    const a = ta / 255
    const b = (da / 255) * (1 - a)
    const o = a + b
    dst[i] = (top[i] * a + dst[i] * b) / o
    dst[i + 1] = (top[i + 1] * a + dst[i + 1] * b) / o
    dst[i + 2] = (top[i + 2] * a + dst[i + 2] * b) / o
    dst[i + 3] = o * 255
  }
}

export interface DrawResult {
  width: number
  height: number
  data: Uint8ClampedArray
  /** Face coverage (letters without effects), 0..255. */
  face: Uint8Array
}

export function draw3dText(layout: TextLayout, style: RenderStyle, seed: number): DrawResult {
  const W = layout.canvasWidth
  const H = layout.canvasHeight
  const fs = layout.fontSize
  const paint = painter(layout)
  const inflate = style.inflate * fs
  const outline = inflate + (style.stroke?.width ?? 0) * fs

  // Face coverage.
  const mask = newCanvas(W, H)
  glyphs(mask.ctx, paint, 0, 0, inflate, '#ffffff')
  const md = mask.ctx.getImageData(0, 0, W, H).data
  const face = new Uint8Array(W * H)
  for (let i = 0; i < face.length; i++) face[i] = md[i * 4 + 3]

  const out = newCanvas(W, H)
  // Badges first: the letters, their extrusion and their shadow lie on them.
  if (layout.badges.length) {
    const fill = badgeColor(style.face.stops)
    out.ctx.fillStyle = fill
    // A ring keeps the badge's shape on a plate of its own colour (step 3's legibility guard).
    out.ctx.strokeStyle = badgeRing(fill, style.face.stops)
    for (const { box: [x, y, w, h] } of layout.badges) {
      const lw = Math.max(1.5, 0.06 * h)
      out.ctx.lineWidth = lw
      out.ctx.beginPath()
      out.ctx.roundRect(x + lw / 2, y + lw / 2, w - lw, h - lw, (Math.min(h, w) - lw) / 2)
      out.ctx.fill()
      out.ctx.stroke()
    }
  }
  const ex = style.extrusion
  const steps = ex && ex.depth > 0 ? Math.min(64, Math.max(2, Math.ceil(ex.depth * fs))) : 0
  const vx = ex ? (Math.cos((ex.angle * Math.PI) / 180) * ex.depth * fs) / Math.max(1, steps) : 0
  const vy = ex ? (Math.sin((ex.angle * Math.PI) / 180) * ex.depth * fs) / Math.max(1, steps) : 0

  // The body (extrusion, its contour, the outline) gets its own canvas: with the face mask it is
  // the silhouette the shadow and glows are made from, without drawing every glyph twice.
  const body = newCanvas(W, H)
  if (ex && steps > 0) {
    if (ex.contour && ex.contourWidth) {
      for (let i = steps; i >= 0; i--) glyphs(body.ctx, paint, vx * i, vy * i, outline + ex.contourWidth * fs, ex.contour)
    }
    for (let i = steps; i >= 1; i--) glyphs(body.ctx, paint, vx * i, vy * i, outline, sideShade(mix(ex.front, ex.back, (i - 1) / Math.max(1, steps - 1))))
  }
  if (style.stroke && style.stroke.width > 0) {
    body.ctx.strokeStyle = style.stroke.color
    body.ctx.lineWidth = outline * 2
    paint(body.ctx, 0, 0, 'stroke')
  }

  const effects = [
    ...(style.shadow ? [{ ...style.shadow, add: false }] : []),
    // Glows add up like light does, so overlapping halos brighten instead of covering each other.
    ...style.glows.map((g) => ({ dx: 0, dy: 0, blur: g.blur, color: g.color, alpha: g.alpha, add: true })),
  ]
  const tint = effects.length ? newCanvas(W, H) : null
  for (const e of effects) {
    const t = tint!.ctx
    t.globalCompositeOperation = 'copy'
    t.drawImage(body.canvas, 0, 0)
    t.globalCompositeOperation = 'source-over'
    t.drawImage(mask.canvas, 0, 0)
    t.globalCompositeOperation = 'source-in'
    t.fillStyle = e.color
    t.fillRect(0, 0, W, H)
    out.ctx.save()
    out.ctx.globalAlpha = e.alpha
    if (e.add) out.ctx.globalCompositeOperation = 'lighter'
    if (e.blur > 0) out.ctx.filter = `blur(${((e.blur * fs) / 2).toFixed(2)}px)`
    out.ctx.drawImage(tint!.canvas, e.dx * fs, e.dy * fs)
    out.ctx.restore()
  }
  out.ctx.drawImage(body.canvas, 0, 0)

  const lines: LineBox[] = layout.lines.filter((l) => l.text).map((l) => ({
    top: l.baseline - l.measured.ascent,
    bottom: l.baseline + l.measured.descent,
    left: l.x + l.measured.inkLeft,
    right: l.x + l.measured.inkRight,
  }))
  const shaded = shadeFace({ width: W, height: H, coverage: face, lines, fontSize: fs, style, noise: makeNoise(seed) })
  const data = out.ctx.getImageData(0, 0, W, H).data
  overStraight(data, shaded)
  return { width: W, height: H, data, face }
}
