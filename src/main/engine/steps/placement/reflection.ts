import type { Box, RgbaImage } from '../../image/raster'
import type { SceneLayout } from '../background/scene-types'
import { boxBlur, clipRect } from './blur'

/** A reflection stronger than this reads as a mirror, not a glossy studio floor. */
export const MAX_REFLECTIVITY = 0.35
/** The reflection dies out over this share of the product height. */
export const REFLECTION_FADE_SHARE = 0.3

/** Opacity multiplier `d` px below the base: quadratic, so it leaves the base softly but dies fast. */
export function reflectionFade(d: number, fadeLength: number): number {
  if (d < 0 || d >= fadeLength) return 0
  const t = 1 - d / fadeLength
  return t * t
}

/** Rows [top, base) of the product image that are the product: base is below its lowest solid row. */
export function productRows(product: RgbaImage): { top: number; base: number } | null {
  const { width, height, data } = product
  let top = -1
  let base = -1
  for (let y = 0; y < height; y++) {
    let rowMax = 0
    for (let x = 0, i = y * width * 4 + 3; x < width; x++, i += 4) if (data[i] > rowMax) rowMax = data[i]
    if (rowMax > 5 && top < 0) top = y
    if (rowMax >= 128) base = y + 1
  }
  return top < 0 || base <= top ? null : { top, base }
}

/**
 * Paints the floor reflection of `product` (already at box size, placed at `box`) into `target`, in
 * place. Mirrored about the product's base line, premultiplied so the matte's edge does not halo,
 * and blurred a little more the further it is from the base, as on a real glossy floor.
 * Returns the canvas region painted, or null when the layout is not glossy.
 */
export function paintReflection(target: RgbaImage, product: RgbaImage, box: Box, layout: Pick<SceneLayout, 'glossy' | 'reflectivity'>): Box | null {
  if (!layout.glossy) return null
  const opacity = Math.min(MAX_REFLECTIVITY, Math.max(0, layout.reflectivity))
  if (opacity <= 0) return null
  const rows = productRows(product)
  if (!rows) return null
  const ph = rows.base - rows.top
  const fadeLen = Math.max(2, Math.round(REFLECTION_FADE_SHARE * ph))
  const rNear = Math.max(1, Math.round(0.003 * ph))
  const rFar = Math.max(rNear + 1, Math.round(0.012 * ph))
  const pad = 2 * rFar + 1
  const pw = product.width
  const bx = Math.round(box[0])
  const baseCanvas = Math.round(box[1]) + rows.base
  const rect = clipRect(bx - pad, baseCanvas - pad, bx + pw + pad, baseCanvas + fadeLen + pad, target.width, target.height)
  if (!rect) return null
  const [rx, ry, rxe, rye] = rect
  const w = rxe - rx
  const h = rye - ry

  // Four premultiplied planes; rows above the base line stay empty (they are behind the product).
  const planes = [0, 1, 2, 3].map(() => new Float32Array(w * h))
  const pd = product.data
  for (let y = 0; y < h; y++) {
    const d = ry + y - baseCanvas
    const f = reflectionFade(d, fadeLen)
    if (f <= 0) continue
    const sy = rows.base - 1 - d
    if (sy < 0) continue
    for (let x = 0; x < w; x++) {
      const sx = rx + x - bx
      if (sx < 0 || sx >= pw) continue
      const si = (sy * pw + sx) * 4
      const a = (pd[si + 3] / 255) * f
      if (a <= 0) continue
      const o = y * w + x
      planes[0][o] = pd[si] * a
      planes[1][o] = pd[si + 1] * a
      planes[2][o] = pd[si + 2] * a
      planes[3][o] = a
    }
  }
  const near = planes.map((p) => boxBlur(p.slice(), w, h, rNear, 2))
  const far = planes.map((p) => boxBlur(p, w, h, rFar, 2))

  const td = target.data
  const tw = target.width
  for (let y = 0; y < h; y++) {
    const k = Math.min(1, Math.max(0, (ry + y - baseCanvas) / fadeLen))
    for (let x = 0; x < w; x++) {
      const o = y * w + x
      const a = (near[3][o] + (far[3][o] - near[3][o]) * k) * opacity
      if (a <= 0) continue
      const i = ((ry + y) * tw + rx + x) * 4
      for (let c = 0; c < 3; c++) {
        const col = (near[c][o] + (far[c][o] - near[c][o]) * k) * opacity
        td[i + c] = td[i + c] * (1 - a) + col
      }
    }
  }
  return [rx, ry, w, h]
}

/** Pure variant of paintReflection. */
export function renderReflection(background: RgbaImage, product: RgbaImage, box: Box, layout: Pick<SceneLayout, 'glossy' | 'reflectivity'>): RgbaImage {
  const out: RgbaImage = { width: background.width, height: background.height, data: new Uint8ClampedArray(background.data) }
  paintReflection(out, product, box, layout)
  return out
}
