/**
 * Placing laid lines at their sizes: baselines from the line height (at each line's scale, with a
 * gap where the sub-copy starts), lines centred on the widest, badges behind prices, and a canvas
 * that holds the ink, the badges and the effects' margins.
 */
import type { FallbackRecord } from '../../fonts/font-fallback'
import type { LoadedFont } from '../../fonts/font-registry'
import { capEm, findPrices } from './copy-hierarchy'
import type { Badge, LayoutRequest, TextLayout } from './layout-lines'
import { measureText, type MeasuredText } from './text-measure'

/** Pixels of anti-aliasing slack kept on each side. */
export const PAD = 2

/** A typed line with the face and the scale (against the headline's size) it is set in. */
export interface HardLine { text: string; font: LoadedFont; scale: number; badges: boolean }
/** A laid line before placing: its text and the typed line it came from. */
export interface PlannedLine { text: string; hard: number }

/** Extra space between the headline block and the sub-copy, em of the headline. */
const BLOCK_GAP = 0.12
/** Badge padding around a price's ink, em of its line's size. */
const BADGE_PAD_X = 0.28
const BADGE_PAD_Y = 0.2

/**
 * Baseline-to-baseline steps between consecutive lines, in em of the headline: the line height at
 * the mean of the two lines' scales, a gap where the sub-copy starts, and room for badges.
 */
export function lineSteps(req: LayoutRequest, lines: PlannedLine[], hard: HardLine[]): number[] {
  const steps: number[] = []
  for (let i = 0; i + 1 < lines.length; i++) {
    const a = hard[lines[i].hard]
    const b = hard[lines[i + 1].hard]
    let st = (req.lineHeight * (a.scale + b.scale)) / 2
    if (lines[i].hard !== lines[i + 1].hard && a.scale !== b.scale) st += BLOCK_GAP
    if (a.badges && findPrices(lines[i].text).length) st += BADGE_PAD_Y * a.scale
    if (b.badges && findPrices(lines[i + 1].text).length) st += BADGE_PAD_Y * b.scale
    steps.push(st)
  }
  return steps
}


/** Badge boxes for the prices on a measured line, relative to its pen start and baseline. */
function priceBoxes(text: string, m: MeasuredText, size: number): { text: string; box: [number, number, number, number] }[] {
  const starts: number[] = []
  let cursor = 0
  for (const g of m.glyphs) {
    const at = text.indexOf(g.cluster, cursor)
    starts.push(at)
    cursor = at < 0 ? cursor : at + g.cluster.length
  }
  const out: { text: string; box: [number, number, number, number] }[] = []
  for (const [a, b] of findPrices(text)) {
    const gs = m.glyphs.filter((_, i) => starts[i] >= a && starts[i] < b)
    if (!gs.length) continue
    const x0 = Math.min(...gs.map((g) => g.x - g.left)) - BADGE_PAD_X * size
    const x1 = Math.max(...gs.map((g) => g.x + g.right)) + BADGE_PAD_X * size
    const y0 = -Math.max(...gs.map((g) => g.ascent)) - BADGE_PAD_Y * size
    const y1 = Math.max(...gs.map((g) => g.descent)) + BADGE_PAD_Y * size
    out.push({ text: text.slice(a, b), box: [x0, y0, x1 - x0, y1 - y0] })
  }
  return out
}

export function place(req: LayoutRequest, lines: PlannedLine[], hard: HardLine[], size: number): TextLayout {
  const sizes = lines.map((l) => size * hard[l.hard].scale)
  const measured = lines.map((l, i) => measureText(l.text, hard[l.hard].font, sizes[i], req.letterSpacing * sizes[i]))
  const steps = lineSteps(req, lines, hard)
  const base: number[] = [0]
  for (const st of steps) base.push(base[base.length - 1] + st * size)
  // Ink extents on the shared baseline grid.
  let top = Infinity
  let bottom = -Infinity
  let left = Infinity
  let right = -Infinity
  const blockW = Math.max(...measured.map((m) => m.width))
  const badges: Badge[] = []
  measured.forEach((m, i) => {
    if (!lines[i].text) return
    const x = (blockW - m.width) / 2
    top = Math.min(top, base[i] - m.ascent)
    bottom = Math.max(bottom, base[i] + m.descent)
    left = Math.min(left, x + m.inkLeft)
    right = Math.max(right, x + m.inkRight)
    if (!hard[lines[i].hard].badges) return
    for (const p of priceBoxes(lines[i].text, m, sizes[i])) {
      const [bx, by, bw, bh] = p.box
      const box: Badge['box'] = [x + bx, base[i] + by, bw, bh]
      top = Math.min(top, box[1])
      bottom = Math.max(bottom, box[1] + bh)
      left = Math.min(left, box[0])
      right = Math.max(right, box[0] + bw)
      badges.push({ line: i, text: p.text, box })
    }
  })
  const mg = req.margin
  const ox = PAD + mg.left * size - left
  const oy = PAD + mg.top * size - top
  const canvasWidth = Math.ceil(right - left + (mg.left + mg.right) * size + 2 * PAD)
  const canvasHeight = Math.ceil(bottom - top + (mg.top + mg.bottom) * size + 2 * PAD)
  const fallbacks = new Map<string, FallbackRecord>()
  const missing = new Set<string>()
  for (const m of measured) {
    for (const f of m.fallbacks) if (!fallbacks.has(f.char)) fallbacks.set(f.char, f)
    for (const c of m.missing) missing.add(c)
  }
  const subLine = lines.findIndex((l) => l.text && hard[l.hard].scale !== 1)
  const subHard = subLine >= 0 ? hard[lines[subLine].hard] : undefined
  return {
    fontSize: size,
    letterSpacingPx: req.letterSpacing * size,
    lines: measured.map((m, i) => ({
      text: lines[i].text,
      measured: m,
      x: ox + (blockW - m.width) / 2,
      baseline: oy + base[i],
      size: sizes[i],
      sub: hard[lines[i].hard].scale !== 1,
    })),
    canvasWidth,
    canvasHeight,
    inkBox: [ox + left, oy + top, right - left, bottom - top],
    fallbacks: [...fallbacks.values()],
    missing: [...missing],
    badges: badges.map((b) => ({ ...b, box: [b.box[0] + ox, b.box[1] + oy, b.box[2], b.box[3]] })),
    subCopy:
      subHard
        ? { font: subHard.font, capRatio: Math.round(((subHard.scale * capEm(subHard.font)) / capEm(req.font)) * 1000) / 1000 }
        : null,
  }
}
