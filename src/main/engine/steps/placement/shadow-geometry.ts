import type { Box, Mask } from '../../image/raster'
import type { SceneLight } from '../background/scene-types'

/** Where the product is on the canvas and where it stands. */
export interface Silhouette {
  /** Alpha bbox, [x0, x1) × [y0, y1). */
  x0: number
  y0: number
  x1: number
  y1: number
  /** y of the line the product stands on: just below its lowest mostly-opaque row. */
  baseY: number
  /** baseY - y0: the height that casts the shadow. */
  height: number
}

/** Faint matte haze is not the product; the base is where the product is solid. */
const PRESENT = 0.02
const SOLID = 0.5

/** Finds the product in a canvas-size mask, scanning only `hint` (e.g. the placement box) when given. */
export function analyseSilhouette(mask: Mask, hint?: Box): Silhouette | null {
  const { width, height, data } = mask
  const sx0 = hint ? Math.max(0, Math.floor(hint[0])) : 0
  const sy0 = hint ? Math.max(0, Math.floor(hint[1])) : 0
  const sx1 = hint ? Math.min(width, Math.ceil(hint[0] + hint[2])) : width
  const sy1 = hint ? Math.min(height, Math.ceil(hint[1] + hint[3])) : height
  let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1, solidBottom = -1
  for (let y = sy0; y < sy1; y++) {
    const off = y * width
    let rowMax = 0
    for (let x = sx0; x < sx1; x++) {
      const a = data[off + x]
      if (a > PRESENT) {
        if (x < x0) x0 = x
        if (x > x1) x1 = x
        if (a > rowMax) rowMax = a
      }
    }
    if (rowMax > PRESENT) {
      if (y < y0) y0 = y
      y1 = y
    }
    if (rowMax >= SOLID) solidBottom = y
  }
  if (x1 < 0) return null
  const baseY = (solidBottom >= 0 ? solidBottom : y1) + 1
  return { x0, y0, x1: x1 + 1, y1: y1 + 1, baseY, height: Math.max(1, baseY - y0) }
}

/**
 * The floor recedes from a camera a little above it, so depth on the floor shows at about a third
 * of its true length on screen.
 */
const FLOOR_FORESHORTEN = 0.38
/** Grazing light would throw shadows off the canvas; real studio sets never go that low either. */
const MAX_LENGTH = 2.2
/** Even a side light's shadow has depth on screen: the product itself has depth. */
const MIN_DEPTH_SHARE = 0.05
const MIN_DEPTH_PER_LENGTH = 0.1

/**
 * The cast shadow as a shear of the silhouette: a point `h` px above the base lands at
 * (x + sx·h, baseY + sy·h). sy > 0 falls towards the viewer (below the base on screen), sy < 0
 * behind the product (light from the camera side).
 */
export function castShadowShear(light: SceneLight): { sx: number; sy: number } {
  const elev = Math.min(90, Math.max(5, Number.isFinite(light.elevationDeg) ? light.elevationDeg : 45))
  const length = Math.min(MAX_LENGTH, 1 / Math.tan((elev * Math.PI) / 180))
  const az = ((Number.isFinite(light.azimuthDeg) ? light.azimuthDeg : 135) * Math.PI) / 180
  // Azimuth is where the light comes from, y up; the shadow runs the other way, y down on screen.
  const side = -Math.cos(az)
  const depth = Math.sin(az)
  const sx = length * side
  const minDepth = MIN_DEPTH_SHARE + MIN_DEPTH_PER_LENGTH * Math.min(1, length)
  let sy = length * FLOOR_FORESHORTEN * depth
  // Only a clearly frontal light throws the shadow behind the product; near-side light stays in front.
  if (Math.abs(sy) < minDepth) sy = depth < -0.25 ? -minDepth : minDepth
  return { sx, sy }
}

/** Offset (px) of the shadow of the product's top relative to its base, and its length. */
export function castShadowOffset(light: SceneLight, productHeight: number): { dx: number; dy: number; length: number } {
  const { sx, sy } = castShadowShear(light)
  const dx = sx * productHeight
  const dy = sy * productHeight
  return { dx, dy, length: Math.hypot(dx, dy) }
}
