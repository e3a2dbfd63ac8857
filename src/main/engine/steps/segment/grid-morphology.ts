/**
 * Square-window dilation and erosion on binary planes (one byte per pixel, 0 or 1): the
 * refinement's edge band is the dilation minus the erosion of the clean matte.
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
