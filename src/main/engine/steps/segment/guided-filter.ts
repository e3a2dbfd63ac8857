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
import { boxFilter, createBoxScratch } from './box-filter'

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
  const I = guide.data
  const p = input.data
  const scratch = createBoxScratch(width, height)
  const meanI = boxFilter(I, width, height, radius, undefined, scratch)
  const meanP = boxFilter(p, width, height, radius, undefined, scratch)
  const corrIP = new Float32Array(n)
  const corrII = new Float32Array(n)
  for (let i = 0; i < n; i++) {
    const g = I[i]
    corrIP[i] = g * p[i]
    corrII[i] = g * g
  }
  boxFilter(corrIP, width, height, radius, corrIP, scratch)
  boxFilter(corrII, width, height, radius, corrII, scratch)

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
  const meanA = boxFilter(a, width, height, radius, meanI, scratch)
  const meanB = boxFilter(b, width, height, radius, meanP, scratch)
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
