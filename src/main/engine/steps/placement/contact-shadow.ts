import type { Mask } from '../../image/raster'
import type { SceneLight } from '../background/scene-types'
import { boxBlurRow, clipRect, type Patch } from './blur'
import type { Silhouette } from './shadow-geometry'

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v))

/**
 * Contact shadow = the occlusion where the product meets the floor: almost no light reaches the
 * crease, whatever the key light does. A tight dark core plus a wider, faint ambient-occlusion skirt.
 */
export interface ContactShadowTuning {
  /** Rows above the base (share of product height) that count as touching the floor. */
  footprintBand: number
  coreOpacity: number
  aoOpacity: number
}

export const CONTACT_SHADOW_TUNING: ContactShadowTuning = {
  footprintBand: 0.035,
  coreOpacity: 0.85,
  aoOpacity: 0.4,
}

/**
 * Per column, how firmly the product sits on the floor: 1 where its solid bottom reaches the base
 * line, fading to 0 for parts that hover up to `band` rows above it (a mug handle, a curved belly).
 */
export function footprint(mask: Mask, sil: Silhouette, band: number): Float32Array {
  const w = sil.x1 - sil.x0
  const fp = new Float32Array(w)
  const { data, width, height } = mask
  const yStart = Math.min(height - 1, sil.baseY - 1)
  const yEnd = Math.max(0, sil.baseY - band)
  for (let c = 0; c < w; c++) {
    const x = sil.x0 + c
    for (let y = yStart; y >= yEnd; y--) {
      const a = data[y * width + x]
      if (a >= 0.5) {
        const lift = (sil.baseY - 1 - y) / band
        fp[c] = (1 - lift) * (1 - lift)
        break
      }
    }
  }
  return fp
}

export function contactShadow(mask: Mask, sil: Silhouette, light: SceneLight, tuning: ContactShadowTuning = CONTACT_SHADOW_TUNING): Patch | null {
  const H = sil.height
  const soft = clamp01(Number.isFinite(light.softness) ? light.softness : 0.5)
  const band = Math.max(2, Math.round(tuning.footprintBand * H))
  const fp = footprint(mask, sil, band)
  let fpWidth = 0
  for (let i = 0; i < fp.length; i++) if (fp[i] > 0) fpWidth++
  if (fpWidth === 0) return null

  // A wide base seen from above the floor shows more depth in front of it.
  const coreDepth = Math.max(1.5, 0.02 * fpWidth + 0.006 * H)
  const aoDepth = Math.max(3, (0.07 + 0.03 * soft) * fpWidth + 0.02 * H)
  const coreBlur = Math.max(1, Math.round(0.012 * fpWidth + 0.004 * H))
  const aoBlur = Math.max(2, Math.round(0.06 * fpWidth + 0.02 * H))

  const rect = clipRect(sil.x0 - 3 * aoBlur, sil.baseY - 3 * coreDepth, sil.x1 + 3 * aoBlur, sil.baseY + 3 * aoDepth, mask.width, mask.height)
  if (!rect) return null
  const [px, py, pxe, pye] = rect
  const w = pxe - px
  const h = pye - py

  const core = new Float32Array(w)
  core.set(fp, sil.x0 - px) // the patch always spans the silhouette's columns
  const ao = core.slice()
  boxBlurRow(core, coreBlur, 2)
  boxBlurRow(ao, aoBlur, 2)

  const coreOp = tuning.coreOpacity * (1 - 0.15 * soft)
  const aoOp = tuning.aoOpacity
  const out = new Float32Array(w * h)
  for (let ry = 0; ry < h; ry++) {
    const d = py + ry + 0.5 - sil.baseY
    // Darkest in the crease right under the base; only a sliver climbs above it (behind the product).
    const cv = d >= 0 ? Math.exp(-d / coreDepth) : Math.exp(d / (0.5 * coreDepth))
    const av = d >= 0 ? Math.exp(-(d / aoDepth) * (d / aoDepth)) : Math.exp(d / coreDepth)
    const cs = coreOp * cv
    const as = aoOp * av
    const row = ry * w
    for (let x = 0; x < w; x++) {
      const c = cs * core[x]
      const a = as * ao[x]
      out[row + x] = 1 - (1 - c) * (1 - a)
    }
  }
  return { x: px, y: py, w, h, data: out }
}
