/**
 * The shadow of a product lying on a surface seen from above (a flat lay): its silhouette, offset
 * away from the light and softened. There is no floor line and no cast shadow stretching along a
 * floor: from above, the light's elevation only sets how far the shadow is offset and how soft it is.
 */
import type { Box, Mask } from '../../image/raster'
import type { SceneLight } from '../background/scene-types'
import { boxBlur, clipRect, type Patch } from './blur'

/** Offset of the shadow per unit of the product's size at 45° elevation; lower light throws it further. */
const OFFSET_SHARE = 0.035
const OPACITY = 0.5

export function dropShadowOffset(light: SceneLight, size: number): { dx: number; dy: number } {
  const elev = Math.min(85, Math.max(15, Number.isFinite(light.elevationDeg) ? light.elevationDeg : 45))
  const az = ((Number.isFinite(light.azimuthDeg) ? light.azimuthDeg : 135) * Math.PI) / 180
  const len = OFFSET_SHARE * size * Math.min(2, 1 / Math.tan((elev * Math.PI) / 180))
  // The light comes from the azimuth (y up); the shadow falls the other way (y down on screen).
  return { dx: -Math.cos(az) * len, dy: Math.sin(az) * len }
}

/** Shadow opacity patch for a product mask (canvas size) placed in `box`. */
export function dropShadow(mask: Mask, box: Box, light: SceneLight): Patch | null {
  const size = Math.max(box[2], box[3])
  const { dx, dy } = dropShadowOffset(light, size)
  const soft = Math.min(1, Math.max(0, Number.isFinite(light.softness) ? light.softness : 0.5))
  const radius = Math.max(1, Math.round((0.012 + 0.02 * soft) * size))
  const pad = 3 * radius + Math.ceil(Math.hypot(dx, dy))
  const rect = clipRect(box[0] - pad, box[1] - pad, box[0] + box[2] + pad, box[1] + box[3] + pad, mask.width, mask.height)
  if (!rect) return null
  const [x0, y0, x1, y1] = rect
  const w = x1 - x0
  const h = y1 - y0
  const plane = new Float32Array(w * h)
  const ox = Math.round(dx)
  const oy = Math.round(dy)
  for (let y = 0; y < h; y++) {
    const sy = y0 + y - oy
    if (sy < 0 || sy >= mask.height) continue
    for (let x = 0; x < w; x++) {
      const sx = x0 + x - ox
      if (sx < 0 || sx >= mask.width) continue
      plane[y * w + x] = mask.data[sy * mask.width + sx]
    }
  }
  const blurred = boxBlur(plane, w, h, radius, 3)
  for (let i = 0; i < blurred.length; i++) blurred[i] *= OPACITY
  return { x: x0, y: y0, w, h, data: blurred }
}
