/**
 * Which parts of the network's thresholded map are product: a connected piece of `p ≥ low`
 * stays only when the network is sure of it somewhere (`p ≥ high`). Several objects on a tray stay
 * one product when each has such a core; a faint blob the model half-believed (a shadow, a bright
 * bokeh disc) goes. The photo's colours play no part: only the model's own evidence counts.
 */
import type { Mask } from '../../image/raster'
import { labelComponents, type BinaryMask } from './connected-components'

export interface HysteresisResult {
  mask: BinaryMask
  /** Pieces of `p ≥ low` without a sure core, dropped. */
  dropped: number
  droppedArea: number
}

export function hysteresisMask(prob: Mask, low: number, high: number): HysteresisResult {
  const { width, height, data: p } = prob
  const n = width * height
  const bin = new Uint8Array(n)
  for (let i = 0; i < n; i++) bin[i] = p[i] >= low ? 1 : 0
  const cc = labelComponents({ width, height, data: bin }, { connectivity: 8, value: 1 })
  const sure = new Uint8Array(cc.count + 1)
  const peak = new Float32Array(cc.count + 1)
  for (let i = 0; i < n; i++) {
    const l = cc.labels[i]
    if (p[i] > peak[l]) peak[l] = p[i]
  }
  let best = 0
  for (let l = 1; l <= cc.count; l++) {
    if (peak[l] >= high) sure[l] = 1
    if (peak[l] > peak[best] || best === 0) best = l
  }
  // A product the model is unsure of everywhere (glass, a faint print) is still the product:
  // its most confident piece stays, so the cutout is never emptied by this stage.
  if (best > 0 && !sure.includes(1)) sure[best] = 1
  sure[0] = 0
  let dropped = 0
  let droppedArea = 0
  for (let l = 1; l <= cc.count; l++) {
    if (sure[l]) continue
    dropped++
    droppedArea += cc.areas[l]
  }
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) out[i] = sure[cc.labels[i]]
  return { mask: { width, height, data: out }, dropped, droppedArea }
}
