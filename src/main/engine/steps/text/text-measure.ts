/**
 * Measuring and drawing text runs with the right registered face. Every string goes through
 * splitRuns first, so a character the chosen font lacks is measured and drawn in its fallback
 * font, never as tofu.
 */
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas'
import { canvasFamily, type LoadedFont } from '../../fonts/font-registry'
import { splitRuns, type FallbackRecord, type TextRun } from '../../fonts/font-fallback'

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
  ascent: number
  descent: number
  left: number
  right: number
}

export interface MeasuredText {
  runs: MeasuredRun[]
  /** Advance of the whole string without the trailing letter spacing. */
  width: number
  /** Ink extents relative to the pen start / baseline. */
  ascent: number
  descent: number
  inkLeft: number
  inkRight: number
  fallbacks: FallbackRecord[]
  missing: string[]
}

/** Measures `text` at `size` px with `ls` px letter spacing, split into per-font runs. */
export function measureText(text: string, primary: LoadedFont, size: number, ls: number): MeasuredText {
  const ctx = measureContext()
  const split = splitRuns(text, primary)
  const runs: MeasuredRun[] = []
  let x = 0
  let ascent = 0
  let descent = 0
  let inkLeft = Infinity
  let inkRight = -Infinity
  for (const r of split.runs) {
    setFont(ctx, r.font, size, ls)
    const m = ctx.measureText(r.text)
    const run: MeasuredRun = {
      ...r,
      advance: m.width,
      ascent: m.actualBoundingBoxAscent,
      descent: m.actualBoundingBoxDescent,
      left: m.actualBoundingBoxLeft,
      right: m.actualBoundingBoxRight,
    }
    if (r.text.trim()) {
      ascent = Math.max(ascent, run.ascent)
      descent = Math.max(descent, run.descent)
      inkLeft = Math.min(inkLeft, x - run.left)
      inkRight = Math.max(inkRight, x + run.right)
    }
    runs.push(run)
    x += run.advance
  }
  const width = Math.max(0, x - (runs.length ? ls : 0))
  if (!Number.isFinite(inkLeft)) {
    inkLeft = 0
    inkRight = width
  }
  return { runs, width, ascent, descent, inkLeft, inkRight, fallbacks: split.fallbacks, missing: split.missing }
}

/** Draws measured runs starting at (x, baseline) with the context's current fill/stroke style. */
export function drawRuns(
  ctx: SKRSContext2D,
  runs: MeasuredRun[],
  x: number,
  baseline: number,
  size: number,
  ls: number,
  mode: 'fill' | 'stroke' = 'fill',
): void {
  let pen = x
  for (const r of runs) {
    setFont(ctx, r.font, size, ls)
    if (mode === 'fill') ctx.fillText(r.text, pen, baseline)
    else ctx.strokeText(r.text, pen, baseline)
    pen += r.advance
  }
}
