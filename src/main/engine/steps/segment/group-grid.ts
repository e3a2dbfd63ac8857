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

/** Grain is pooled over (2r+1)² cells; lightness over a 3x3 window. */
export const TEXTURE_RADIUS = 2
const COLOUR_RADIUS = 1

/**
 * Weight of grain against Lab units: the pollock carpet (relative grain ~1.5-3) and the smooth
 * tray on it (~0.2-0.4) land 10-20 units apart although their greys are within a few Lab units,
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

/**
 * sRGB (6 bits a channel) → Lab, built once per process on first use: a cell's mean colour is
 * looked up instead of converted (cube roots for every cell were a tenth of the step's budget).
 * Rounding to 6 bits moves a colour by at most 2 levels, about 1 Lab unit.
 */
let labTable: Float32Array | null = null

function labLut(): Float32Array {
  if (labTable) return labTable
  const lin = new Float64Array(64)
  for (let i = 0; i < 64; i++) {
    const c = (i * 255) / 63 / 255
    lin[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4)
  }
  const f = (t: number): number => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116)
  const t = new Float32Array(64 * 64 * 64 * 3)
  for (let r = 0, o = 0; r < 64; r++) {
    for (let g = 0; g < 64; g++) {
      for (let b = 0; b < 64; b++, o += 3) {
        const fx = f((0.4124 * lin[r] + 0.3576 * lin[g] + 0.1805 * lin[b]) / 0.95047)
        const fy = f(0.2126 * lin[r] + 0.7152 * lin[g] + 0.0722 * lin[b])
        const fz = f((0.0193 * lin[r] + 0.1192 * lin[g] + 0.9505 * lin[b]) / 1.08883)
        t[o] = 116 * fy - 16
        t[o + 1] = 500 * (fx - fy)
        t[o + 2] = 200 * (fy - fz)
      }
    }
  }
  labTable = t
  return t
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
  // Fine grain: sum of |Laplacian| of the sampled luma per cell, and how many samples it holds.
  // Computed for the row above as soon as the current row is in, while both are still in cache.
  const sl = new Float32Array(n)
  const sc = new Int32Array(n)
  const cellRow = (fy: number): number => Math.min(h - 1, Math.floor((fy * stride * h) / H)) * w
  for (let fy = 0; fy < fh; fy++) {
    const row = cellRow(fy)
    for (let fx = 0, i = fy * stride * W, f = fy * fw; fx < fw; fx++, i += stride, f++) {
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
    const ly = fy - 1
    if (ly < 1) continue
    const lrow = cellRow(ly)
    for (let fx = 1, f = ly * fw + 1; fx < fw - 1; fx++, f++) {
      const lap = 4 * luma[f] - luma[f - 1] - luma[f + 1] - luma[f - fw] - luma[f + fw]
      const c = lrow + cellOfCol[fx]
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
  const lab = labLut()
  const q = 63 / 255
  for (let c = 0; c < n; c++) {
    // Mean of sRGB bytes, then to Lab; averaging in sRGB is close enough for region statistics.
    const k = q / (cnt[c] || 1)
    const o = ((((sr[c] * k + 0.5) | 0) * 64 + ((sg[c] * k + 0.5) | 0)) * 64 + ((sb[c] * k + 0.5) | 0)) * 3
    feat[c * FEATURES] = lab[o]
    feat[c * FEATURES + 1] = lab[o + 1]
    feat[c * FEATURES + 2] = lab[o + 2]
  }
  // Lightness is pooled a little: a grainy backdrop then has one lightness per region instead of
  // a salt-and-pepper of light and dark cells that k-means would slice into many clusters.
  smoothChannel(feat, w, h, 0, COLOUR_RADIUS)
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

/** Box mean over (2r+1)² cells of feature channel `ch`, in place; rows are walked in order. */
function smoothChannel(feat: Float32Array, w: number, h: number, ch: number, r: number): void {
  const tmp = new Float32Array(w * h)
  for (let y = 0; y < h; y++) {
    const o = y * w
    let s = 0
    for (let x = 0; x < Math.min(r, w); x++) s += feat[(o + x) * FEATURES + ch]
    for (let x = 0; x < w; x++) {
      if (x + r < w) s += feat[(o + x + r) * FEATURES + ch]
      if (x - r - 1 >= 0) s -= feat[(o + x - r - 1) * FEATURES + ch]
      tmp[o + x] = s / (Math.min(w - 1, x + r) - Math.max(0, x - r) + 1)
    }
  }
  const col = new Float64Array(w)
  for (let y = 0; y < Math.min(r, h); y++) for (let x = 0; x < w; x++) col[x] += tmp[y * w + x]
  for (let y = 0; y < h; y++) {
    if (y + r < h) for (let x = 0, o = (y + r) * w; x < w; x++) col[x] += tmp[o + x]
    if (y - r - 1 >= 0) for (let x = 0, o = (y - r - 1) * w; x < w; x++) col[x] -= tmp[o + x]
    const k = Math.min(h - 1, y + r) - Math.max(0, y - r) + 1
    for (let x = 0, o = y * w; x < w; x++) feat[(o + x) * FEATURES + ch] = col[x] / k
  }
}
