/**
 * Per-cell features of the analysis grid (group-grid.ts) from the sampled sums: Lab colour with
 * lightness pooled over 3x3 cells, and grain. Every whole-grid loop is a function of its own (or
 * a row of one) so that V8 compiles each quickly: the first photo of a process pays for this.
 */
/** Features per cell: L, a, b, grain. */
export const FEATURES = 4

/** Grain is pooled over (2r+1)² cells; lightness over a 3x3 window. */
export const TEXTURE_RADIUS = 2
const COLOUR_RADIUS = 1

/** Per-cell sums of the samples: colour, luma, count; |Laplacian| of luma and its count. */
export interface CellSums {
  r: Int32Array
  g: Int32Array
  b: Int32Array
  y: Int32Array
  count: Int32Array
  lap: Float32Array
  lapCount: Int32Array
}

export function cellFeatures(w: number, h: number, s: CellSums): Float32Array {
  const n = w * h
  const feat = new Float32Array(n * FEATURES)
  const mean = new Float32Array(n)
  for (let c = 0; c < n; c++) mean[c] = s.y[c] / (s.count[c] || 1)
  labFeatures(s, n, feat)
  // Lightness is pooled a little: a grainy backdrop then has one lightness per region instead of
  // a salt-and-pepper of light and dark cells that k-means would slice into many clusters.
  smoothChannel(feat, w, h, 0, COLOUR_RADIUS)
  // Mottling: |Laplacian| of the cells' mean luma, counted once per sample like the fine grain.
  for (let y = 1; y < h - 1; y++) mottlingRow(mean, y, w, s.lap, s.lapCount)
  poolGrain(feat, w, h, s.lap, s.lapCount, s.y, s.count)
  return feat
}

function labFeatures(s: CellSums, n: number, feat: Float32Array): void {
  const t = labTable()
  const { lab, ready } = t
  const q = 63 / 255
  for (let c = 0; c < n; c++) {
    // Mean of sRGB bytes, then to Lab; averaging in sRGB is close enough for region statistics.
    const k = q / (s.count[c] || 1)
    const e = (((s.r[c] * k + 0.5) | 0) * 64 + ((s.g[c] * k + 0.5) | 0)) * 64 + ((s.b[c] * k + 0.5) | 0)
    if (!ready[e]) fillLab(t, e)
    feat[c * FEATURES] = lab[3 * e]
    feat[c * FEATURES + 1] = lab[3 * e + 1]
    feat[c * FEATURES + 2] = lab[3 * e + 2]
  }
}

function mottlingRow(mean: Float32Array, y: number, w: number, sl: Float32Array, sc: Int32Array): void {
  for (let x = 1, c = y * w + 1; x < w - 1; x++, c++) {
    const lap = 4 * mean[c] - mean[c - 1] - mean[c + 1] - mean[c - w] - mean[c + w]
    sl[c] += (lap < 0 ? -lap : lap) * sc[c]
  }
}

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
 * sRGB (6 bits a channel) → Lab, kept for the whole process: a cell's mean colour is looked up
 * instead of converted (cube roots for every cell were a tenth of the step's budget). Entries are
 * filled the first time a colour is seen — a photo has a few thousand of the 262 144, and
 * building them all cost the first photo 30 ms. Rounding to 6 bits moves a colour by at most 2
 * levels, about 1 Lab unit.
 */
interface LabTable {
  lab: Float32Array
  ready: Uint8Array
  linear: Float64Array
}

let table: LabTable | null = null

function labTable(): LabTable {
  if (table) return table
  const linear = new Float64Array(64)
  for (let i = 0; i < 64; i++) {
    const c = (i * 255) / 63 / 255
    linear[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4)
  }
  table = { lab: new Float32Array(64 * 64 * 64 * 3), ready: new Uint8Array(64 * 64 * 64), linear }
  return table
}

/** Lab of 6-bit colour `e` = (r·64 + g)·64 + b, into the table at 3e. */
function fillLab(t: LabTable, e: number): void {
  const { linear, lab } = t
  const lr = linear[e >> 12]
  const lg = linear[(e >> 6) & 63]
  const lb = linear[e & 63]
  const fx = labF((0.4124 * lr + 0.3576 * lg + 0.1805 * lb) / 0.95047)
  const fy = labF(0.2126 * lr + 0.7152 * lg + 0.0722 * lb)
  const fz = labF((0.0193 * lr + 0.1192 * lg + 0.9505 * lb) / 1.08883)
  lab[3 * e] = 116 * fy - 16
  lab[3 * e + 1] = 500 * (fx - fy)
  lab[3 * e + 2] = 200 * (fy - fz)
  t.ready[e] = 1
}

function labF(t: number): number {
  return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116
}

/** Grain feature: window sums of |Laplacian| and luma from summed-area tables. */
function poolGrain(feat: Float32Array, w: number, h: number, sl: Float32Array, sc: Int32Array, sy: Int32Array, cnt: Int32Array): void {
  const w1 = w + 1
  const t: Integrals = {
    lap: new Float64Array(w1 * (h + 1)),
    lapN: new Float64Array(w1 * (h + 1)),
    lum: new Float64Array(w1 * (h + 1)),
    lumN: new Float64Array(w1 * (h + 1)),
  }
  for (let y = 0; y < h; y++) integralRow(t, y, w, sl, sc, sy, cnt)
  for (let y = 0; y < h; y++) poolRow(t, y, w, h, feat)
}

/** Summed-area tables, (w + 1) × (h + 1) with a zero first row and column. */
interface Integrals {
  lap: Float64Array
  lapN: Float64Array
  lum: Float64Array
  lumN: Float64Array
}

function integralRow(t: Integrals, y: number, w: number, sl: Float32Array, sc: Int32Array, sy: Int32Array, cnt: Int32Array): void {
  const { lap: iL, lapN: iC, lum: iY, lumN: iN } = t
  const w1 = w + 1
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

function poolRow(t: Integrals, y: number, w: number, h: number, feat: Float32Array): void {
  const { lap: iL, lapN: iC, lum: iY, lumN: iN } = t
  const r = TEXTURE_RADIUS
  const w1 = w + 1
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

/** Box mean over (2r+1)² cells of feature channel `ch`, in place; rows are walked in order. */
function smoothChannel(feat: Float32Array, w: number, h: number, ch: number, r: number): void {
  const tmp = new Float32Array(w * h)
  for (let y = 0; y < h; y++) smoothRow(feat, y * w, w, ch, r, tmp)
  const col = new Float64Array(w)
  for (let y = 0; y < Math.min(r, h); y++) for (let x = 0; x < w; x++) col[x] += tmp[y * w + x]
  for (let y = 0; y < h; y++) smoothColumnsRow(feat, tmp, col, y, w, h, ch, r)
}

function smoothRow(feat: Float32Array, o: number, w: number, ch: number, r: number, tmp: Float32Array): void {
  let s = 0
  for (let x = 0; x < Math.min(r, w); x++) s += feat[(o + x) * FEATURES + ch]
  for (let x = 0; x < w; x++) {
    if (x + r < w) s += feat[(o + x + r) * FEATURES + ch]
    if (x - r - 1 >= 0) s -= feat[(o + x - r - 1) * FEATURES + ch]
    tmp[o + x] = s / (Math.min(w - 1, x + r) - Math.max(0, x - r) + 1)
  }
}

function smoothColumnsRow(feat: Float32Array, tmp: Float32Array, col: Float64Array, y: number, w: number, h: number, ch: number, r: number): void {
  if (y + r < h) for (let x = 0, o = (y + r) * w; x < w; x++) col[x] += tmp[o + x]
  if (y - r - 1 >= 0) for (let x = 0, o = (y - r - 1) * w; x < w; x++) col[x] -= tmp[o + x]
  const k = Math.min(h - 1, y + r) - Math.max(0, y - r) + 1
  for (let x = 0, o = y * w; x < w; x++) feat[(o + x) * FEATURES + ch] = col[x] / k
}
