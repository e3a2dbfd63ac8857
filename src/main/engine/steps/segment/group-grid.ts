/**
 * The analysis grid behind `expandToGroup`: the photo block-averaged to at most `maxSide` cells
 * on the long side, each cell described by four features — CIE Lab colour (perceptual distances,
 * so one threshold fits dark and light scenes) and a grain value.
 *
 * Grain is what tells a smooth tray from a carpet of nearly the same grey. It is the mean
 * |Laplacian| of the photo's luma at up to twice the grid's resolution (fine grain) plus that of
 * the grid's own mean luma (mottling a few pixels across), pooled over a 5x5-cell window and
 * taken relative to brightness. A Laplacian ignores smooth gradients, so shading and soft
 * shadows do not read as texture, and an edge adds to it along one line only.
 */
import type { Mask, RgbaImage } from '../../image/raster'

export interface WorkGrid {
  /** Grid size in cells. */
  w: number
  h: number
  /** Features per cell, row-major: L, a, b, grain (FEATURES floats per cell). */
  feat: Float32Array
  /** Area-averaged raw mask per cell, 0..1. */
  fg: Float32Array
}

export const FEATURES = 4

/** Grain and colour windows: (2r+1)² cells. */
export const TEXTURE_RADIUS = 2
const COLOUR_RADIUS = 1

/**
 * Weight of grain against Lab units: the pollock carpet (relative grain ~2-5) and the smooth
 * tray on it (~0.2-0.5) land 10-20 units apart although their greys are within a few Lab units,
 * as far apart as two clearly different colours.
 */
const TEXTURE_WEIGHT = 12

/**
 * Relative to brightness, with a floor so that noise in near-black areas does not read as grain,
 * so a carpet keeps its texture in a shadow; log-compressed so differences near zero (smooth vs
 * slightly grainy) count most. 110 / (mean + 40) makes it grain/2 at mid-grey.
 */
function textureFeature(grain: number, mean: number): number {
  return TEXTURE_WEIGHT * Math.log2(1 + (110 * grain) / (mean + 40))
}

const SRGB_TO_LINEAR = (() => {
  const t = new Float32Array(256)
  for (let i = 0; i < 256; i++) {
    const c = i / 255
    t[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4)
  }
  return t
})()

/** CIE Lab's f(t), tabulated over 0..1.1 (XYZ of sRGB colours stays below 1.09) and interpolated. */
const LAB_F_STEPS = 4096
const LAB_F_SCALE = (LAB_F_STEPS - 1) / 1.1
const LAB_F = (() => {
  const t = new Float32Array(LAB_F_STEPS + 1)
  for (let i = 0; i <= LAB_F_STEPS; i++) {
    const v = i / LAB_F_SCALE
    t[i] = v > 0.008856 ? Math.cbrt(v) : 7.787 * v + 16 / 116
  }
  return t
})()

function labF(t: number): number {
  const u = t * LAB_F_SCALE
  const i = u | 0
  if (i >= LAB_F_STEPS - 1) return LAB_F[LAB_F_STEPS - 1]
  return LAB_F[i] + (LAB_F[i + 1] - LAB_F[i]) * (u - i)
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1

/** The pixels as one 32-bit word each (one read per pixel); copied when not 4-byte aligned. */
function rgbaWords(photo: RgbaImage): Uint32Array {
  const d = photo.data
  const count = photo.width * photo.height
  if (d.byteOffset % 4 === 0) return new Uint32Array(d.buffer, d.byteOffset, count)
  return new Uint32Array(new Uint8Array(d.subarray(0, count * 4)).buffer)
}

export function buildWorkGrid(photo: RgbaImage, raw: Mask, maxSide: number): WorkGrid {
  const W = photo.width
  const H = photo.height
  const scale = Math.min(1, maxSide / Math.max(W, H))
  const w = Math.max(1, Math.round(W * scale))
  const h = Math.max(1, Math.round(H * scale))
  const n = w * h
  // Every pixel up to twice the grid size, beyond that a regular subsample: a 50 MP photo costs
  // what a 1 MP one does, and grain survives nearest-neighbour subsampling as noise.
  const stride = Math.max(1, Math.floor(Math.max(W, H) / (2 * maxSide)))
  const fw = Math.ceil(W / stride)
  const fh = Math.ceil(H / stride)
  const cellOfCol = new Int32Array(fw)
  for (let fx = 0; fx < fw; fx++) cellOfCol[fx] = Math.min(w - 1, Math.floor((fx * stride * w) / W))
  // Per-cell sums of the samples (integers: the hot loop stays in integer maths).
  const sr = new Int32Array(n)
  const sg = new Int32Array(n)
  const sb = new Int32Array(n)
  const sy = new Int32Array(n)
  const sm = new Float32Array(n)
  const cnt = new Int32Array(n)
  const luma = new Uint8Array(fw * fh)
  const px = rgbaWords(photo)
  const [rs, gs, bs] = LITTLE_ENDIAN ? [0, 8, 16] : [24, 16, 8]
  const md = raw.data
  for (let fy = 0; fy < fh; fy++) {
    const y = fy * stride
    const row = Math.min(h - 1, Math.floor((y * h) / H)) * w
    for (let fx = 0, i = y * W, f = fy * fw; fx < fw; fx++, i += stride, f++) {
      const v = px[i]
      const r = (v >>> rs) & 255
      const g = (v >>> gs) & 255
      const b = (v >>> bs) & 255
      const l = (77 * r + 150 * g + 29 * b) >> 8
      const c = row + cellOfCol[fx]
      luma[f] = l
      sr[c] += r
      sg[c] += g
      sb[c] += b
      sy[c] += l
      sm[c] += md[i]
      cnt[c]++
    }
  }
  // Fine grain: sum of |Laplacian| of the sampled luma per cell, and how many samples it holds.
  const sl = new Float32Array(n)
  const sc = new Int32Array(n)
  for (let fy = 1; fy < fh - 1; fy++) {
    const row = Math.min(h - 1, Math.floor((fy * stride * h) / H)) * w
    for (let fx = 1, f = fy * fw + 1; fx < fw - 1; fx++, f++) {
      const lap = 4 * luma[f] - luma[f - 1] - luma[f + 1] - luma[f - fw] - luma[f + fw]
      const c = row + cellOfCol[fx]
      sl[c] += lap < 0 ? -lap : lap
      sc[c]++
    }
  }
  const feat = new Float32Array(n * FEATURES)
  const fg = new Float32Array(n)
  const mean = new Float32Array(n)
  for (let c = 0; c < n; c++) {
    const k = cnt[c] || 1
    mean[c] = sy[c] / k
    fg[c] = sm[c] / k
  }
  // Colour is pooled a little: a grainy backdrop then has one colour per region instead of a
  // salt-and-pepper of light and dark cells that k-means would slice into many clusters.
  boxSumInPlace(sr, w, h, COLOUR_RADIUS)
  boxSumInPlace(sg, w, h, COLOUR_RADIUS)
  boxSumInPlace(sb, w, h, COLOUR_RADIUS)
  const cntPooled = Int32Array.from(cnt)
  boxSumInPlace(cntPooled, w, h, COLOUR_RADIUS)
  for (let c = 0; c < n; c++) {
    const k = cntPooled[c] || 1
    // Mean of sRGB bytes, then to Lab; averaging in sRGB is close enough for region statistics.
    const rl = SRGB_TO_LINEAR[Math.round(sr[c] / k)]
    const gl = SRGB_TO_LINEAR[Math.round(sg[c] / k)]
    const bl = SRGB_TO_LINEAR[Math.round(sb[c] / k)]
    const fx = labF((0.4124 * rl + 0.3576 * gl + 0.1805 * bl) / 0.95047)
    const fy = labF(0.2126 * rl + 0.7152 * gl + 0.0722 * bl)
    const fz = labF((0.0193 * rl + 0.1192 * gl + 0.9505 * bl) / 1.08883)
    feat[c * FEATURES] = 116 * fy - 16
    feat[c * FEATURES + 1] = 500 * (fx - fy)
    feat[c * FEATURES + 2] = 200 * (fy - fz)
  }
  // Mottling: |Laplacian| of the cells' mean luma, counted once per sample like the fine grain.
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1, c = y * w + 1; x < w - 1; x++, c++) {
      const lap = 4 * mean[c] - mean[c - 1] - mean[c + 1] - mean[c - w] - mean[c + w]
      sl[c] += (lap < 0 ? -lap : lap) * sc[c]
    }
  }
  poolGrain(feat, w, h, sl, sc, sy, cnt)
  return { w, h, feat, fg }
}

/** Grain feature: window sums of |Laplacian| and luma from summed-area tables. */
function poolGrain(feat: Float32Array, w: number, h: number, sl: Float32Array, sc: Int32Array, sy: Int32Array, cnt: Int32Array): void {
  const r = TEXTURE_RADIUS
  const w1 = w + 1
  const iL = new Float64Array(w1 * (h + 1))
  const iC = new Float64Array(w1 * (h + 1))
  const iY = new Float64Array(w1 * (h + 1))
  const iN = new Float64Array(w1 * (h + 1))
  for (let y = 0; y < h; y++) {
    let aL = 0
    let aC = 0
    let aY = 0
    let aN = 0
    for (let x = 0; x < w; x++) {
      const c = y * w + x
      aL += sl[c]
      aC += sc[c]
      aY += sy[c]
      aN += cnt[c]
      const o = (y + 1) * w1 + x + 1
      iL[o] = iL[o - w1] + aL
      iC[o] = iC[o - w1] + aC
      iY[o] = iY[o - w1] + aY
      iN[o] = iN[o - w1] + aN
    }
  }
  for (let y = 0; y < h; y++) {
    const ya = Math.max(0, y - r) * w1
    const yb = (Math.min(h - 1, y + r) + 1) * w1
    for (let x = 0; x < w; x++) {
      const xa = Math.max(0, x - r)
      const xe = Math.min(w - 1, x + r) + 1
      const lap = iL[yb + xe] - iL[yb + xa] - iL[ya + xe] + iL[ya + xa]
      const lapN = iC[yb + xe] - iC[yb + xa] - iC[ya + xe] + iC[ya + xa]
      const lum = iY[yb + xe] - iY[yb + xa] - iY[ya + xe] + iY[ya + xa]
      const lumN = iN[yb + xe] - iN[yb + xa] - iN[ya + xe] + iN[ya + xa]
      // |Laplacian| / 4 is about 0.9 × the std of white grain, so it stands in for a std.
      const grain = lapN > 0 ? lap / lapN / 4 : 0
      feat[(y * w + x) * FEATURES + 3] = textureFeature(grain, lumN > 0 ? lum / lumN : 0)
    }
  }
}

/** Sum over the (2r+1)² window around each cell (clipped at the edges), in place; rows in order. */
function boxSumInPlace(a: Int32Array, w: number, h: number, r: number): void {
  const row = new Int32Array(w)
  for (let y = 0; y < h; y++) {
    const o = y * w
    let s = 0
    for (let x = 0; x < Math.min(r, w); x++) s += a[o + x]
    for (let x = 0; x < w; x++) {
      if (x + r < w) s += a[o + x + r]
      if (x - r - 1 >= 0) s -= a[o + x - r - 1]
      row[x] = s
    }
    a.set(row, o)
  }
  // Vertical: a running sum per column; the rows leaving the window are kept in a ring buffer
  // because `a` is overwritten as we go.
  const ring = new Int32Array((2 * r + 2) * w)
  const col = new Int32Array(w)
  for (let y = 0; y < Math.min(r, h); y++) for (let x = 0; x < w; x++) col[x] += a[y * w + x]
  for (let y = 0; y < h; y++) {
    if (y + r < h) for (let x = 0, o = (y + r) * w; x < w; x++) col[x] += a[o + x]
    if (y - r - 1 >= 0) for (let x = 0, o = ((y - r - 1) % (2 * r + 2)) * w; x < w; x++) col[x] -= ring[o + x]
    ring.set(a.subarray(y * w, y * w + w), (y % (2 * r + 2)) * w)
    a.set(col, y * w)
  }
}
