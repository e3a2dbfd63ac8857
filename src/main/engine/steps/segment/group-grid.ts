/**
 * The analysis grid behind `expandToGroup`: the photo block-averaged to at most `maxSide` cells
 * on the long side, each cell described by four features — CIE Lab colour (perceptual distances,
 * so one threshold fits dark and light scenes) and a grain value.
 *
 * Grain is what tells a smooth tray from a carpet of nearly the same grey. It is the mean
 * |Laplacian| of the photo's luma at up to twice the grid's resolution (fine grain) plus that of
 * the grid's own mean luma (mottling a few pixels across), pooled over a 5x5-cell window and
 * taken relative to brightness. A Laplacian ignores smooth gradients, so shading and soft
 * shadows do not read as texture, and an edge adds to it along one line only. Lightness is
 * pooled over 3x3 cells so that k-means sees a grainy backdrop as one material.
 */
import type { Mask, RgbaImage } from '../../image/raster'
import { cellFeatures, type CellSums } from './grid-features'

export { FEATURES, TEXTURE_RADIUS } from './grid-features'

export interface WorkGrid {
  /** Grid size in cells. */
  w: number
  h: number
  /** Features per cell, row-major: L, a, b, grain (FEATURES floats per cell). */
  feat: Float32Array
  /** Area-averaged raw mask per cell, 0..1. */
  fg: Float32Array
}

/** The pixels as one 32-bit word each (one read per pixel); copied when not 4-byte aligned. */
function rgbaWords(photo: RgbaImage): Uint32Array {
  const d = photo.data
  const count = photo.width * photo.height
  if (d.byteOffset % 4 === 0) return new Uint32Array(d.buffer, d.byteOffset, count)
  return new Uint32Array(new Uint8Array(d.subarray(0, count * 4)).buffer)
}

/**
 * The photo's half of the grid: the features and how the photo was sampled, nothing from the
 * mask. It depends on the pixels alone, so a caller can build it while the network still runs
 * (`expandToGroup` builds it itself when not handed one).
 */
export interface PhotoGrid {
  w: number
  h: number
  feat: Float32Array
  /** What it was built for, so a mismatched one is refused rather than silently used. */
  photoWidth: number
  photoHeight: number
  maxSide: number
  /** Samples per cell. */
  count: Int32Array
}

/**
 * Which pixels are sampled and where they land: every `stride`-th pixel of every `stride`-th
 * row; sample column fx lies in cell column c for colStart[c] <= fx < colStart[c + 1] (cells are
 * runs of consecutive samples, so sums are taken per run in registers, not per pixel in memory),
 * and sample row fy in cell row rowCell[fy] (as an offset, row × w).
 */
interface Sampling {
  w: number
  h: number
  stride: number
  fw: number
  fh: number
  colStart: Int32Array
  rowCell: Int32Array
}

function sampling(W: number, H: number, maxSide: number): Sampling {
  const scale = Math.min(1, maxSide / Math.max(W, H))
  const w = Math.max(1, Math.round(W * scale))
  const h = Math.max(1, Math.round(H * scale))
  // Every pixel up to twice the grid size, beyond that a regular subsample: a 50 MP photo costs
  // what a 1 MP one does, and grain survives nearest-neighbour subsampling as noise.
  const stride = Math.max(1, Math.floor(Math.max(W, H) / (2 * maxSide)))
  const fw = Math.ceil(W / stride)
  const fh = Math.ceil(H / stride)
  const colStart = new Int32Array(w + 1)
  for (let cx = 0, fx = 0; cx <= w; cx++) {
    while (fx < fw && Math.min(w - 1, Math.floor((fx * stride * w) / W)) < cx) fx++
    colStart[cx] = fx
  }
  const rowCell = new Int32Array(fh)
  for (let fy = 0; fy < fh; fy++) rowCell[fy] = Math.min(h - 1, Math.floor((fy * stride * h) / H)) * w
  return { w, h, stride, fw, fh, colStart, rowCell }
}

export function buildPhotoGrid(photo: RgbaImage, maxSide: number): PhotoGrid {
  const W = photo.width
  const H = photo.height
  const sam = sampling(W, H, maxSide)
  const { w, h, stride, fw, fh, rowCell } = sam
  const n = w * h
  // Per-cell sums of the samples (integers: the hot loop stays in integer maths). Fine grain:
  // sum of |Laplacian| of the sampled luma per cell, and how many samples it holds, computed for
  // the row above as soon as the current row is in, while both are still in cache.
  const sums: CellSums = {
    r: new Int32Array(n),
    g: new Int32Array(n),
    b: new Int32Array(n),
    y: new Int32Array(n),
    count: new Int32Array(n),
    lap: new Float32Array(n),
    lapCount: new Int32Array(n),
  }
  const luma = new Uint8Array(fw * fh)
  const px = rgbaWords(photo)
  // Row by row, each row a call: small functions are compiled after a few rows, so even the
  // first photo of a process runs them compiled.
  for (let fy = 0; fy < fh; fy++) {
    sampleRow(px, fy * stride * W, fy * fw, rowCell[fy], sam, luma, sums)
    if (fy >= 2) laplacianRow(luma, fy - 1, rowCell[fy - 1], sam, sums)
  }
  const feat = cellFeatures(w, h, sums)
  return { w, h, feat, photoWidth: W, photoHeight: H, maxSide, count: sums.count }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1
const [R_SHIFT, G_SHIFT, B_SHIFT] = LITTLE_ENDIAN ? [0, 8, 16] : [24, 16, 8]

/** One sample row starting at pixel i0 (luma from f0), added to the cells of grid row `row`. */
function sampleRow(px: Uint32Array, i0: number, f0: number, row: number, sam: Sampling, luma: Uint8Array, s: CellSums): void {
  const { w, stride, colStart } = sam
  for (let cx = 0, fx = 0, i = i0, f = f0; cx < w; cx++) {
    const end = colStart[cx + 1]
    let r = 0
    let g = 0
    let b = 0
    let l = 0
    for (; fx < end; fx++, i += stride, f++) {
      const v = px[i]
      const pr = (v >>> R_SHIFT) & 255
      const pg = (v >>> G_SHIFT) & 255
      const pb = (v >>> B_SHIFT) & 255
      const pl = (77 * pr + 150 * pg + 29 * pb) >> 8
      luma[f] = pl
      r += pr
      g += pg
      b += pb
      l += pl
    }
    const c = row + cx
    s.r[c] += r
    s.g[c] += g
    s.b[c] += b
    s.y[c] += l
    s.count[c] += end - colStart[cx]
  }
}

/** |Laplacian| of sample row ly (not the first or last), added to the cells of grid row `row`. */
function laplacianRow(luma: Uint8Array, ly: number, row: number, sam: Sampling, s: CellSums): void {
  const { w, fw, colStart } = sam
  for (let cx = 0; cx < w; cx++) {
    const a = Math.max(1, colStart[cx])
    const e = Math.min(fw - 1, colStart[cx + 1])
    if (a >= e) continue
    // Whole numbers well below 2^24: the cell's float sum is exact in any order.
    let sum = 0
    for (let f = ly * fw + a, f1 = ly * fw + e; f < f1; f++) {
      const lap = 4 * luma[f] - luma[f - 1] - luma[f + 1] - luma[f - fw] - luma[f + fw]
      sum += lap < 0 ? -lap : lap
    }
    s.lap[row + cx] += sum
    s.lapCount[row + cx] += e - a
  }
}

/** The grid: the photo's half (built here unless given) plus the area-averaged mask per cell. */
export function buildWorkGrid(photo: RgbaImage, raw: Mask, maxSide: number, photoGrid?: PhotoGrid): WorkGrid {
  const W = photo.width
  const H = photo.height
  const pg = photoGrid ?? buildPhotoGrid(photo, maxSide)
  if (pg.photoWidth !== W || pg.photoHeight !== H || pg.maxSide !== maxSide)
    throw new Error(`buildWorkGrid: photo grid is for ${pg.photoWidth}x${pg.photoHeight} at ${pg.maxSide}, not ${W}x${H} at ${maxSide}`)
  const { w, h, stride, fh, colStart, rowCell } = sampling(W, H, maxSide)
  const n = w * h
  const md = raw.data
  // Float32 sums in sample order, as a per-pixel `sum[c] += v` into a Float32Array would give:
  // fround after every add, with the running value in a register instead of memory.
  const sm = new Float32Array(n)
  for (let fy = 0; fy < fh; fy++) maskRow(md, fy * stride * W, rowCell[fy], w, stride, colStart, sm)
  const fg = new Float32Array(n)
  const cnt = pg.count
  for (let c = 0; c < n; c++) fg[c] = sm[c] / (cnt[c] || 1)
  return { w, h, feat: pg.feat, fg }
}

function maskRow(md: Float32Array, i0: number, row: number, w: number, stride: number, colStart: Int32Array, sm: Float32Array): void {
  for (let cx = 0, fx = 0, i = i0; cx < w; cx++) {
    const end = colStart[cx + 1]
    let s = sm[row + cx]
    for (; fx < end; fx++, i += stride) s = Math.fround(s + md[i])
    sm[row + cx] = s
  }
}
