/**
 * Pure geometry of direct manipulation on the ad (issue 11): boxes are [x, y, w, h] as fractions of
 * the canvas (what the request's product_box / text_box take), points are fractions too. The canvas
 * size in pixels only enters where pixels mean something: nudges (1 px, 10 px with Shift) and the
 * product's aspect ratio, which is a ratio of pixels, not of fractions.
 *
 * Every gesture recomputes from its start box and the pointer's total travel (tldraw's Translating
 * state), so rounding never accumulates over a long drag.
 */

/** [x, y, w, h], fractions of the canvas. */
export type FracBox = [number, number, number, number]
export interface FracPoint {
  x: number
  y: number
}
export interface CanvasSize {
  width: number
  height: number
}

export type Handle = 'nw' | 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w'
export const CORNER_HANDLES: readonly Handle[] = ['nw', 'ne', 'se', 'sw']
export const ALL_HANDLES: readonly Handle[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w']

/** Smallest side a box can be resized to: 3% of the canvas (the API takes 1%; smaller is unusable). */
export const MIN_SIDE = 0.03

/**
 * The safe margins the engine keeps text out of (engine/steps/compose/safe-area.ts: 5% on every
 * side; 250/1920 top and bottom on story canvases). Repeated here because the renderer cannot import
 * the engine; the snapping test pins the same numbers.
 */
export const EDGE_MARGIN = 0.05
export const STORY_BAND = 250 / 1920
export const STORY_ASPECT = 1.7

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v))

/** A box moved by (dx, dy), kept inside the canvas. */
export function moveBox(b: FracBox, dx: number, dy: number): FracBox {
  return [clamp(b[0] + dx, 0, 1 - b[2]), clamp(b[1] + dy, 0, 1 - b[3]), b[2], b[3]]
}

/** Arrow-key nudge in canvas pixels (1, or 10 with Shift), kept inside the canvas. */
export function nudgeBox(b: FracBox, key: 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown', shift: boolean, size: CanvasSize): FracBox {
  const px = shift ? 10 : 1
  const dx = key === 'ArrowLeft' ? -px : key === 'ArrowRight' ? px : 0
  const dy = key === 'ArrowUp' ? -px : key === 'ArrowDown' ? px : 0
  return moveBox(b, dx / size.width, dy / size.height)
}

/**
 * A box resized by dragging `handle`; the opposite edge or corner stays put. With `keepAspect` (the
 * product) the box scales uniformly, by the larger of the two relative changes, and its bottom edge
 * stays where it is whichever handle is dragged: the product stands on its floor line (issue 10's
 * grounding), so making it smaller must not lift it into the air. Horizontally the opposite side
 * stays (the centre for the top and bottom handles); the scale shrinks to keep the box inside.
 */
export function resizeBox(b: FracBox, handle: Handle, dx: number, dy: number, keepAspect: boolean): FracBox {
  let [x0, y0, x1, y1] = [b[0], b[1], b[0] + b[2], b[1] + b[3]]
  const west = handle.includes('w')
  const east = handle.includes('e')
  const north = handle.startsWith('n')
  const south = handle.startsWith('s')
  if (keepAspect) {
    const sx = west ? (b[2] - dx) / b[2] : east ? (b[2] + dx) / b[2] : 1
    const sy = north ? (b[3] - dy) / b[3] : south ? (b[3] + dy) / b[3] : 1
    const pick = !west && !east ? sy : !north && !south ? sx : Math.abs(sx - 1) >= Math.abs(sy - 1) ? sx : sy
    const ax = west ? x1 : east ? x0 : b[0] + b[2] / 2
    const ay = y1
    // The largest scale that keeps the box inside the canvas from its anchor (it grows upwards).
    const room = Math.min(west ? ax / b[2] : east ? (1 - ax) / b[2] : Math.min(ax, 1 - ax) / (b[2] / 2), ay / b[3])
    const least = Math.max(MIN_SIDE / b[2], MIN_SIDE / b[3])
    const s = clamp(pick, Math.min(least, room), room)
    const w = b[2] * s
    const h = b[3] * s
    const x = west ? ax - w : east ? ax : ax - w / 2
    return [x, ay - h, w, h]
  }
  if (west) x0 = clamp(x0 + dx, 0, x1 - MIN_SIDE)
  if (east) x1 = clamp(x1 + dx, x0 + MIN_SIDE, 1)
  if (north) y0 = clamp(y0 + dy, 0, y1 - MIN_SIDE)
  if (south) y1 = clamp(y1 + dy, y0 + MIN_SIDE, 1)
  return [x0, y0, x1 - x0, y1 - y0]
}

export type GuideKind = 'centre' | 'third' | 'margin'
export interface Guide {
  axis: 'x' | 'y'
  /** Fraction of the canvas along the axis: a vertical line at x = at, or a horizontal one at y = at. */
  at: number
  kind: GuideKind
}

/** The lines a box snaps to on a canvas of this size: centre lines, thirds and the safe margins. */
export function snapTargets(size: CanvasSize): Guide[] {
  const my = size.height / size.width >= STORY_ASPECT ? STORY_BAND : EDGE_MARGIN
  const out: Guide[] = []
  for (const axis of ['x', 'y'] as const) {
    const m = axis === 'x' ? EDGE_MARGIN : my
    out.push({ axis, at: 0.5, kind: 'centre' }, { axis, at: 1 / 3, kind: 'third' }, { axis, at: 2 / 3, kind: 'third' }, { axis, at: m, kind: 'margin' }, { axis, at: 1 - m, kind: 'margin' })
  }
  return out
}

export interface SnapResult {
  box: FracBox
  /** The lines the box now lies on (drawn while it snaps); empty when nothing is near. */
  guides: Guide[]
}

/**
 * Snaps a moved box: on each axis, whichever of its edges or its centre is nearest a target line
 * within `threshold` (fractions per axis, from a few screen pixels) moves onto it.
 */
export function snapMove(b: FracBox, size: CanvasSize, threshold: { x: number; y: number }): SnapResult {
  const targets = snapTargets(size)
  const guides: Guide[] = []
  const out: FracBox = [...b]
  for (const axis of ['x', 'y'] as const) {
    const i = axis === 'x' ? 0 : 1
    const pos = b[i]
    const len = b[i + 2]
    let best: { d: number; g: Guide } | null = null
    for (const g of targets) {
      if (g.axis !== axis) continue
      for (const edge of [pos, pos + len / 2, pos + len]) {
        const d = g.at - edge
        if (Math.abs(d) <= threshold[axis] && (!best || Math.abs(d) < Math.abs(best.d))) best = { d, g }
      }
    }
    if (best) {
      out[i] = clamp(pos + best.d, 0, 1 - len)
      guides.push(best.g)
    }
  }
  return { box: out, guides }
}

/**
 * Snaps the edges a resize moves (a free box: each moving edge on its own; a kept-aspect box: the
 * one moving edge nearest a line, the other side following the aspect).
 */
export function snapResize(b: FracBox, handle: Handle, keepAspect: boolean, size: CanvasSize, threshold: { x: number; y: number }): SnapResult {
  const targets = snapTargets(size)
  const moving: { axis: 'x' | 'y'; value: number; side: 'lo' | 'hi' }[] = []
  if (handle.includes('w')) moving.push({ axis: 'x', value: b[0], side: 'lo' })
  if (handle.includes('e')) moving.push({ axis: 'x', value: b[0] + b[2], side: 'hi' })
  // A kept-aspect box grows from its bottom: its top moves whichever handle is dragged.
  if (handle.startsWith('n') || (keepAspect && handle.startsWith('s'))) moving.push({ axis: 'y', value: b[1], side: 'lo' })
  else if (handle.startsWith('s')) moving.push({ axis: 'y', value: b[1] + b[3], side: 'hi' })
  const hits = moving
    .map((m) => {
      let best: { d: number; g: Guide } | null = null
      for (const g of targets) if (g.axis === m.axis && Math.abs(g.at - m.value) <= threshold[m.axis] && (!best || Math.abs(g.at - m.value) < Math.abs(best.d))) best = { d: g.at - m.value, g }
      return best && { ...m, ...best }
    })
    .filter((h): h is NonNullable<typeof h> => h !== null)
  if (!hits.length) return { box: b, guides: [] }
  if (keepAspect) {
    // The product's bottom stays on its floor line: only its side edges and its top move.
    const movable = hits.filter((h) => h.axis === 'x' || h.side === 'lo')
    if (!movable.length) return { box: b, guides: [] }
    const h = movable.reduce((a, c) => (Math.abs(c.d) < Math.abs(a.d) ? c : a))
    // The snapped edge moves onto the line; the other axis follows the aspect.
    const dx = h.axis === 'x' ? h.d : 0
    const dy = h.axis === 'y' ? (handle.startsWith('n') ? h.d : -h.d) : 0
    const r = resizeBox(b, handle, dx, dy, true)
    return { box: r, guides: [h.g] }
  }
  let [x0, y0, x1, y1] = [b[0], b[1], b[0] + b[2], b[1] + b[3]]
  for (const h of hits) {
    if (h.axis === 'x' && h.side === 'lo' && h.g.at <= x1 - MIN_SIDE) x0 = h.g.at
    if (h.axis === 'x' && h.side === 'hi' && h.g.at >= x0 + MIN_SIDE) x1 = h.g.at
    if (h.axis === 'y' && h.side === 'lo' && h.g.at <= y1 - MIN_SIDE) y0 = h.g.at
    if (h.axis === 'y' && h.side === 'hi' && h.g.at >= y0 + MIN_SIDE) y1 = h.g.at
  }
  return { box: [x0, y0, x1 - x0, y1 - y0], guides: hits.map((h) => h.g) }
}

/** A box as the request takes it: fractions rounded to 4 decimals, inside [0, 1]. */
export function requestBox(b: FracBox): FracBox {
  const r = (v: number) => Math.round(v * 1e4) / 1e4
  const w = clamp(r(b[2]), 0.01, 1)
  const h = clamp(r(b[3]), 0.01, 1)
  // Rounded again after the clamp: 1 - 0.9 is 0.09999999999999998 in floating point.
  return [r(clamp(r(b[0]), 0, 1 - w)), r(clamp(r(b[1]), 0, 1 - h)), w, h]
}

export const sameBox = (a: FracBox | null, b: FracBox | null, eps = 1e-6): boolean =>
  a === b || (!!a && !!b && a.every((v, i) => Math.abs(v - b[i]) <= eps))

/** Whether a point lies inside a box. */
export const contains = (b: FracBox, p: FracPoint): boolean => p.x >= b[0] && p.x <= b[0] + b[2] && p.y >= b[1] && p.y <= b[1] + b[3]

/**
 * A manual position carried to a canvas of another ratio as intent, not as numbers: the box keeps
 * its centre (as fractions: "lower left third" stays there), its share of the canvas's area and its
 * own shape in pixels (a product box keeps the product's proportions), shrunk to fit and moved
 * inside if it would cross an edge.
 */
export function carryBox(b: FracBox, from: CanvasSize, to: CanvasSize): FracBox {
  const share = b[2] * b[3]
  const aspectPx = (b[2] * from.width) / (b[3] * from.height)
  let w = Math.sqrt((share * aspectPx * to.height) / to.width)
  let h = share / w
  const fit = Math.min(1, 1 / w, 1 / h)
  w *= fit
  h *= fit
  const cx = b[0] + b[2] / 2
  const cy = b[1] + b[3] / 2
  return [clamp(cx - w / 2, 0, 1 - w), clamp(cy - h / 2, 0, 1 - h), w, h]
}
