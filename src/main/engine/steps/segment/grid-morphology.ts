/**
 * Square-window morphology on binary planes (one byte per cell, 0 or 1) for `expandToGroup`,
 * which runs a dozen of these per photo on its analysis grid.
 *
 * The vertical passes keep one running count per column and work on four columns at once: the
 * rows are stored 4-byte aligned and added as 32-bit words, each byte a column's count. A count
 * never leaves 0..255 (at most one window of cells, and a row is added before the one leaving is
 * taken away), so no byte carries into its neighbour and every result is exactly the per-column
 * one. Tests compare them with the plain definitions.
 */

/** Counts up to this fit a byte with room for the +0x7f "is it non-zero" test. */
const MAX_WORD_RADIUS = 63

/** Row length rounded up to whole 32-bit words. */
const padded = (w: number): number => (w + 3) & ~3

/**
 * Count of set cells in the (2r+1)² window around each cell (clipped at the edges). Both passes
 * walk rows in memory order: the vertical one keeps a running count per column and adds the row
 * entering the window while dropping the one leaving it.
 */
export function boxCount(src: Uint8Array, w: number, h: number, r: number): Int32Array {
  const tmp = new Int32Array(w * h)
  const out = new Int32Array(w * h)
  for (let y = 0; y < h; y++) countRow(src, y * w, tmp, w, r)
  const col = new Int32Array(w)
  for (let y = 0; y < Math.min(r, h); y++) addRow(col, tmp, y * w, w, 1)
  for (let y = 0; y < h; y++) {
    if (y + r < h) addRow(col, tmp, (y + r) * w, w, 1)
    if (y - r - 1 >= 0) addRow(col, tmp, (y - r - 1) * w, w, -1)
    out.set(col, y * w)
  }
  return out
}

/** Running count of set cells in a (2r+1)-wide window along the row at `o`. */
function countRow(src: Uint8Array, o: number, tmp: Int32Array, w: number, r: number): void {
  let s = 0
  for (let x = 0; x < Math.min(r, w); x++) s += src[o + x]
  for (let x = 0; x < w; x++) {
    if (x + r < w) s += src[o + x + r]
    if (x - r - 1 >= 0) s -= src[o + x - r - 1]
    tmp[o + x] = s
  }
}

function addRow(col: Int32Array, tmp: Int32Array, o: number, w: number, sign: number): void {
  for (let x = 0; x < w; x++) col[x] += sign * tmp[o + x]
}

/**
 * Cells within chessboard distance r of a cell that is set (`on`: the dilation), or not within r
 * of an unset one (`!on`: the erosion), in rows padded to whole words. Horizontally each run of such cells marks itself widened by r (one
 * fill per run: the planes are blobs, a few runs a row); vertically a word-wise running count.
 */
function spread(src: Uint8Array, w: number, h: number, r: number, on: boolean): Uint8Array {
  const pw = padded(w)
  const rows = new Uint8Array(pw * h)
  for (let y = 0; y < h; y++) {
    const o = y * w
    const t = y * pw
    let x = 0
    while (x < w) {
      if (on) while (x < w && src[o + x] === 0) x++
      else while (x < w && src[o + x] !== 0) x++
      if (x >= w) break
      const s = x
      if (on) while (x < w && src[o + x] !== 0) x++
      else while (x < w && src[o + x] === 0) x++
      rows.fill(1, t + Math.max(0, s - r), t + Math.min(w, x + r))
    }
  }
  const words = pw >> 2
  const rows32 = new Uint32Array(rows.buffer)
  const out = new Uint8Array(pw * h)
  const out32 = new Uint32Array(out.buffer)
  const count = new Uint32Array(words)
  for (let y = 0; y < Math.min(r, h); y++) for (let k = 0, o = y * words; k < words; k++) count[k] += rows32[o + k]
  // Erosion is the complement of the unset cells' dilation: flip every byte on the way out.
  const flip = on ? 0 : 0x01010101
  for (let y = 0; y < h; y++) {
    slideWindow(count, rows32, words, y, r, h)
    // 0x01 in every byte whose count is non-zero (counts stay below 0x80).
    for (let k = 0, o = y * words; k < words; k++) out32[o + k] = (((count[k] + 0x7f7f7f7f) & 0x80808080) >>> 7) ^ flip
  }
  return out
}

/** Moves the column counts to the window of row y: adds row y + r, then drops row y - r - 1. */
function slideWindow(count: Uint32Array, rows32: Uint32Array, words: number, y: number, r: number, h: number): void {
  if (y + r < h) for (let k = 0, o = (y + r) * words; k < words; k++) count[k] += rows32[o + k]
  if (y - r - 1 >= 0) for (let k = 0, o = (y - r - 1) * words; k < words; k++) count[k] -= rows32[o + k]
}

/** A plane of padded rows back to w bytes a row. */
function unpad(p: Uint8Array, w: number, h: number): Uint8Array {
  const pw = padded(w)
  if (pw === w) return p
  const out = new Uint8Array(w * h)
  for (let y = 0; y < h; y++) out.set(p.subarray(y * pw, y * pw + w), y * w)
  return out
}

/** Square dilation by `r` cells. */
export function dilate(src: Uint8Array, w: number, h: number, r: number): Uint8Array {
  if (r > MAX_WORD_RADIUS) return dilate(dilate(src, w, h, MAX_WORD_RADIUS), w, h, r - MAX_WORD_RADIUS)
  return unpad(spread(src, w, h, Math.max(0, r), true), w, h)
}

/** Square erosion by `r` cells; cells outside the image count as set, so borders do not erode. */
export function erode(src: Uint8Array, w: number, h: number, r: number): Uint8Array {
  if (r > MAX_WORD_RADIUS) return erode(erode(src, w, h, MAX_WORD_RADIUS), w, h, r - MAX_WORD_RADIUS)
  return unpad(spread(src, w, h, Math.max(0, r), false), w, h)
}

/** Majority vote in a (2r+1)² window: removes speckle of either value without moving edges. */
export function majority(src: Uint8Array, w: number, h: number, r: number): Uint8Array {
  if ((2 * r + 1) * (2 * r + 1) >= 128) return majorityPerCell(src, w, h, r)
  // Row counts in bytes (at most 2r+1), then a running column sum compared with half the window.
  const pw = padded(w)
  const rows = new Uint8Array(pw * h)
  for (let y = 0; y < h; y++) {
    const o = y * w
    const t = y * pw
    let s = 0
    for (let x = 0; x < Math.min(r, w); x++) s += src[o + x]
    for (let x = 0; x < w; x++) {
      if (x + r < w) s += src[o + x + r]
      if (x - r - 1 >= 0) s -= src[o + x - r - 1]
      rows[t + x] = s
    }
  }
  const nx = new Int32Array(w)
  for (let x = 0; x < w; x++) nx[x] = Math.min(w - 1, x + r) - Math.max(0, x - r) + 1
  const words = pw >> 2
  const rows32 = new Uint32Array(rows.buffer)
  const col = new Uint32Array(words)
  const col8 = new Uint8Array(col.buffer)
  const out = new Uint8Array(w * h)
  // Inside the image every window holds (2r+1)² cells (below 128, checked above): a byte above
  // half of that gets its top bit set by adding `bias`. Clipped edge cells go cell by cell.
  const full = (2 * r + 1) * (2 * r + 1)
  const bias = (0x80 - (Math.floor(full / 2) + 1)) * 0x01010101
  const test = new Uint32Array(words)
  const test8 = new Uint8Array(test.buffer)
  for (let y = 0; y < Math.min(r, h); y++) for (let k = 0, o = y * words; k < words; k++) col[k] += rows32[o + k]
  for (let y = 0; y < h; y++) {
    slideWindow(col, rows32, words, y, r, h)
    const ny = Math.min(h - 1, y + r) - Math.max(0, y - r) + 1
    const o = y * w
    const edgeRow = ny !== 2 * r + 1
    if (edgeRow) {
      for (let x = 0; x < w; x++) out[o + x] = col8[x] * 2 > nx[x] * ny ? 1 : 0
      continue
    }
    // 0x01 in every byte whose count is above half the window.
    for (let k = 0; k < words; k++) test[k] = ((col[k] + bias) & 0x80808080) >>> 7
    out.set(test8.subarray(0, w), o)
    for (let x = 0; x < Math.min(r, w); x++) out[o + x] = col8[x] * 2 > nx[x] * ny ? 1 : 0
    for (let x = Math.max(0, w - r); x < w; x++) out[o + x] = col8[x] * 2 > nx[x] * ny ? 1 : 0
  }
  return out
}

/** The same vote with Int32 counts, for windows too large for a byte. */
function majorityPerCell(src: Uint8Array, w: number, h: number, r: number): Uint8Array {
  const rows = new Int32Array(w * h)
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
  const out = new Uint8Array(w * h)
  const col = new Int32Array(w)
  for (let y = 0; y < Math.min(r, h); y++) for (let x = 0; x < w; x++) col[x] += rows[y * w + x]
  for (let y = 0; y < h; y++) {
    if (y + r < h) for (let x = 0, o = (y + r) * w; x < w; x++) col[x] += rows[o + x]
    if (y - r - 1 >= 0) for (let x = 0, o = (y - r - 1) * w; x < w; x++) col[x] -= rows[o + x]
    const ny = Math.min(h - 1, y + r) - Math.max(0, y - r) + 1
    for (let x = 0, o = y * w; x < w; x++) {
      const nx = Math.min(w - 1, x + r) - Math.max(0, x - r) + 1
      out[o + x] = col[x] * 2 > nx * ny ? 1 : 0
    }
  }
  return out
}
