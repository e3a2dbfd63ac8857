import { createMask, type Box, type Mask, type RgbaImage } from '../../image/raster'
import type { Rgb, SceneLayout, SceneLight } from '../background/scene-types'
import type { Patch } from './blur'
import { castShadow } from './cast-shadow'
import { contactShadow } from './contact-shadow'
import { analyseSilhouette, type Silhouette } from './shadow-geometry'

export { castShadowOffset, castShadowShear, analyseSilhouette, type Silhouette } from './shadow-geometry'
export { castShadow } from './cast-shadow'
export { contactShadow } from './contact-shadow'

export interface ShadowOptions {
  cast?: boolean
  contact?: boolean
  /** Where to look for the product in the mask (e.g. the placement box); the whole mask otherwise. */
  hint?: Box
  /** The floor line the product stands on (its contact line, from ground.ts); the lowest solid row otherwise. */
  baseY?: number
}

export interface ShadowResult {
  /** Shadow opacity 0..1, canvas size; zero outside `region`. */
  mask: Mask
  /** [x, y, w, h] of the part of the canvas the shadow touches; null when there is no shadow. */
  region: Box | null
  silhouette: Silhouette | null
}

/** Union of opacities: two shadows over each other darken like two filters, never past 1. */
function unionInto(target: Mask, p: Patch): void {
  const tw = target.width
  const td = target.data
  for (let y = 0; y < p.h; y++) {
    const to = (p.y + y) * tw + p.x
    const po = y * p.w
    for (let x = 0; x < p.w; x++) {
      const a = p.data[po + x]
      if (a > 0) td[to + x] = 1 - (1 - td[to + x]) * (1 - a)
    }
  }
}

function unionBox(a: Box | null, p: Patch): Box {
  if (!a) return [p.x, p.y, p.w, p.h]
  const x0 = Math.min(a[0], p.x)
  const y0 = Math.min(a[1], p.y)
  const x1 = Math.max(a[0] + a[2], p.x + p.w)
  const y1 = Math.max(a[1] + a[3], p.y + p.h)
  return [x0, y0, x1 - x0, y1 - y0]
}

/** Shadow opacity for a product mask (canvas size, product where it was placed) under `light`. */
export function computeShadowMask(productMask: Mask, light: SceneLight, options: ShadowOptions = {}): ShadowResult {
  const mask = createMask(productMask.width, productMask.height)
  const found = analyseSilhouette(productMask, options.hint)
  let region: Box | null = null
  if (!found) return { mask, region, silhouette: found }
  const silhouette =
    options.baseY !== undefined && Number.isFinite(options.baseY)
      ? { ...found, baseY: Math.round(options.baseY), height: Math.max(1, Math.round(options.baseY) - found.y0) }
      : found
  if (options.cast !== false) {
    const p = castShadow(productMask, silhouette, light)
    if (p) {
      unionInto(mask, p)
      region = unionBox(region, p)
    }
  }
  if (options.contact !== false) {
    const p = contactShadow(productMask, silhouette, light)
    if (p) {
      unionInto(mask, p)
      region = unionBox(region, p)
    }
  }
  return { mask, region, silhouette }
}

/** How dark a full-opacity shadow gets: ~70% of the light is blocked, the rest is fill. */
const SHADOW_DEPTH = 0.3
const luma = (c: Rgb): number => 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

/**
 * Per-channel multiplier at full shadow. A shadow is the scene lit by its ambient (sky, bounce) but
 * not by the key light, so it takes the ambient hue divided by the key's hue: a warm key gives cool
 * shadows. A small blue bias keeps neutral scenes from looking muddy.
 */
export function shadowTint(light: SceneLight, layout: Pick<SceneLayout, 'ambient'>): Rgb {
  const amb = layout.ambient ?? [200, 200, 200]
  const key = light.color ?? [255, 255, 255]
  const la = Math.max(1, luma(amb))
  const lk = Math.max(1, luma(key))
  const bias = [0.99, 1, 1.03]
  const out: Rgb = [0, 0, 0]
  for (let c = 0; c < 3; c++) {
    const hue = Math.max(1, amb[c]) / la / (Math.max(1, key[c]) / lk)
    out[c] = Math.min(0.6, Math.max(0.15, SHADOW_DEPTH * Math.min(1.2, Math.max(0.85, hue)) * bias[c]))
  }
  return out
}

/** Multiplies `target` towards `tint` by the shadow opacity, in place, inside `region` only. */
export function paintShadow(target: RgbaImage, shadow: Mask, tint: Rgb, region?: Box | null): void {
  const { width } = target
  const [x0, y0, w, h] = region ?? [0, 0, target.width, target.height]
  const d = target.data
  const sd = shadow.data
  const k0 = 1 - tint[0], k1 = 1 - tint[1], k2 = 1 - tint[2]
  for (let y = y0; y < y0 + h; y++) {
    for (let x = x0; x < x0 + w; x++) {
      const s = sd[y * width + x]
      if (s <= 0) continue
      const i = (y * width + x) * 4
      d[i] = d[i] * (1 - s * k0)
      d[i + 1] = d[i + 1] * (1 - s * k1)
      d[i + 2] = d[i + 2] * (1 - s * k2)
    }
  }
}

/** Pure variant of paintShadow: returns a shadowed copy of `background`. */
export function applyShadow(background: RgbaImage, shadow: Mask, tint: Rgb, region?: Box | null): RgbaImage {
  const out: RgbaImage = { width: background.width, height: background.height, data: new Uint8ClampedArray(background.data) }
  paintShadow(out, shadow, tint, region)
  return out
}
