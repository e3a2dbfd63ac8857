/**
 * Per-row colours of the set. Everything that changes only with height is resolved here at full
 * resolution: the wall gradient, the floor gradient, the crisp tabletop edge with its contact
 * shadow, the sea band of the beach, and the wall mirrored in a glossy floor.
 */
import type { Rgb } from './scene-types'
import type { Geometry } from './layout'
import { floorMix } from './layout'
import type { Look } from './look-types'
import { mix } from './palette'

export interface Rows {
  r: Float32Array
  g: Float32Array
  b: Float32Array
  /** Accent colour per row (wall accent above, floor accent below). */
  ar: Float32Array
  ag: Float32Array
  ab: Float32Array
  /** Floor mix per row, 0 = wall, 1 = floor. */
  m: Float32Array
}

function smooth01(t: number): number {
  const u = t <= 0 ? 0 : t >= 1 ? 1 : t
  return u * u * (3 - 2 * u)
}

function wallColor(g: Geometry, look: Look, y: number): Rgb {
  const top = g.kind === 'gradient' ? g.height : g.horizonY
  const t = Math.max(0, Math.min(1, y / Math.max(1, top)))
  // Ease so most of the change happens high up, as with a light falling off a tall backdrop.
  let c = mix(look.wall[0], look.wall[1], 1 - (1 - t) * (1 - t))
  if (look.sea && g.kind === 'wallFloor') c = seaBand(g, look, y, c)
  return c
}

/** Sky, then a band of sea from the horizon line down to the shore, with a thin line of foam. */
function seaBand(g: Geometry, look: Look, y: number, sky: Rgb): Rgb {
  const sea = look.sea!
  const top = g.horizonY - sea.height * g.height
  const soft = Math.max(0.7, 0.0025 * g.S)
  const inSea = smooth01((y - top) / soft + 0.5)
  if (inSea <= 0) return sky
  const t = Math.max(0, Math.min(1, (y - top) / Math.max(1, g.horizonY - top)))
  const deep = mix(sea.color, [10, 40, 70], 0.25)
  const shallow = mix(sea.color, [120, 215, 215], 0.55)
  let c = mix(deep, shallow, t * t)
  const foamD = (g.horizonY - y) / Math.max(0.8, 0.006 * g.S)
  c = mix(c, [250, 252, 250], 0.7 * Math.exp(-foamD * foamD))
  return mix(sky, c, inSea)
}

function floorColor(g: Geometry, look: Look, y: number): Rgb {
  const t = Math.max(0, Math.min(1, (y - g.horizonY) / Math.max(1, g.height - g.horizonY)))
  return mix(look.floor[0], look.floor[1], t)
}

export function buildRows(g: Geometry, look: Look): Rows {
  const h = g.height
  const rows: Rows = {
    r: new Float32Array(h),
    g: new Float32Array(h),
    b: new Float32Array(h),
    ar: new Float32Array(h),
    ag: new Float32Array(h),
    ab: new Float32Array(h),
    m: new Float32Array(h),
  }
  const S = g.S
  const gloss = look.glossy ? look.reflectivity : 0
  for (let y = 0; y < h; y++) {
    const m = floorMix(g, y)
    const wall = wallColor(g, look, y)
    let floor = floorColor(g, look, y)
    const below = y - g.horizonY
    if (gloss > 0 && below > 0) {
      // A glossy top mirrors the wall, strongest right at the edge (Fresnel) and fading forward.
      const mirrorY = g.horizonY - below * 1.1
      const k = gloss * 0.75 * Math.exp(-below / (0.35 * S))
      floor = mix(floor, wallColor(g, look, Math.max(0, mirrorY)), k)
    }
    let ao = 1
    // A glossy top mirrors the wall instead of shadowing the corner.
    if (g.kind === 'wallFloor' && gloss < 0.4) {
      // Contact shadow where the tabletop meets the wall: light cannot reach into the corner.
      if (below > 0) ao -= 0.12 * Math.exp(-below / (0.012 * S))
      else ao -= 0.07 * Math.exp(below / (0.025 * S))
    }
    const c = mix(wall, floor, m)
    rows.r[y] = c[0] * ao
    rows.g[y] = c[1] * ao
    rows.b[y] = c[2] * ao
    const a = mix(look.wallAccent, look.floorAccent, m)
    rows.ar[y] = a[0] * ao
    rows.ag[y] = a[1] * ao
    rows.ab[y] = a[2] * ao
    rows.m[y] = m
  }
  return rows
}
