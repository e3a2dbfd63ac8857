/**
 * Small binary-plane helpers for `expandToGroup`, on the analysis grid (a few hundred cells a
 * side), and the final upsample-and-union; everything is iterative, never recursive. Components
 * come from the matte refiner's run-based labelling: the same labels a flood fill gives, at a
 * fraction of the cost, and code that is already compiled when the refiner needs it.
 */
import { createMask, type Mask } from '../../image/raster'
import { labelComponents } from './connected-components'
import { boxCount } from './grid-morphology'

export { boxCount, dilate, erode, majority } from './grid-morphology'

/** Sets every unset region that cannot reach the image border (enclosed holes). */
export function fillHoles(src: Uint8Array, w: number, h: number): Uint8Array {
  const { labels, count, touchesBorder } = labelComponents({ width: w, height: h, data: src }, { connectivity: 4, value: 0 })
  const open = new Uint8Array(count + 1)
  for (let l = 1; l <= count; l++) open[l] = touchesBorder[l]
  const out = new Uint8Array(w * h)
  // Set cells have label 0, which is never open; unset ones stay unset only if their region
  // reaches the border.
  for (let i = 0; i < out.length; i++) out[i] = open[labels[i]] ^ 1
  return out
}

/** Share of the image's outermost ring of cells that is set. */
export function borderContact(src: Uint8Array, w: number, h: number): number {
  if (w < 2 || h < 2) return src.some((v) => v !== 0) ? 1 : 0
  let set = 0
  for (let x = 0; x < w; x++) set += (src[x] ? 1 : 0) + (src[(h - 1) * w + x] ? 1 : 0)
  for (let y = 1; y < h - 1; y++) set += (src[y * w] ? 1 : 0) + (src[y * w + w - 1] ? 1 : 0)
  return set / (2 * (w + h) - 4)
}

/**
 * 4-connected components of set cells: labels 1..count (0 = unset) in raster order of each
 * component's first cell, and area per label (index 0 unused).
 */
export function labelComponents4(src: Uint8Array, w: number, h: number): { labels: Int32Array; areas: Int32Array } {
  const { labels, areas } = labelComponents({ width: w, height: h, data: src }, { connectivity: 4, value: 1 })
  return { labels, areas }
}

/**
 * Chessboard distance (in cells) from every cell to the nearest set cell, capped at 65535; two
 * raster passes. `dist <= r` is the square dilation by r, so one transform serves every radius.
 */
export function chessboardDistance(src: Uint8Array, w: number, h: number): Uint16Array {
  const d = new Uint16Array(w * h)
  // Row by row, each row a call: small functions are compiled fast, so a first photo does not
  // spend its time interpreting these passes.
  for (let y = 0; y < h; y++) forwardRow(src, d, y, w)
  for (let y = h - 1; y >= 0; y--) backwardRow(d, y, w, h)
  return d
}

const FAR = 65535

function forwardRow(src: Uint8Array, d: Uint16Array, y: number, w: number): void {
  for (let x = 0; x < w; x++) {
    const c = y * w + x
    if (src[c]) continue
    let m = FAR
    if (x > 0 && d[c - 1] + 1 < m) m = d[c - 1] + 1
    if (y > 0) {
      if (d[c - w] + 1 < m) m = d[c - w] + 1
      if (x > 0 && d[c - w - 1] + 1 < m) m = d[c - w - 1] + 1
      if (x < w - 1 && d[c - w + 1] + 1 < m) m = d[c - w + 1] + 1
    }
    d[c] = Math.min(FAR, m)
  }
}

function backwardRow(d: Uint16Array, y: number, w: number, h: number): void {
  for (let x = w - 1; x >= 0; x--) {
    const c = y * w + x
    let m = d[c]
    if (m === 0) continue
    if (x < w - 1 && d[c + 1] + 1 < m) m = d[c + 1] + 1
    if (y < h - 1) {
      if (d[c + w] + 1 < m) m = d[c + w] + 1
      if (x < w - 1 && d[c + w + 1] + 1 < m) m = d[c + w + 1] + 1
      if (x > 0 && d[c + w - 1] + 1 < m) m = d[c + w - 1] + 1
    }
    d[c] = m
  }
}

/** Cells with `dist <= r`. */
export function within(dist: Uint16Array, r: number): Uint8Array {
  const out = new Uint8Array(dist.length)
  for (let i = 0; i < dist.length; i++) out[i] = dist[i] <= r ? 1 : 0
  return out
}

/**
 * Upsamples grid cells `added` (w x h) to the raw mask's size with a one-cell soft edge (bilinear,
 * pixel-centre aligned like resizeMaskBilinear) and takes the max with the raw mask in the same
 * pass; `gained` counts pixels that crossed 0.5. Only the added part
 * is upsampled: where the group is the object itself the network's own edge stays.
 */
export function unionUpsampled(raw: Mask, added: Uint8Array, w: number, h: number): { mask: Mask; gained: number } {
  const soft = softCells(added, w, h)
  const W = raw.width
  const H = raw.height
  const x0 = new Int32Array(W)
  const x1 = new Int32Array(W)
  const fx = new Float32Array(W)
  for (let x = 0; x < W; x++) {
    const sx = Math.min(Math.max(((x + 0.5) * w) / W - 0.5, 0), w - 1)
    x0[x] = Math.floor(sx)
    x1[x] = Math.min(x0[x] + 1, w - 1)
    fx[x] = sx - x0[x]
  }
  // Per grid row, the span of columns with any soft value: output pixels outside the spans of
  // both grid rows they interpolate between keep the raw value untouched.
  const spanLo = new Int32Array(h).fill(w)
  const spanHi = new Int32Array(h).fill(-1)
  for (let y = 0; y < h; y++) rowSpan(soft, y, w, spanLo, spanHi)
  const out = createMask(W, H)
  out.data.set(raw.data)
  let gained = 0
  for (let y = 0; y < H; y++) {
    const sy = Math.min(Math.max(((y + 0.5) * h) / H - 0.5, 0), h - 1)
    const gy0 = Math.floor(sy)
    const gy1 = Math.min(gy0 + 1, h - 1)
    const lo = Math.min(spanLo[gy0], spanLo[gy1])
    const hi = Math.max(spanHi[gy0], spanHi[gy1])
    if (hi < lo) continue
    // Output columns whose source cells can reach [lo, hi] (one cell of interpolation slack).
    const xa = Math.max(0, Math.floor(((lo - 1) * W) / w))
    const xb = Math.min(W, Math.ceil(((hi + 2) * W) / w))
    gained += unionRow(soft, gy0 * w, gy1 * w, sy - gy0, x0, x1, fx, out.data, y * W, xa, xb)
  }
  return { mask: out, gained }
}

/** First and last column of grid row y with a soft value (lo = w, hi = -1 when none). */
function rowSpan(soft: Float32Array, y: number, w: number, lo: Int32Array, hi: Int32Array): void {
  const o = y * w
  let a = 0
  while (a < w && soft[o + a] === 0) a++
  if (a === w) return
  let b = w - 1
  while (soft[o + b] === 0) b--
  lo[y] = a
  hi[y] = b
}

/** The 3x3 mean of the added cells (clipped at the edges): a one-cell soft edge. */
function softCells(added: Uint8Array, w: number, h: number): Float32Array {
  const soft = new Float32Array(w * h)
  const c = boxCount(added, w, h, 1)
  for (let y = 0; y < h; y++) {
    const ny = Math.min(h - 1, y + 1) - Math.max(0, y - 1) + 1
    for (let x = 0; x < w; x++) {
      const nx = Math.min(w - 1, x + 1) - Math.max(0, x - 1) + 1
      soft[y * w + x] = c[y * w + x] / (nx * ny)
    }
  }
  return soft
}

/**
 * One output row of unionUpsampled, columns xa..xb-1: bilinear soft value, max with the raw
 * value. A function of its own so that it is compiled after a few rows of the first photo.
 */
function unionRow(
  soft: Float32Array,
  r0: number,
  r1: number,
  fy: number,
  x0: Int32Array,
  x1: Int32Array,
  fx: Float32Array,
  out: Float32Array,
  row: number,
  xa: number,
  xb: number,
): number {
  let gained = 0
  for (let x = xa, i = row + xa; x < xb; x++, i++) {
    const a = soft[r0 + x0[x]] + (soft[r0 + x1[x]] - soft[r0 + x0[x]]) * fx[x]
    const b = soft[r1 + x0[x]] + (soft[r1 + x1[x]] - soft[r1 + x0[x]]) * fx[x]
    const v = a + (b - a) * fy
    const rv = out[i]
    if (v > rv) {
      if (rv < 0.5 && v >= 0.5) gained++
      out[i] = v
    }
  }
  return gained
}
