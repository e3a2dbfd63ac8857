/**
 * Signs that a cutout may be wrong and worth a look ("check cutout" in a batch), from the matte and,
 * when the model ran, its probability map. Each sign is cheap and explainable; none changes the mask.
 *
 * - borders: the product runs along two or more sides of the photo (a product is usually inside the
 *   frame; a hand or a table edge reaching one side is common, more is a background taken in);
 * - area: the product is a sliver of the photo or nearly all of it;
 * - unsure: a wide band where the model was neither sure of product nor of background;
 * - parts: several large disjoint pieces (two products, or a product and a piece of background).
 */
import type { Mask } from '../../image/raster'
import { labelComponents } from './connected-components'

export interface DoubtOptions {
  /** A side counts as touched when product covers at least this share of its length. */
  borderShare: number
  /** Flag at this many touched sides or more. */
  maxBorders: number
  /** Product area outside [min, max] share of the photo. */
  minArea: number
  maxArea: number
  /** Probability band counted as unsure, and the share of the product area that flags it. */
  unsureLow: number
  unsureHigh: number
  maxUnsureShare: number
  /** A piece counts as large at this share of the largest; flag at this many large pieces. */
  largePartShare: number
  maxLargeParts: number
}

export const DEFAULT_DOUBTS: DoubtOptions = {
  borderShare: 0.05,
  maxBorders: 2,
  minArea: 0.005,
  maxArea: 0.85,
  unsureLow: 0.2,
  unsureHigh: 0.8,
  maxUnsureShare: 0.25,
  largePartShare: 0.25,
  maxLargeParts: 3,
}

export type Doubt = 'borders' | 'area' | 'unsure' | 'parts'

export interface DoubtReport {
  doubts: Doubt[]
  bordersTouched: number
  areaShare: number
  /** null when no probability map was given (a cached or supplied mask). */
  unsureShare: number | null
  largeParts: number
}

export function cutoutDoubts(matte: Mask, prob: Mask | null, options: Partial<DoubtOptions> = {}): DoubtReport {
  const o = { ...DEFAULT_DOUBTS, ...options }
  const { width: w, height: h, data } = matte
  const bin = new Uint8Array(w * h)
  let area = 0
  for (let i = 0; i < bin.length; i++) {
    bin[i] = data[i] >= 0.5 ? 1 : 0
    area += bin[i]
  }
  const side = (count: number, length: number) => (count >= o.borderShare * length ? 1 : 0)
  let top = 0
  let bottom = 0
  let left = 0
  let right = 0
  for (let x = 0; x < w; x++) {
    top += bin[x]
    bottom += bin[(h - 1) * w + x]
  }
  for (let y = 0; y < h; y++) {
    left += bin[y * w]
    right += bin[y * w + w - 1]
  }
  const bordersTouched = side(top, w) + side(bottom, w) + side(left, h) + side(right, h)
  const areaShare = area / (w * h)

  let unsureShare: number | null = null
  if (prob) {
    let unsure = 0
    for (const p of prob.data) if (p > o.unsureLow && p < o.unsureHigh) unsure++
    unsureShare = area > 0 ? unsure / area : 1
  }

  const cc = labelComponents({ width: w, height: h, data: bin }, { connectivity: 8, value: 1 })
  let largest = 0
  for (let l = 1; l <= cc.count; l++) largest = Math.max(largest, cc.areas[l])
  let largeParts = 0
  for (let l = 1; l <= cc.count; l++) if (cc.areas[l] >= o.largePartShare * largest) largeParts++

  const doubts: Doubt[] = []
  if (bordersTouched >= o.maxBorders) doubts.push('borders')
  if (areaShare < o.minArea || areaShare > o.maxArea) doubts.push('area')
  if (unsureShare !== null && unsureShare > o.maxUnsureShare) doubts.push('unsure')
  if (largeParts >= o.maxLargeParts) doubts.push('parts')
  return { doubts, bordersTouched, areaShare, unsureShare, largeParts }
}
