/**
 * Connected-component labelling of a binary plane: run-length scan plus union-find over runs,
 * all on typed arrays. No recursion and no per-pixel allocation, so a 50 MP
 * matte with millions of specks costs the same stack as a clean one.
 *
 * Foreground is labelled with 8-connectivity and background with 4-connectivity (the dual pair):
 * a diagonal chain of product pixels is one piece, and a hole is only a hole if no 4-connected
 * path of background leads out of it — otherwise the two views disagree about what is enclosed.
 */

/** One byte per pixel, 1 = foreground, 0 = background. */
export interface BinaryMask {
  width: number
  height: number
  data: Uint8Array
}

export type Connectivity = 4 | 8

export interface ComponentLabels {
  /** 0 for pixels not labelled, else 1..count in raster order of each component's first pixel. */
  labels: Int32Array
  count: number
  /** Pixel count per label; index 0 unused. */
  areas: Int32Array
  /** 1 where the component has a pixel on the image border; index 0 unused. */
  touchesBorder: Uint8Array
}

export interface LabelOptions {
  connectivity: Connectivity
  /** Which pixel value forms the components: 1 labels the foreground, 0 the background. */
  value: 0 | 1
}

/** Root of `x` with path halving; the parent array is flat so this stays allocation-free. */
function findRoot(parent: Int32Array, x: number): number {
  while (parent[x] !== x) {
    const gp = parent[parent[x]]
    parent[x] = gp
    x = gp
  }
  return x
}

/** Merge two sets, keeping the smaller label as root so pass two can resolve labels in one sweep. */
function union(parent: Int32Array, a: number, b: number): number {
  let ra = findRoot(parent, a)
  let rb = findRoot(parent, b)
  if (ra === rb) return ra
  if (ra > rb) {
    const t = ra
    ra = rb
    rb = t
  }
  parent[rb] = ra
  return ra
}

/** Growable Int32 list: run counts are unknown up front and the worst case is n/2. */
class IntList {
  data: Int32Array
  length = 0
  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity))
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2)
      grown.set(this.data)
      this.data = grown
    }
    this.data[this.length++] = v
  }
}

/**
 * Works on horizontal runs rather than pixels: a product matte has a handful of runs per row, so
 * union-find touches thousands of runs instead of a million pixels. Runs of consecutive rows are
 * joined when they overlap (4-connectivity) or overlap once widened by one pixel (8-connectivity).
 */
export function labelComponents(mask: BinaryMask, options: Partial<LabelOptions> = {}): ComponentLabels {
  const { width, height, data } = mask
  const slack = (options.connectivity ?? 8) === 8 ? 1 : 0
  const wantOn = (options.value ?? 1) === 1
  const n = width * height
  if (data.length !== n) throw new RangeError('labelComponents: data length does not match width×height')

  const starts = new IntList(height * 4)
  const ends = new IntList(height * 4) // exclusive
  const rowFirst = new Int32Array(height + 1) // runs of row y are rowFirst[y] .. rowFirst[y + 1] - 1
  for (let y = 0; y < height; y++) {
    rowFirst[y] = starts.length
    const row = y * width
    let x = 0
    while (x < width) {
      if (wantOn) while (x < width && data[row + x] === 0) x++
      else while (x < width && data[row + x] !== 0) x++
      if (x >= width) break
      const s = x
      if (wantOn) while (x < width && data[row + x] !== 0) x++
      else while (x < width && data[row + x] === 0) x++
      starts.push(s)
      ends.push(x)
    }
  }
  rowFirst[height] = starts.length
  const runCount = starts.length
  const rs = starts.data
  const re = ends.data

  const parent = new Int32Array(runCount)
  for (let k = 0; k < runCount; k++) parent[k] = k
  for (let y = 1; y < height; y++) {
    // Two pointers over the previous row's runs and this row's, both sorted by x.
    let p = rowFirst[y - 1]
    const pEnd = rowFirst[y]
    const cEnd = rowFirst[y + 1]
    for (let c = rowFirst[y]; c < cEnd && p < pEnd; ) {
      if (re[p] + slack <= rs[c]) p++
      else if (re[c] + slack <= rs[p]) c++
      else {
        union(parent, p, c)
        // Advance whichever run ends first; the other may still touch the next run.
        if (re[p] < re[c]) p++
        else c++
      }
    }
  }

  // Roots are always the smallest run index of their set, so one increasing sweep compacts them
  // into labels numbered in raster order.
  const runLabel = new Int32Array(runCount)
  let count = 0
  for (let k = 0; k < runCount; k++) {
    runLabel[k] = parent[k] === k ? ++count : runLabel[findRoot(parent, k)]
  }
  const labels = new Int32Array(n)
  const areas = new Int32Array(count + 1)
  const touchesBorder = new Uint8Array(count + 1)
  for (let y = 0; y < height; y++) {
    const row = y * width
    const edgeRow = y === 0 || y === height - 1
    for (let k = rowFirst[y]; k < rowFirst[y + 1]; k++) {
      const l = runLabel[k]
      labels.fill(l, row + rs[k], row + re[k])
      areas[l] += re[k] - rs[k]
      if (edgeRow || rs[k] === 0 || re[k] === width) touchesBorder[l] = 1
    }
  }
  return { labels, count, areas, touchesBorder }
}
