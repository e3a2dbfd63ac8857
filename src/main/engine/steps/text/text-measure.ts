/**
 * Measuring and drawing text runs with the right registered face. Every string goes through
 * splitRuns first, so a character the chosen font lacks is measured and drawn in its fallback
 * font, never as tofu.
 *
 * Ink extents are measured per cluster, never for a whole run: Skia's measureText reports the
 * bounding box of the first script run only, so "NEW 신상" measured as one string had the ink of
 * "NEW " and the layer was cut before "신상". Advances are measured on the whole run (those are
 * right) and, inside a run, from pairs, so kerning is kept.
 */
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas'
import { canvasFamily } from '../../fonts/canvas-family'
import type { LoadedFont } from '../../fonts/font-registry'
import { splitRuns, type FallbackRecord, type TextRun } from '../../fonts/font-fallback'
import { visibleCodePoints } from '../../fonts/glyph-ink'

let scratch: SKRSContext2D | null = null

export function measureContext(): SKRSContext2D {
  scratch ??= createCanvas(4, 4).getContext('2d')
  return scratch
}

export function fontString(font: LoadedFont, size: number): string {
  return `${font.style === 'italic' ? 'italic ' : ''}${font.weight} ${size}px "${canvasFamily(font)}"`
}

export function setFont(ctx: SKRSContext2D, font: LoadedFont, size: number, letterSpacingPx: number): void {
  ctx.font = fontString(font, size)
  ctx.letterSpacing = `${letterSpacingPx}px`
}

export interface MeasuredRun extends TextRun {
  /** Advance including the letter spacing after every character (what Skia reports). */
  advance: number
}

/** One visible cluster where the layout puts it: pen offset from the line's start, ink box around the pen. */
export interface MeasuredGlyph {
  cluster: string
  font: LoadedFont
  /** Pen position relative to the line's pen start. */
  x: number
  /** Ink extents around (x, baseline): left and ascent grow left/up. */
  left: number
  right: number
  ascent: number
  descent: number
}

export interface MeasuredText {
  runs: MeasuredRun[]
  /** Every visible cluster with its own ink box (spaces and joiners have none). */
  glyphs: MeasuredGlyph[]
  /** Advance of the whole string without the trailing letter spacing. */
  width: number
  /** Ink extents relative to the pen start / baseline: the union of the glyphs' boxes. */
  ascent: number
  descent: number
  inkLeft: number
  inkRight: number
  fallbacks: FallbackRecord[]
  missing: string[]
}

// Widths and ink boxes repeat across the auto-fit's attempts and between lines: cached per font,
// size and spacing (bounded: a long session must not grow it forever).
const widthCache = new Map<string, number>()
const inkCache = new Map<string, [number, number, number, number]>()

function cached<V>(cache: Map<string, V>, key: string, make: () => V): V {
  let v = cache.get(key)
  if (v === undefined) {
    if (cache.size > 20_000) cache.clear()
    cache.set(key, (v = make()))
  }
  return v
}

/** Advances of each cluster of a run at the current font: pairwise, so kerning with the next one counts. */
function clusterAdvances(ctx: SKRSContext2D, key: string, clusters: string[]): number[] {
  const width = (s: string): number => cached(widthCache, key + s, () => ctx.measureText(s).width)
  return clusters.map((c, i) => (i + 1 < clusters.length ? width(c + clusters[i + 1]) - width(clusters[i + 1]) : width(c)))
}

/** Advance of `text` alone (no ink boxes): what line breaking needs, at a fraction of the cost. */
export function measureAdvance(text: string, primary: LoadedFont, size: number, ls: number): number {
  const ctx = measureContext()
  let x = 0
  const runs = splitRuns(text, primary).runs
  for (const r of runs) {
    setFont(ctx, r.font, size, ls)
    x += ctx.measureText(r.text).width
  }
  return Math.max(0, x - (runs.length ? ls : 0))
}

/** Measures `text` at `size` px with `ls` px letter spacing, split into per-font runs. */
export function measureText(text: string, primary: LoadedFont, size: number, ls: number): MeasuredText {
  const ctx = measureContext()
  const split = splitRuns(text, primary)
  const runs: MeasuredRun[] = []
  const glyphs: MeasuredGlyph[] = []
  let x = 0
  for (const r of split.runs) {
    setFont(ctx, r.font, size, ls)
    const key = `${r.font.path}\u0000${size}\u0000${ls}\u0000`
    const advance = ctx.measureText(r.text).width
    const advances = r.clusters.length > 1 ? clusterAdvances(ctx, key, r.clusters) : [advance]
    // A single glyph's shape does not depend on the spacing after it.
    ctx.letterSpacing = '0px'
    let pen = x
    r.clusters.forEach((cl, i) => {
      if (visibleCodePoints(cl).length > 0) {
        const [left, right, ascent, descent] = cached(inkCache, `${r.font.path}\u0000${size}\u0000${cl}`, () => {
          const m = ctx.measureText(cl)
          return [m.actualBoundingBoxLeft, m.actualBoundingBoxRight, m.actualBoundingBoxAscent, m.actualBoundingBoxDescent]
        })
        glyphs.push({ cluster: cl, font: r.font, x: pen, left, right, ascent, descent })
      }
      pen += advances[i]
    })
    runs.push({ ...r, advance })
    x += advance
  }
  const width = Math.max(0, x - (runs.length ? ls : 0))
  let ascent = 0
  let descent = 0
  let inkLeft = Infinity
  let inkRight = -Infinity
  for (const g of glyphs) {
    ascent = Math.max(ascent, g.ascent)
    descent = Math.max(descent, g.descent)
    inkLeft = Math.min(inkLeft, g.x - g.left)
    inkRight = Math.max(inkRight, g.x + g.right)
  }
  if (!Number.isFinite(inkLeft)) {
    inkLeft = 0
    inkRight = width
  }
  return { runs, glyphs, width, ascent, descent, inkLeft, inkRight, fallbacks: split.fallbacks, missing: split.missing }
}

/**
 * Draws a measured line's glyphs starting at (x, baseline) with the context's current fill/stroke
 * style, one cluster at a time at its measured place. Drawing whole runs would let the shaper
 * apply contextual forms (Pretendard lifts "+" and "~" next to digits), so the ink would no longer
 * be where the layout and the check expect it; kerning is kept through the measured advances.
 */
export function drawGlyphs(
  ctx: SKRSContext2D,
  glyphs: MeasuredGlyph[],
  x: number,
  baseline: number,
  size: number,
  mode: 'fill' | 'stroke' = 'fill',
): void {
  let current: LoadedFont | null = null
  for (const g of glyphs) {
    if (g.font !== current) {
      setFont(ctx, g.font, size, 0)
      current = g.font
    }
    if (mode === 'fill') ctx.fillText(g.cluster, x + g.x, baseline)
    else ctx.strokeText(g.cluster, x + g.x, baseline)
  }
}
