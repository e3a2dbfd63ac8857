/**
 * Separable box blurs on float planes with running sums: O(n) whatever the radius, which is what
 * keeps shadows with 60 px penumbras inside the per-image time budget. Two passes give a tent,
 * three a near-Gaussian.
 */

/** 'zero': outside reads as 0 (a shadow patch fading into nothing); 'clamp': repeats the border (an image crop). */
export type BlurEdge = 'zero' | 'clamp'

/** A float plane placed on the canvas at (x, y). */
export interface Patch {
  x: number
  y: number
  w: number
  h: number
  data: Float32Array
}

function blurRows(src: Float32Array, dst: Float32Array, w: number, h: number, r: number, clampEdge: boolean): void {
  const inv = 1 / (2 * r + 1)
  const last = w - 1
  for (let y = 0; y < h; y++) {
    const off = y * w
    let s = 0
    for (let k = -r; k <= r; k++) {
      if (k >= 0 && k <= last) s += src[off + k]
      else if (clampEdge) s += src[off + (k < 0 ? 0 : last)]
    }
    for (let x = 0; x < w; x++) {
      dst[off + x] = s * inv
      const add = x + r + 1
      const sub = x - r
      if (add <= last) s += src[off + add]
      else if (clampEdge) s += src[off + last]
      if (sub >= 0) s -= src[off + sub]
      else if (clampEdge) s -= src[off]
    }
  }
}

// Vertical pass walks rows with a running row of sums: column-wise walks thrash the cache.
function blurCols(src: Float32Array, dst: Float32Array, w: number, h: number, r: number, clampEdge: boolean, acc: Float64Array): void {
  const inv = 1 / (2 * r + 1)
  const last = h - 1
  acc.fill(0, 0, w)
  for (let k = -r; k <= r; k++) {
    const row = k >= 0 && k <= last ? k : clampEdge ? (k < 0 ? 0 : last) : -1
    if (row < 0) continue
    const off = row * w
    for (let x = 0; x < w; x++) acc[x] += src[off + x]
  }
  for (let y = 0; y < h; y++) {
    const off = y * w
    for (let x = 0; x < w; x++) dst[off + x] = acc[x] * inv
    const add = y + r + 1
    const sub = y - r
    const addRow = add <= last ? add : clampEdge ? last : -1
    const subRow = sub >= 0 ? sub : clampEdge ? 0 : -1
    if (addRow >= 0) {
      const o = addRow * w
      for (let x = 0; x < w; x++) acc[x] += src[o + x]
    }
    if (subRow >= 0) {
      const o = subRow * w
      for (let x = 0; x < w; x++) acc[x] -= src[o + x]
    }
  }
}

/** Blurs `plane` (w*h) in place; `passes` repetitions of a (2r+1) box horizontally and vertically. */
export function boxBlur(plane: Float32Array, w: number, h: number, radius: number, passes = 2, edge: BlurEdge = 'zero'): Float32Array {
  const r = Math.round(radius)
  if (r < 1 || w < 1 || h < 1) return plane
  const tmp = new Float32Array(w * h)
  const acc = new Float64Array(w)
  const clampEdge = edge === 'clamp'
  for (let p = 0; p < passes; p++) {
    blurRows(plane, tmp, w, h, r, clampEdge)
    blurCols(tmp, plane, w, h, r, clampEdge, acc)
  }
  return plane
}

/** Horizontal-only blur of a single row (a footprint profile), in place. */
export function boxBlurRow(row: Float32Array, radius: number, passes = 2, edge: BlurEdge = 'zero'): Float32Array {
  const r = Math.round(radius)
  if (r < 1 || row.length < 1) return row
  const tmp = new Float32Array(row.length)
  for (let p = 0; p < passes; p++) {
    blurRows(row, tmp, row.length, 1, r, edge === 'clamp')
    row.set(tmp)
  }
  return row
}

/** Radius that, added in a cascade after a blur of radius `from`, gives about radius `to`. */
export function incrementalRadius(from: number, to: number): number {
  return Math.max(0, Math.round(Math.sqrt(Math.max(0, to * to - from * from))))
}

/** Clips [x0, x1) × [y0, y1) to the canvas; null when nothing is left. */
export function clipRect(x0: number, y0: number, x1: number, y1: number, width: number, height: number): [number, number, number, number] | null {
  const ax = Math.max(0, Math.floor(x0))
  const ay = Math.max(0, Math.floor(y0))
  const bx = Math.min(width, Math.ceil(x1))
  const by = Math.min(height, Math.ceil(y1))
  return bx > ax && by > ay ? [ax, ay, bx, by] : null
}
