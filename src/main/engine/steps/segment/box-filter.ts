/**
 * Mean filter over a (2r+1)×(2r+1) window, O(n) whatever the radius.
 *
 * The window is clipped at the image border and divided by the number of pixels actually inside
 * it (not zero-padded): a constant plane then stays exactly constant up to the edges, which the
 * guided filter relies on so that a product touching the frame does not get a dark rim.
 *
 * Running sums are kept in doubles: a Float32 accumulator drifts by ~1e-4 over a 4000-px row,
 * which would show up as faint alpha noise in the supposedly constant background.
 */

/** Scratch buffers reused across calls so a caller filtering many planes allocates them once. */
export interface BoxScratch {
  /** Horizontal-pass result, same length as the plane. */
  rows: Float32Array
  /** One double per column for the vertical running sum. */
  columns: Float64Array
}

export function createBoxScratch(width: number, height: number): BoxScratch {
  return { rows: new Float32Array(width * height), columns: new Float64Array(width) }
}

/** 1 / (number of in-image taps) for each position along an axis of `length` samples. */
export function inverseCounts(length: number, radius: number): Float64Array {
  const inv = new Float64Array(length)
  for (let i = 0; i < length; i++) {
    const lo = Math.max(0, i - radius)
    const hi = Math.min(length - 1, i + radius)
    inv[i] = 1 / (hi - lo + 1)
  }
  return inv
}

/**
 * Box-mean of `src` (a width×height row-major plane) into `out`. `out` may be `src` itself:
 * the horizontal pass goes through the scratch plane first.
 */
export function boxFilter(
  src: Float32Array,
  width: number,
  height: number,
  radius: number,
  out: Float32Array = new Float32Array(width * height),
  scratch: BoxScratch = createBoxScratch(width, height),
): Float32Array {
  const n = width * height
  if (src.length !== n || out.length !== n) throw new RangeError('boxFilter: plane size does not match width×height')
  const r = Math.max(0, Math.floor(radius))
  if (r === 0) {
    if (out !== src) out.set(src)
    return out
  }
  const tmp = scratch.rows
  const invX = inverseCounts(width, r)
  for (let y = 0; y < height; y++) boxRow(src, y * width, tmp, y * width, width, r, invX)
  return boxColumns(tmp, width, height, r, inverseCounts(height, r), out, scratch.columns)
}

/**
 * Horizontal pass of one row: `src` from `from` into `dst` from `to`. One running sum, split
 * into the clipped-left, full-window and clipped-right stretches so the hot middle loop has no
 * branches. Shared by every caller so that their sums are the same, term for term.
 */
export function boxRow(src: Float32Array, from: number, dst: Float32Array, to: number, width: number, r: number, invX: Float64Array): void {
  const firstX = Math.min(r, width - 1)
  const fullInv = 1 / (2 * r + 1)
  const midEnd = width - 1 - r
  let sum = 0
  for (let x = 0; x <= firstX; x++) sum += src[from + x]
  dst[to] = sum * invX[0]
  let x = 1
  for (; x <= firstX; x++) {
    if (x + r < width) sum += src[from + x + r]
    dst[to + x] = sum * invX[x]
  }
  for (; x <= midEnd; x++) {
    sum += src[from + x + r] - src[from + x - r - 1]
    dst[to + x] = sum * fullInv
  }
  for (; x < width; x++) {
    sum -= src[from + x - r - 1]
    dst[to + x] = sum * invX[x]
  }
}

/**
 * boxRow for two planes at once, `a` into `da` and `b` into `db`, with the same offsets: the
 * same sums, but two independent running sums in one loop keep the adder busy (one alone waits
 * on its own latency at every pixel).
 */
export function boxRowPair(
  a: Float32Array,
  b: Float32Array,
  from: number,
  da: Float32Array,
  db: Float32Array,
  to: number,
  width: number,
  r: number,
  invX: Float64Array,
): void {
  const firstX = Math.min(r, width - 1)
  const fullInv = 1 / (2 * r + 1)
  const midEnd = width - 1 - r
  let sa = 0
  let sb = 0
  for (let x = 0; x <= firstX; x++) {
    sa += a[from + x]
    sb += b[from + x]
  }
  da[to] = sa * invX[0]
  db[to] = sb * invX[0]
  let x = 1
  for (; x <= firstX; x++) {
    if (x + r < width) {
      sa += a[from + x + r]
      sb += b[from + x + r]
    }
    da[to + x] = sa * invX[x]
    db[to + x] = sb * invX[x]
  }
  for (; x <= midEnd; x++) {
    const i = from + x + r
    const j = from + x - r - 1
    sa += a[i] - a[j]
    sb += b[i] - b[j]
    da[to + x] = sa * fullInv
    db[to + x] = sb * fullInv
  }
  for (; x < width; x++) {
    sa -= a[from + x - r - 1]
    sb -= b[from + x - r - 1]
    da[to + x] = sa * invX[x]
    db[to + x] = sb * invX[x]
  }
}

/**
 * Vertical pass over the row-filtered plane `tmp` into `out`, row by row (not column by column)
 * so memory is walked sequentially; each row writes its output and slides the column sums
 * (`acc`, one double per column) in the same sweep.
 */
export function boxColumns(tmp: Float32Array, width: number, height: number, r: number, invY: Float64Array, out: Float32Array, acc: Float64Array): Float32Array {
  const firstY = Math.min(r, height - 1)
  acc.fill(0)
  for (let y = 0; y <= firstY; y++) {
    const row = y * width
    for (let x = 0; x < width; x++) acc[x] += tmp[row + x]
  }
  for (let y = 0; y < height; y++) {
    const row = y * width
    const inv = invY[y]
    const add = (y + 1 + r) * width
    const sub = (y - r) * width
    const canAdd = y + 1 + r < height
    const canSub = y - r >= 0
    if (canAdd && canSub) {
      for (let x = 0; x < width; x++) {
        const v = acc[x]
        out[row + x] = v * inv
        acc[x] = v + tmp[add + x] - tmp[sub + x]
      }
    } else if (canAdd) {
      for (let x = 0; x < width; x++) {
        const v = acc[x]
        out[row + x] = v * inv
        acc[x] = v + tmp[add + x]
      }
    } else if (canSub) {
      for (let x = 0; x < width; x++) {
        const v = acc[x]
        out[row + x] = v * inv
        acc[x] = v - tmp[sub + x]
      }
    } else {
      for (let x = 0; x < width; x++) out[row + x] = acc[x] * inv
    }
  }
  return out
}

/** After row y of the vertical pass: the column sums move down one row, as in boxColumns. */
export function slide(acc: Float64Array, tmp: Float32Array, width: number, height: number, y: number, r: number): void {
  const add = (y + 1 + r) * width
  const sub = (y - r) * width
  const canAdd = y + 1 + r < height
  const canSub = y - r >= 0
  if (canAdd && canSub) for (let x = 0; x < width; x++) acc[x] = acc[x] + tmp[add + x] - tmp[sub + x]
  else if (canAdd) for (let x = 0; x < width; x++) acc[x] = acc[x] + tmp[add + x]
  else if (canSub) for (let x = 0; x < width; x++) acc[x] = acc[x] - tmp[sub + x]
}
