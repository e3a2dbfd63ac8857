import type { Mask } from '../../image/raster'
import type { SceneLight } from '../background/scene-types'
import { boxBlur, clipRect, incrementalRadius, type Patch } from './blur'
import { castShadowShear, type Silhouette } from './shadow-geometry'

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v))

/** Cast-shadow look, tuned on studio packshots; all sizes are shares of the product height. */
export interface CastShadowTuning {
  /** Peak opacity under a hard light; softness lowers it. */
  peak: number
  /** Blur radius right at the base, halfway and at the far end (hard light, soft light). */
  nearBlur: [number, number]
  midBlur: [number, number]
  farBlur: [number, number]
  /** How much lighter the far end is than the base (hard, soft). */
  fade: [number, number]
}

export const CAST_SHADOW_TUNING: CastShadowTuning = {
  peak: 0.6,
  nearBlur: [0.004, 0.012],
  midBlur: [0.018, 0.04],
  farBlur: [0.04, 0.09],
  fade: [0.5, 0.8],
}

const mix = (pair: [number, number], t: number): number => pair[0] + (pair[1] - pair[0]) * t

/**
 * Shears the silhouette onto the floor (inverse mapping: every floor pixel reads the product point
 * that shades it), then blends three cascaded blur levels by distance from the base, so the shadow is
 * crisp where the product touches the floor and widens and lightens towards its far end, like a
 * real area light's penumbra.
 */
export function castShadow(mask: Mask, sil: Silhouette, light: SceneLight, tuning: CastShadowTuning = CAST_SHADOW_TUNING): Patch | null {
  const H = sil.height
  const soft = clamp01(Number.isFinite(light.softness) ? light.softness : 0.5)
  const { sx, sy } = castShadowShear(light)
  const dx = sx * H
  const dy = sy * H
  const r0 = Math.max(1, Math.round(mix(tuning.nearBlur, soft) * H))
  const r1 = Math.max(r0, Math.round(mix(tuning.midBlur, soft) * H))
  const r2 = Math.max(r1, Math.round(mix(tuning.farBlur, soft) * H))
  const r1i = incrementalRadius(r0, r1)
  const r2i = incrementalRadius(r1, r2)
  const PASSES = 2
  const pad = PASSES * (r0 + r1i + r2i) + 2

  const rect = clipRect(
    sil.x0 + Math.min(0, dx) - pad,
    Math.min(sil.baseY, sil.baseY + dy) - pad,
    sil.x1 + Math.max(0, dx) + pad,
    Math.max(sil.baseY, sil.baseY + dy) + pad,
    mask.width,
    mask.height,
  )
  if (!rect) return null
  const [px, py, pxe, pye] = rect
  const w = pxe - px
  const h = pye - py
  const proj = new Float32Array(w * h)
  const md = mask.data
  const mw = mask.width
  const mh = mask.height

  // A flat shadow packs many product rows into one floor row: average a few so thin parts survive.
  const nSub = Math.min(4, Math.max(1, Math.ceil(1 / Math.abs(sy))))
  const wSub = 1 / nSub
  for (let ry = 0; ry < h; ry++) {
    const yTop = py + ry
    const row = ry * w
    for (let s = 0; s < nSub; s++) {
      const hgt = (yTop + (s + 0.5) * wSub - sil.baseY) / sy
      if (hgt < 0 || hgt > H) continue
      // Continuous source point; pixel centres sit at +0.5.
      const srcY = sil.baseY - hgt - 0.5
      const iy = Math.floor(srcY)
      const fy = srcY - iy
      const shift = -hgt * sx
      const ixOff = Math.floor(shift)
      const fx = shift - ixOff
      const w00 = (1 - fx) * (1 - fy), w10 = fx * (1 - fy), w01 = (1 - fx) * fy, w11 = fx * fy
      const r0ok = iy >= 0 && iy < mh
      const r1ok = iy + 1 >= 0 && iy + 1 < mh
      const o0 = iy * mw
      const o1 = o0 + mw
      // Only destination columns whose source falls on the silhouette's columns.
      const xa = Math.max(0, sil.x0 - 1 - ixOff - px)
      const xb = Math.min(w, sil.x1 + 1 - ixOff - px)
      for (let rx = xa; rx < xb; rx++) {
        const ix = px + rx + ixOff
        let v = 0
        if (ix >= 0 && ix < mw) v += (r0ok ? md[o0 + ix] * w00 : 0) + (r1ok ? md[o1 + ix] * w01 : 0)
        if (ix + 1 >= 0 && ix + 1 < mw) v += (r0ok ? md[o0 + ix + 1] * w10 : 0) + (r1ok ? md[o1 + ix + 1] * w11 : 0)
        proj[row + rx] += v * wSub
      }
    }
  }

  const near = boxBlur(proj, w, h, r0, PASSES)
  const mid = boxBlur(near.slice(), w, h, r1i, PASSES)
  const far = boxBlur(mid.slice(), w, h, r2i, PASSES)

  const peak = tuning.peak * (1 - 0.55 * soft)
  const fade = mix(tuning.fade, soft)
  const out = near // reuse: every value is read before it is overwritten
  for (let ry = 0; ry < h; ry++) {
    // Distance along the shadow depends on the floor row only: row ↔ height on the product.
    const t = clamp01((py + ry + 0.5 - sil.baseY) / (sy * H))
    const k = t < 0.5 ? t * 2 : (t - 0.5) * 2
    const strength = peak * (1 - fade * t)
    const row = ry * w
    if (t < 0.5) {
      for (let i = row; i < row + w; i++) out[i] = strength * (near[i] + (mid[i] - near[i]) * k)
    } else {
      for (let i = row; i < row + w; i++) out[i] = strength * (mid[i] + (far[i] - mid[i]) * k)
    }
  }
  return { x: px, y: py, w, h, data: out }
}
