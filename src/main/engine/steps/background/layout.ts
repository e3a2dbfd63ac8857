/**
 * Where things are: horizon, the product's ground line, the floor's perspective and the calm zone
 * behind the product. Everything scales with S = min(width, height) so that a 64 px preview and a
 * 2048 px render show the same scene.
 */
import { floorShare } from '../compose/ad-layout'
import type { BackdropKind } from './look-types'

export interface Geometry {
  width: number
  height: number
  /** min(width, height): the unit for every size in the scene. */
  S: number
  kind: BackdropKind
  /** Wall/floor junction (middle of the curve for a sweep; = height for a gradient). */
  horizonY: number
  groundY: number
  /** Vanishing line of the floor plane; above the horizon because the camera looks slightly down. */
  vanishY: number
  cx: number
  /** Half-width of the sweep's curve band in px. */
  sweepBand: number
  /** Centre and radii of the area behind the product that must stay quiet. */
  calmX: number
  calmY: number
  calmRx: number
  calmRy: number
}

function lerp(a: number, b: number, t: number): number {
  return a + (b - a) * t
}

export function computeGeometry(width: number, height: number, kind: BackdropKind, horizonShift: number): Geometry {
  const S = Math.min(width, height)
  const aspect = width / height
  // t: -1 for tall stories (9:16 and taller), 0 square, +1 for wide banners (1.91:1 and wider).
  const t = Math.max(-1, Math.min(1, Math.log(aspect) / Math.log(aspect >= 1 ? 1.91 : 1.78)))
  // The ad layout (steps/compose/ad-layout.ts) decides where the product stands for this ratio:
  // low in banners (the product uses most of the height), higher in stories (room for the
  // platform's reply bar under it); the scene's ground line is that floor line.
  const groundFrac = floorShare(width, height)
  const horizonFrac = t >= 0 ? lerp(0.6, 0.66, t) : lerp(0.6, 0.6, -t)
  let horizonY = (horizonFrac + horizonShift) * height
  let groundY = groundFrac * height
  // The product's base must sit on the floor, clearly in front of the edge.
  const minGap = Math.max(2, 0.07 * height, 0.1 * S)
  if (kind !== 'gradient' && groundY - horizonY < minGap) horizonY = groundY - minGap
  groundY = Math.min(groundY, height - Math.max(1, 0.05 * height))
  if (kind === 'gradient') horizonY = height
  const productH = Math.min(groundY * 0.8, S * 0.62)
  return {
    width,
    height,
    S,
    kind,
    horizonY,
    groundY,
    vanishY: Math.min(horizonY, height) - 0.32 * S,
    cx: width / 2,
    sweepBand: 0.11 * S,
    calmX: width / 2,
    calmY: groundY - productH * 0.45,
    calmRx: Math.min(width, S * 1.1) * 0.3,
    calmRy: productH * 0.62,
  }
}

/**
 * 0 on the wall, 1 on the floor. A tabletop edge is nearly crisp (slightly soft: it is behind the
 * focal plane); a sweep fades over a wide curve so no line is ever visible.
 */
export function floorMix(g: Geometry, y: number): number {
  if (g.kind === 'gradient') return 0
  if (g.kind === 'sweep') {
    const u = (y - (g.horizonY - g.sweepBand)) / (2 * g.sweepBand)
    if (u <= 0) return 0
    if (u >= 1) return 1
    return u * u * (3 - 2 * u)
  }
  const edge = Math.max(0.6, 0.0022 * g.S)
  const u = (y - g.horizonY) / edge + 0.5
  return u <= 0 ? 0 : u >= 1 ? 1 : u
}

/** Depth (floor units, larger = further) of a floor row; finite at the horizon because vanishY is above it. */
export function floorDepth(g: Geometry, y: number): number {
  return g.S / Math.max(1e-3, y - g.vanishY)
}

/**
 * How sharp the floor is at this row (1 = on the focal plane at the product's base). Product shots
 * use shallow depth of field, so the far floor and the wall go soft; that also hides aliasing of
 * fine textures where perspective compresses them.
 */
export function focusAt(g: Geometry, y: number): number {
  if (y <= g.horizonY) return 0.2
  const d = floorDepth(g, y)
  const d0 = floorDepth(g, g.groundY)
  const dh = floorDepth(g, g.horizonY)
  const behind = Math.max(0, (d - d0) / Math.max(1e-3, dh - d0))
  const front = Math.max(0, (d0 - d) / d0)
  return Math.max(0.2, 1 - 0.75 * behind - 0.8 * front)
}
