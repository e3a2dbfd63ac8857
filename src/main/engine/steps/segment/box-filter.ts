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
function inverseCounts(length: number, radius: number): Float64Array {
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
  const acc = scratch.columns
  const invX = inverseCounts(width, r)
  const invY = inverseCounts(height, r)
  const firstX = Math.min(r, width - 1)
  const firstY = Math.min(r, height - 1)

  // Horizontal pass: one running sum per row, split into the clipped-left, full-window and
  // clipped-right stretches so the hot middle loop has no branches.
  const fullInv = 1 / (2 * r + 1)
  const midEnd = width - 1 - r
  for (let y = 0; y < height; y++) {
    const row = y * width
    let sum = 0
    for (let x = 0; x <= firstX; x++) sum += src[row + x]
    tmp[row] = sum * invX[0]
    let x = 1
    for (; x <= firstX; x++) {
      if (x + r < width) sum += src[row + x + r]
      tmp[row + x] = sum * invX[x]
    }
    for (; x <= midEnd; x++) {
      sum += src[row + x + r] - src[row + x - r - 1]
      tmp[row + x] = sum * fullInv
    }
    for (; x < width; x++) {
      sum -= src[row + x - r - 1]
      tmp[row + x] = sum * invX[x]
    }
  }

  // Vertical pass row by row (not column by column) so memory is walked sequentially; each row
  // writes its output and slides the column sums in the same sweep.
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
