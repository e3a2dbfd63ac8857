/**
 * Keeps the copy readable. The text is judged against what is behind it (WCAG ratio, worst of
 * mean and 10th/90th percentile luminance); below 4.5:1 the guard escalates through an outline,
 * a soft shadow (a halo of the same contrasting colour), and finally a translucent backing plate,
 * re-measuring after each.
 *
 * "After" is measured on a thin ring around the glyphs (1.6 outline widths) as it looks with the
 * guard drawn: that ring is what the eye reads letter edges against. An outline alone passes only
 * when most of the ring was already fine (a few bright specks); a uniformly bad backdrop needs the
 * shadow, and one the shadow cannot fix (white on white) the plate.
 */
import type { Box } from '../../image/raster'
import type { Rgb } from '../background/scene-types'
import {
  contrastAgainst,
  LuminanceHistogram,
  prefersDarkPartner,
  relativeLuminance,
  SRGB_TO_LINEAR,
  linearToSrgb8,
  type LuminanceStats,
} from './contrast'
import { blurAlpha, distanceToInk, overColor, roundedRectAlpha, type Region } from './layer-ops'
import type { LegibilityGuard } from './types'

export const MIN_CONTRAST = 4.5
/** Plates aim a little above the minimum so the re-measured ring clears it. */
const PLATE_TARGET = 5.2

export interface GuardGeometry {
  /** Text alpha 0..1 over the whole region. */
  textAlpha: Float32Array
  /** Text box in region coordinates. */
  box: Box
  /** Estimated height of one line of glyphs, px: guard sizes follow the lettering, not the box. */
  glyphHeight: number
  /** Per-pixel weight of the backdrop in the measurements (behind mode: 1 - product mask); null = all 1. */
  visible?: Float32Array | null
}

export interface GuardResult {
  guard: LegibilityGuard
  contrastBefore: number
  contrastAfter: number
  /** Colour of the outline/glow or plate drawn, null when none was needed. */
  guardColor: Rgb | null
}

export function outlineWidth(glyphHeight: number): number {
  return Math.max(1.5, 0.06 * glyphHeight)
}

/** Colour along black -> c -> white with the wanted relative luminance (monotonic path, bisection). */
export function colorWithLuminance(c: Rgb, target: number): Rgb {
  const at = (t: number): Rgb =>
    t <= 1 ? [c[0] * t, c[1] * t, c[2] * t] : [c[0] + (255 - c[0]) * (t - 1), c[1] + (255 - c[1]) * (t - 1), c[2] + (255 - c[2]) * (t - 1)]
  let lo = 0
  let hi = 2
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2
    if (relativeLuminance(at(mid)) < target) lo = mid
    else hi = mid
  }
  return at((lo + hi) / 2)
}

function desaturate(c: Rgb, k: number): Rgb {
  const g = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
  return [c[0] + (g - c[0]) * k, c[1] + (g - c[1]) * k, c[2] + (g - c[2]) * k]
}

/** Pixels of the measuring ring (0 < distance ≤ radius, outside the ink), as region indices. */
export function ringPixels(dist: Float32Array, textAlpha: Float32Array, radius: number): Int32Array {
  let n = 0
  for (let p = 0; p < dist.length; p++) if (dist[p] > 0 && dist[p] <= radius && textAlpha[p] < 0.5) n++
  const out = new Int32Array(n)
  n = 0
  for (let p = 0; p < dist.length; p++) if (dist[p] > 0 && dist[p] <= radius && textAlpha[p] < 0.5) out[n++] = p
  return out
}

/** A flat-colour layer a guard would draw: colour, per-pixel alpha over the region, opacity. */
export interface GuardLayer {
  color: Rgb
  alpha: Float32Array
  opacity: number
}

/**
 * Luminance statistics of the ring as it would look with `layers` drawn over the backdrop,
 * composited on the fly for the ring pixels only, so trying a guard costs no copy of the region.
 */
export function ringStats(
  region: Region,
  ring: Int32Array,
  layers: GuardLayer[],
  visible?: Float32Array | null,
): LuminanceStats {
  const h = new LuminanceHistogram()
  const d = region.data
  const lin = SRGB_TO_LINEAR
  for (let k = 0; k < ring.length; k++) {
    const p = ring[k]
    const wgt = visible ? visible[p] : 1
    if (wgt <= 0) continue
    const i = p * 4
    let r = d[i]
    let g = d[i + 1]
    let b = d[i + 2]
    for (const layer of layers) {
      const a = layer.alpha[p] * layer.opacity
      if (a <= 0) continue
      r += (layer.color[0] - r) * a
      g += (layer.color[1] - g) * a
      b += (layer.color[2] - b) * a
    }
    h.add(0.2126 * lin[Math.round(r)] + 0.7152 * lin[Math.round(g)] + 0.0722 * lin[Math.round(b)], wgt)
  }
  return h.stats()
}

function regionBoxStats(region: Region, box: Box): LuminanceStats {
  const h = new LuminanceHistogram()
  const d = region.data
  const lin = SRGB_TO_LINEAR
  const x0 = Math.max(0, Math.floor(box[0]))
  const y0 = Math.max(0, Math.floor(box[1]))
  const x1 = Math.min(region.w, Math.ceil(box[0] + box[2]))
  const y1 = Math.min(region.h, Math.ceil(box[1] + box[3]))
  for (let y = y0; y < y1; y++) {
    for (let x = x0, i = (y * region.w + x0) * 4; x < x1; x++, i += 4) {
      h.add(0.2126 * lin[d[i] | 0] + 0.7152 * lin[d[i + 1] | 0] + 0.0722 * lin[d[i + 2] | 0])
    }
  }
  return h.stats()
}

/** Bounds of the pixels of `alpha` at or above `min` inside `box`; the box itself when there are none. */
function inkBox(alpha: Float32Array, w: number, box: Box, min: number): Box {
  let x0 = Infinity
  let y0 = Infinity
  let x1 = -1
  let y1 = -1
  for (let y = box[1]; y < box[1] + box[3]; y++) {
    for (let x = box[0]; x < box[0] + box[2]; x++) {
      if (alpha[y * w + x] < min) continue
      if (x < x0) x0 = x
      if (x > x1) x1 = x
      if (y < y0) y0 = y
      if (y > y1) y1 = y
    }
  }
  return x1 < 0 ? box : [x0, y0, x1 - x0 + 1, y1 - y0 + 1]
}

/** Padding a plate adds around the text box, px; the region given to the guard must leave room for it. */
export function platePadding(glyphHeight: number): [number, number] {
  const py = Math.max(outlineWidth(glyphHeight) * 1.6 + 2, 0.3 * glyphHeight)
  return [Math.max(py, 0.45 * glyphHeight), py]
}

/** How far any guard can reach beyond the text box. */
export function guardReach(glyphHeight: number): number {
  const [px, py] = platePadding(glyphHeight)
  return Math.ceil(Math.max(px, py, outlineWidth(glyphHeight) + 3 * glowSigma(glyphHeight)) + 2)
}

function glowSigma(glyphHeight: number): number {
  return Math.max(1.5, 0.1 * glyphHeight)
}

/**
 * Measures, chooses and draws the guard onto `backdrop` (the scene plus any mode layers, without
 * the text). `before` is the scene under the text box.
 */
export function applyLegibilityGuard(
  backdrop: Region,
  geo: GuardGeometry,
  textColor: Rgb,
  before: LuminanceStats,
): GuardResult {
  const textL = relativeLuminance(textColor)
  const contrastBefore = contrastAgainst(textL, before)
  if (contrastBefore >= MIN_CONTRAST) {
    return { guard: 'none', contrastBefore, contrastAfter: contrastBefore, guardColor: null }
  }
  const { w, h } = backdrop
  const dark = prefersDarkPartner(textL)
  const ambient: Rgb = [0, 0, 0]
  {
    // The guard keeps the scene's hue: a near-black navy on a blue scene reads as part of it.
    let n = 0
    const [bx, by, bw, bh] = geo.box
    for (let y = by; y < by + bh; y += 2) {
      for (let x = bx; x < bx + bw; x += 2) {
        const i = (y * w + x) * 4
        ambient[0] += backdrop.data[i]
        ambient[1] += backdrop.data[i + 1]
        ambient[2] += backdrop.data[i + 2]
        n++
      }
    }
    for (let k = 0; k < 3; k++) ambient[k] = n ? ambient[k] / n : 128
  }
  const edgeTarget = dark ? Math.min(0.02, Math.max(0, (textL + 0.05) / 9 - 0.05)) : Math.max(0.85, 9 * (textL + 0.05) - 0.05)
  const guardColor = colorWithLuminance(desaturate(ambient, 0.3), edgeTarget)

  const ow = outlineWidth(geo.glyphHeight)
  const ringR = ow * 1.6
  // Distances matter only up to the ring's edge: the transform runs on the text box plus that.
  const m = Math.ceil(ringR) + 2
  const dist = distanceToInk(geo.textAlpha, w, h, [geo.box[0] - m, geo.box[1] - m, geo.box[2] + 2 * m, geo.box[3] + 2 * m])
  const ring = ringPixels(dist, geo.textAlpha, ringR)
  const measure = (layers: GuardLayer[]): number => {
    let st = ringStats(backdrop, ring, layers, geo.visible)
    // Text wholly behind the product: measure the ring as if it were visible.
    if (st.count <= 0) st = ringStats(backdrop, ring, layers)
    return st.count > 0 ? contrastAgainst(textL, st) : contrastBefore
  }
  const commit = (layers: GuardLayer[]): void => {
    for (const l of layers) overColor(backdrop, l.color, l.alpha, l.opacity)
  }

  // 1. Outline.
  const outline = new Float32Array(w * h)
  for (let p = 0; p < outline.length; p++) outline[p] = Math.min(1, Math.max(0, ow + 0.5 - dist[p]))
  const outlineLayers = [{ color: guardColor, alpha: outline, opacity: 1 }]
  let after = measure(outlineLayers)
  if (after >= MIN_CONTRAST) {
    commit(outlineLayers)
    return { guard: 'outline', contrastBefore, contrastAfter: after, guardColor }
  }

  // 2. Soft shadow: the ink, grown by part of the outline width and blurred, dense at the letter
  // edge and fading over a few outline widths. It replaces the outline rather than adding to it:
  // a hard rim plus a halo reads as a cheap effect, a soft halo alone as studio lighting.
  const grown = outline
  for (let p = 0; p < grown.length; p++) grown[p] = Math.min(1, Math.max(0, ow * 0.6 + 0.5 - dist[p]))
  const glow = blurAlpha(grown, w, h, glowSigma(geo.glyphHeight))
  for (let p = 0; p < glow.length; p++) glow[p] = Math.min(1, glow[p] * 2)
  const glowLayers = [{ color: guardColor, alpha: glow, opacity: 0.92 }]
  after = measure(glowLayers)
  if (after >= MIN_CONTRAST) {
    commit(glowLayers)
    return { guard: 'shadow', contrastBefore, contrastAfter: after, guardColor }
  }

  // 3. Backing plate: a rounded rectangle in a darkened (or lightened) scene colour, as
  // translucent as the contrast allows so the scene still shows through.
  const [px, py] = platePadding(geo.glyphHeight)
  // The plate hugs the lettering, not the layer: a soft drop shadow or glow fades out far beyond
  // the letters and would otherwise blow the plate up into a slab.
  const ink = inkBox(geo.textAlpha, w, geo.box, 0.3)
  const rect = [ink[0] - px, ink[1] - py, ink[2] + 2 * px, ink[3] + 2 * py]
  const plateAlpha = roundedRectAlpha(w, h, rect, Math.min(py * 1.2, geo.glyphHeight * 0.35))
  const under = regionBoxStats(backdrop, rect as Box)
  const worst = dark ? under.p90 : under.p10
  const limit = dark ? (textL + 0.05) / PLATE_TARGET - 0.05 : PLATE_TARGET * (textL + 0.05) - 0.05
  const plateL = dark ? Math.max(0, Math.min(0.03, limit * 0.5)) : Math.min(1, Math.max(0.8, limit + (1 - limit) * 0.5))
  const plateColor = colorWithLuminance(desaturate(ambient, 0.5), plateL)
  const s8 = linearToSrgb8(worst)
  let opacity = 0.95
  for (let a = 0.6; a <= 0.95 + 1e-9; a += 0.025) {
    const mixed: Rgb = [a * plateColor[0] + (1 - a) * s8, a * plateColor[1] + (1 - a) * s8, a * plateColor[2] + (1 - a) * s8]
    const l = relativeLuminance(mixed)
    if (dark ? l <= limit : l >= limit) {
      opacity = a
      break
    }
  }
  for (;;) {
    after = measure([{ color: plateColor, alpha: plateAlpha, opacity }])
    if (after >= MIN_CONTRAST || opacity >= 0.97) break
    // Percentiles of the real ring can be harsher than the grey estimate: thicken and re-measure.
    opacity = Math.min(0.97, opacity + 0.05)
  }
  commit([{ color: plateColor, alpha: plateAlpha, opacity }])
  return { guard: 'plate', contrastBefore, contrastAfter: after, guardColor: plateColor }
}
