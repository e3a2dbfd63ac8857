/**
 * Grey-guide guided filter (He, Sun & Tang, "Guided Image Filtering", TPAMI 2013).
 *
 * Within each window the output is modelled as a linear function of the guide, q = a·I + b, so
 * where the photo has an edge the matte gets an edge at the same place, and where the photo is
 * flat the matte is simply smoothed. `eps` decides what counts as an edge: windows whose guide
 * variance is well below eps are smoothed, those well above it are followed.
 *
 * The coefficients are exposed separately because the large-photo path computes them at a working
 * resolution and applies them to the full-resolution guide ("fast guided filter", He & Sun 2015):
 * a and b vary slowly, so bilinear upsampling them keeps the edge as crisp as the full-size photo.
 */
import type { Mask } from '../../image/raster'
import { boxColumns, boxFilter, boxRowPair, createBoxScratch, inverseCounts, slide } from './box-filter'

/** Box-averaged linear coefficients: filtered = meanA·guide + meanB, pixel by pixel. */
export interface GuidedCoefficients {
  width: number
  height: number
  meanA: Float32Array
  meanB: Float32Array
  /**
   * var/(var + eps) of the guide in the window centred on each pixel (only when requested): how
   * much the photo there has to say. Near 0 the filter merely blurs the input.
   */
  confidence?: Float32Array
}

export function guidedFilterCoefficients(
  guide: Mask,
  input: Mask,
  radius: number,
  eps: number,
  withConfidence = false,
): GuidedCoefficients {
  const { width, height } = guide
  if (input.width !== width || input.height !== height) {
    throw new RangeError('guidedFilter: guide and input sizes differ')
  }
  const n = width * height
  const r = Math.max(0, Math.floor(radius))
  if (r === 0 || r >= width || r >= height) return coefficientsPlanewise(guide, input, r, eps, withConfidence)
  // boxFilter's sums term for term, fused: the four row passes (guide, input and their products,
  // rounded to float32 as stored planes would be) row by row, one column pass for all four that
  // turns each row of means into coefficients at once, then the two means of the coefficients.
  const I = guide.data
  const p = input.data
  const tI = new Float32Array(n)
  const tP = new Float32Array(n)
  const tIP = new Float32Array(n)
  const tII = new Float32Array(n)
  const invX = inverseCounts(width, r)
  const ip = new Float32Array(width)
  const ii = new Float32Array(width)
  for (let o = 0; o < n; o += width) {
    products(I, p, o, width, ip, ii)
    boxRowPair(I, p, o, tI, tP, o, width, r, invX)
    boxRowPair(ip, ii, 0, tIP, tII, o, width, r, invX)
  }
  const a = new Float32Array(n)
  const b = new Float32Array(n)
  const confidence = withConfidence ? new Float32Array(n) : undefined
  const invY = inverseCounts(height, r)
  const accI = new Float64Array(width)
  const accP = new Float64Array(width)
  const accIP = new Float64Array(width)
  const accII = new Float64Array(width)
  for (let y = 0; y <= r; y++) {
    for (let x = 0, o = y * width; x < width; x++) {
      accI[x] += tI[o + x]
      accP[x] += tP[o + x]
      accIP[x] += tIP[o + x]
      accII[x] += tII[o + x]
    }
  }
  const sums: ColumnSums = { accI, accP, accIP, accII }
  for (let y = 0; y < height; y++) {
    coefficientRow(sums, invY[y], eps, y * width, width, a, b, confidence)
    slide(accI, tI, width, height, y, r)
    slide(accP, tP, width, height, y, r)
    slide(accIP, tIP, width, height, y, r)
    slide(accII, tII, width, height, y, r)
  }
  // The row pass of a and b reuses two scratch planes; the column pass writes the results into
  // the other two.
  for (let o = 0; o < n; o += width) boxRowPair(a, b, o, tI, tP, o, width, r, invX)
  const meanA = boxColumns(tI, width, height, r, invY, tIP, accI)
  const meanB = boxColumns(tP, width, height, r, invY, tII, accP)
  return confidence ? { width, height, meanA, meanB, confidence } : { width, height, meanA, meanB }
}

/** Row `o` of the guide and input planes: their products, rounded to float32. */
function products(I: Float32Array, p: Float32Array, o: number, width: number, ip: Float32Array, ii: Float32Array): void {
  for (let x = 0; x < width; x++) {
    const g = I[o + x]
    ip[x] = g * p[o + x]
    ii[x] = g * g
  }
}

/** Column sums of the four row-filtered planes for the current row. */
interface ColumnSums {
  accI: Float64Array
  accP: Float64Array
  accIP: Float64Array
  accII: Float64Array
}

/**
 * One row of coefficients from the column sums: the means rounded to float32 as stored planes
 * would be, then the same arithmetic as the plane-at-a-time version.
 */
function coefficientRow(
  s: ColumnSums,
  inv: number,
  eps: number,
  row: number,
  width: number,
  a: Float32Array,
  b: Float32Array,
  confidence: Float32Array | undefined,
): void {
  const { accI, accP, accIP, accII } = s
  for (let x = 0, i = row; x < width; x++, i++) {
    const mi = Math.fround(accI[x] * inv)
    const mp = Math.fround(accP[x] * inv)
    const variance = Math.max(0, Math.fround(accII[x] * inv) - mi * mi)
    const cov = Math.fround(accIP[x] * inv) - mi * mp
    const ai = cov / (variance + eps)
    a[i] = ai
    b[i] = mp - ai * mi
    if (confidence) confidence[i] = variance / (variance + eps)
  }
}

/** The same computed one box filter at a time (radius 0, or windows wider than the plane). */
function coefficientsPlanewise(guide: Mask, input: Mask, r: number, eps: number, withConfidence: boolean): GuidedCoefficients {
  const { width, height } = guide
  const n = width * height
  const I = guide.data
  const p = input.data
  const scratch = createBoxScratch(width, height)
  const meanI = boxFilter(I, width, height, r, undefined, scratch)
  const meanP = boxFilter(p, width, height, r, undefined, scratch)
  const corrIP = new Float32Array(n)
  const corrII = new Float32Array(n)
  for (let i = 0; i < n; i++) {
    const g = I[i]
    corrIP[i] = g * p[i]
    corrII[i] = g * g
  }
  boxFilter(corrIP, width, height, r, corrIP, scratch)
  boxFilter(corrII, width, height, r, corrII, scratch)
  // a and b overwrite the correlation planes: four n-float planes in flight instead of six.
  const a = corrIP
  const b = corrII
  const confidence = withConfidence ? new Float32Array(n) : undefined
  for (let i = 0; i < n; i++) {
    const mi = meanI[i]
    const mp = meanP[i]
    const variance = Math.max(0, corrII[i] - mi * mi)
    const cov = corrIP[i] - mi * mp
    const ai = cov / (variance + eps)
    a[i] = ai
    b[i] = mp - ai * mi
    if (confidence) confidence[i] = variance / (variance + eps)
  }
  // meanI / meanP are no longer needed: reuse them as the outputs.
  const meanA = boxFilter(a, width, height, r, meanI, scratch)
  const meanB = boxFilter(b, width, height, r, meanP, scratch)
  return confidence ? { width, height, meanA, meanB, confidence } : { width, height, meanA, meanB }
}

/**
 * Edge-aware smoothing of `input` steered by `guide` (both 0..1 planes of the same size).
 * The result is not clamped: callers that need alpha clamp or curve it themselves.
 */
export function guidedFilter(guide: Mask, input: Mask, radius: number, eps: number): Mask {
  const { meanA, meanB } = guidedFilterCoefficients(guide, input, radius, eps)
  const I = guide.data
  const out = meanA // reuse: each element is read before it is overwritten
  for (let i = 0; i < out.length; i++) out[i] = meanA[i] * I[i] + meanB[i]
  return { width: guide.width, height: guide.height, data: out }
}
