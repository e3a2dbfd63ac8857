/**
 * The pieces of `expandToGroup`: cells unlike the backdrop, grouped into pieces that may join the
 * object, and the whole-grid steps that turn them into a group.
 */
import { dilate, erode, majority } from './grid-morphology'
import { labelComponents4 } from './group-regions'

export interface PieceContext {
  w: number
  h: number
  halo: Uint8Array
  reach: Uint8Array
  gap: number
  core: number
  minPiece: number
}

/**
 * "Other" cells (normalised backdrop distance above 1), speckle voted away and the object's halo
 * set aside, grouped into pieces. Pieces closer than `gap` cells count as one, so a tray split by
 * the thin line of its rim or a groove is still one tray. A piece is kept when it comes within
 * reach of the object, is big enough to be a thing and has some body.
 */
export function findPieces(dist: Float32Array, ctx: PieceContext): Uint8Array {
  const { w, h, halo, reach } = ctx
  const smooth = majority(above(dist, 1), w, h, 2)
  clearWhere(smooth, halo)
  const { labels, areas } = labelComponents4(dilate(smooth, w, h, ctx.gap), w, h)
  // Body: cells with a solid block of "other" around them. The thin network of mixed cells
  // along every boundary of a busy backdrop has none; a tray, a bowl or a peanut does.
  const core = erode(smooth, w, h, ctx.core)
  const area = new Float64Array(areas.length)
  const touches = new Uint8Array(areas.length)
  const solid = new Uint8Array(areas.length)
  tally(labels, smooth, reach, core, area, touches, solid)
  const keep = new Uint8Array(areas.length)
  for (let id = 1; id < areas.length; id++) keep[id] = touches[id] && solid[id] && area[id] >= ctx.minPiece ? 1 : 0
  return keepLabelled(labels, smooth, keep)
}

/** Per label: cells of `smooth`, and whether any cell lies in `reach` or in `core`. */
function tally(
  labels: Int32Array,
  smooth: Uint8Array,
  reach: Uint8Array,
  core: Uint8Array,
  area: Float64Array,
  touches: Uint8Array,
  solid: Uint8Array,
): void {
  for (let c = 0; c < labels.length; c++) {
    if (smooth[c]) area[labels[c]]++
    if (reach[c]) touches[labels[c]] = 1
    if (core[c]) solid[labels[c]] = 1
  }
}

/** Cells of `smooth` whose label is kept. */
function keepLabelled(labels: Int32Array, smooth: Uint8Array, keep: Uint8Array): Uint8Array {
  const out = new Uint8Array(labels.length)
  for (let c = 0; c < out.length; c++) out[c] = smooth[c] && keep[labels[c]] ? 1 : 0
  return out
}

// Whole-grid loops of expandToGroup, each a function of its own: a one-off loop inside a long
// function makes V8 compile (and later throw away) the whole function to run it fast, which is
// what the first photos of a process pay for.

/** 1 where the plane is at least t, and how many. */
export function atLeast(plane: Float32Array, t: number): { mask: Uint8Array; count: number } {
  const mask = new Uint8Array(plane.length)
  let count = 0
  for (let c = 0; c < plane.length; c++) {
    if (plane[c] >= t) {
      mask[c] = 1
      count++
    }
  }
  return { mask, count }
}

/** 1 where the plane is above t. */
function above(plane: Float32Array, t: number): Uint8Array {
  const out = new Uint8Array(plane.length)
  for (let c = 0; c < plane.length; c++) out[c] = plane[c] > t ? 1 : 0
  return out
}

/** Unsets, in place, the cells of `src` set in `where`. */
function clearWhere(src: Uint8Array, where: Uint8Array): void {
  for (let c = 0; c < src.length; c++) if (where[c]) src[c] = 0
}

/** The object, its pieces, and the gap between: reach cells near a piece. */
export function joinPieces(fg: Uint8Array, pieces: Uint8Array, reach: Uint8Array, near: Uint8Array): Uint8Array {
  const out = new Uint8Array(fg.length)
  for (let c = 0; c < out.length; c++) out[c] = fg[c] || pieces[c] || (reach[c] && near[c]) ? 1 : 0
  return out
}

/** Cells of `a` not in `b`, and how many. */
export function setMinus(a: Uint8Array, b: Uint8Array): { mask: Uint8Array; count: number } {
  const mask = new Uint8Array(a.length)
  let count = 0
  for (let c = 0; c < a.length; c++) {
    if (a[c] && !b[c]) {
      mask[c] = 1
      count++
    }
  }
  return { mask, count }
}

/** Share of the "other" cells beyond the object and its halo (dist above 1) inside the group. */
export function claimedShare(group: Uint8Array, fg: Uint8Array, halo: Uint8Array, dist: Float32Array): number {
  let otherAll = 0
  let otherIn = 0
  for (let c = 0; c < group.length; c++) {
    if (fg[c] || halo[c] || dist[c] <= 1) continue
    otherAll++
    if (group[c]) otherIn++
  }
  return otherAll ? otherIn / otherAll : 1
}
