/**
 * Small binary-plane helpers for `expandToGroup`, on the analysis grid (a few hundred cells a
 * side), and the final upsample-and-union. Kept separate from the matte refiner's component
 * labelling so the two steps can change independently; everything is iterative, never recursive.
 */
import { createMask, type Mask } from '../../image/raster'

/**
 * Count of set cells in the (2r+1)² window around each cell (clipped at the edges). Both passes
 * walk rows in memory order: the vertical one keeps a running count per column and adds the row
 * entering the window while dropping the one leaving it.
 */
export function boxCount(src: Uint8Array, w: number, h: number, r: number): Int32Array {
  const tmp = new Int32Array(w * h)
  const out = new Int32Array(w * h)
  for (let y = 0; y < h; y++) {
    const o = y * w
    let s = 0
    for (let x = 0; x < Math.min(r, w); x++) s += src[o + x]
    for (let x = 0; x < w; x++) {
      if (x + r < w) s += src[o + x + r]
      if (x - r - 1 >= 0) s -= src[o + x - r - 1]
      tmp[o + x] = s
    }
  }
  const col = new Int32Array(w)
  for (let y = 0; y < Math.min(r, h); y++) for (let x = 0, o = y * w; x < w; x++) col[x] += tmp[o + x]
  for (let y = 0; y < h; y++) {
    if (y + r < h) for (let x = 0, o = (y + r) * w; x < w; x++) col[x] += tmp[o + x]
    if (y - r - 1 >= 0) for (let x = 0, o = (y - r - 1) * w; x < w; x++) col[x] -= tmp[o + x]
    out.set(col, y * w)
  }
  return out
}

/**
 * Square dilation by `r` cells. Separable, and each direction is two sweeps that track the last
 * set cell seen, so the cost does not depend on r and everything stays in bytes.
 */
export function dilate(src: Uint8Array, w: number, h: number, r: number): Uint8Array {
  const tmp = new Uint8Array(w * h)
  for (let y = 0; y < h; y++) {
    const o = y * w
    let last = -r - 1
    for (let x = 0; x < w; x++) {
      if (src[o + x]) last = x
      if (x - last <= r) tmp[o + x] = 1
    }
    last = w + r
    for (let x = w - 1; x >= 0; x--) {
      if (src[o + x]) last = x
      if (last - x <= r) tmp[o + x] = 1
    }
  }
  const out = new Uint8Array(w * h)
  const mark = new Int32Array(w).fill(-r - 1)
  for (let y = 0; y < h; y++) {
    for (let x = 0, o = y * w; x < w; x++) {
      if (tmp[o + x]) mark[x] = y
      if (y - mark[x] <= r) out[o + x] = 1
    }
  }
  mark.fill(h + r)
  for (let y = h - 1; y >= 0; y--) {
    for (let x = 0, o = y * w; x < w; x++) {
      if (tmp[o + x]) mark[x] = y
      if (mark[x] - y <= r) out[o + x] = 1
    }
  }
  return out
}

/** Square erosion by `r` cells; cells outside the image count as set, so borders do not erode. */
export function erode(src: Uint8Array, w: number, h: number, r: number): Uint8Array {
  const inv = new Uint8Array(w * h)
  for (let i = 0; i < inv.length; i++) inv[i] = src[i] ? 0 : 1
  const d = dilate(inv, w, h, r)
  for (let i = 0; i < d.length; i++) d[i] = d[i] ? 0 : 1
  return d
}

/** Majority vote in a (2r+1)² window: removes speckle of either value without moving edges. */
export function majority(src: Uint8Array, w: number, h: number, r: number): Uint8Array {
  // Row counts in bytes (at most 2r+1), then a running column sum compared with half the window.
  const rows = new Uint8Array(w * h)
  for (let y = 0; y < h; y++) {
    const o = y * w
    let s = 0
    for (let x = 0; x < Math.min(r, w); x++) s += src[o + x]
    for (let x = 0; x < w; x++) {
      if (x + r < w) s += src[o + x + r]
      if (x - r - 1 >= 0) s -= src[o + x - r - 1]
      rows[o + x] = s
    }
  }
  const nx = new Int32Array(w)
  for (let x = 0; x < w; x++) nx[x] = Math.min(w - 1, x + r) - Math.max(0, x - r) + 1
  const out = new Uint8Array(w * h)
  const col = new Int32Array(w)
  for (let y = 0; y < Math.min(r, h); y++) for (let x = 0; x < w; x++) col[x] += rows[y * w + x]
  for (let y = 0; y < h; y++) {
    if (y + r < h) for (let x = 0, o = (y + r) * w; x < w; x++) col[x] += rows[o + x]
    if (y - r - 1 >= 0) for (let x = 0, o = (y - r - 1) * w; x < w; x++) col[x] -= rows[o + x]
    const ny = Math.min(h - 1, y + r) - Math.max(0, y - r) + 1
    for (let x = 0, o = y * w; x < w; x++) out[o + x] = col[x] * 2 > nx[x] * ny ? 1 : 0
  }
  return out
}

/**
 * Cells of `allowed` 4-connected to any cell of `seed` (seed cells must themselves be allowed to
 * spread). Returns 1 for reached cells.
 */
export function floodFrom(allowed: Uint8Array, seed: Uint8Array, w: number, h: number): Uint8Array {
  const out = new Uint8Array(w * h)
  const stack = new Int32Array(w * h)
  let sp = 0
  for (let i = 0; i < seed.length; i++) {
    if (seed[i] && allowed[i]) {
      out[i] = 1
      stack[sp++] = i
    }
  }
  while (sp > 0) {
    const i = stack[--sp]
    const x = i % w
    if (x > 0 && allowed[i - 1] && !out[i - 1]) {
      out[i - 1] = 1
      stack[sp++] = i - 1
    }
    if (x < w - 1 && allowed[i + 1] && !out[i + 1]) {
out[i + 1] = 1
stack[sp++] = i + 1
}
    if (i >= w && allowed[i - w] && !out[i - w]) {
      out[i - w] = 1
      stack[sp++] = i - w
    }
    if (i + w < w * h && allowed[i + w] && !out[i + w]) {
out[i + w] = 1
stack[sp++] = i + w
}
  }
  return out
}

/** Sets every unset region that cannot reach the image border (enclosed holes). */
export function fillHoles(src: Uint8Array, w: number, h: number): Uint8Array {
  const open = new Uint8Array(w * h)
  const seed = new Uint8Array(w * h)
  for (let i = 0; i < open.length; i++) open[i] = src[i] ? 0 : 1
  for (let x = 0; x < w; x++) seed[x] = seed[(h - 1) * w + x] = 1
  for (let y = 0; y < h; y++) seed[y * w] = seed[y * w + w - 1] = 1
  const outside = floodFrom(open, seed, w, h)
  const out = new Uint8Array(w * h)
  for (let i = 0; i < out.length; i++) out[i] = outside[i] ? 0 : 1
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

/** 4-connected components of set cells: labels 1..count (0 = unset) and area per label. */
export function labelComponents4(src: Uint8Array, w: number, h: number): { labels: Int32Array; areas: number[] } {
  const labels = new Int32Array(w * h)
  const areas = [0]
  const stack = new Int32Array(w * h)
  for (let s = 0; s < src.length; s++) {
    if (!src[s] || labels[s]) continue
    const id = areas.length
    let area = 0
    let sp = 0
    labels[s] = id
    stack[sp++] = s
    while (sp > 0) {
      const i = stack[--sp]
      area++
      const x = i % w
      if (x > 0 && src[i - 1] && !labels[i - 1]) {
        labels[i - 1] = id
        stack[sp++] = i - 1
      }
      if (x < w - 1 && src[i + 1] && !labels[i + 1]) {
labels[i + 1] = id
stack[sp++] = i + 1
}
      if (i >= w && src[i - w] && !labels[i - w]) {
        labels[i - w] = id
        stack[sp++] = i - w
      }
      if (i + w < w * h && src[i + w] && !labels[i + w]) {
labels[i + w] = id
stack[sp++] = i + w
}
    }
    areas.push(area)
  }
  return { labels, areas }
}

/**
 * Chessboard distance (in cells) from every cell to the nearest set cell, capped at 65535; two
 * raster passes. `dist <= r` is the square dilation by r, so one transform serves every radius.
 */
export function chessboardDistance(src: Uint8Array, w: number, h: number): Uint16Array {
  const far = 65535
  const d = new Uint16Array(w * h)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const c = y * w + x
      if (src[c]) continue
      let m = far
      if (x > 0 && d[c - 1] + 1 < m) m = d[c - 1] + 1
      if (y > 0) {
        if (d[c - w] + 1 < m) m = d[c - w] + 1
        if (x > 0 && d[c - w - 1] + 1 < m) m = d[c - w - 1] + 1
        if (x < w - 1 && d[c - w + 1] + 1 < m) m = d[c - w + 1] + 1
      }
      d[c] = Math.min(far, m)
    }
  }
  for (let y = h - 1; y >= 0; y--) {
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
  return d
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
  const soft = new Float32Array(w * h)
  const c = boxCount(added, w, h, 1)
  for (let y = 0; y < h; y++) {
    const ny = Math.min(h - 1, y + 1) - Math.max(0, y - 1) + 1
    for (let x = 0; x < w; x++) {
      const nx = Math.min(w - 1, x + 1) - Math.max(0, x - 1) + 1
      soft[y * w + x] = c[y * w + x] / (nx * ny)
    }
  }
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
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (soft[y * w + x] === 0) continue
      if (x < spanLo[y]) spanLo[y] = x
      spanHi[y] = x
    }
  }
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
    const r0 = gy0 * w
    const r1 = gy1 * w
    const fy = sy - gy0
    for (let x = xa, i = y * W + xa; x < xb; x++, i++) {
      const a = soft[r0 + x0[x]] + (soft[r0 + x1[x]] - soft[r0 + x0[x]]) * fx[x]
      const b = soft[r1 + x0[x]] + (soft[r1 + x1[x]] - soft[r1 + x0[x]]) * fx[x]
      const v = a + (b - a) * fy
      const rv = out.data[i]
      if (v > rv) {
        if (rv < 0.5 && v >= 0.5) gained++
        out.data[i] = v
      }
    }
  }
  return { mask: out, gained }
}
