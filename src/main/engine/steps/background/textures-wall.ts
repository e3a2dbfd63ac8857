/**
 * Wall textures. The wall is behind the focal plane, so only low frequencies survive: these are
 * deliberately soft (painted canvas, limewash, out-of-focus tiles and foliage), which is also what
 * keeps the area behind the product calm.
 */
import type { Geometry } from './layout'
import type { Look, SurfaceTexture } from './look-types'
import type { GradientNoise } from './noise'
import { hash01 } from './prng'

export interface WallRowArgs {
  g: Geometry
  look: Look
  noise: GradientNoise
  seed: number
  xs: Float32Array
  tone: Float32Array
  acc: Float32Array
  y: number
  weight: number
  strength: number
  tex: SurfaceTexture
  calmCol: Float32Array
  calmRow: number
}

function smooth(e0: number, e1: number, v: number): number {
  const t = v <= e0 ? 0 : v >= e1 ? 1 : (v - e0) / (e1 - e0)
  return t * t * (3 - 2 * t)
}

export function wallRow(a: WallRowArgs): void {
  const { g, noise, xs, tone, acc, tex } = a
  const S = g.S
  const w = a.weight * a.strength
  const Y = a.y / S
  const n = xs.length
  // Wall textures are out of focus: every other column is plenty, the rest is interpolated
  // (tiles and linen carry thin lines and keep every column).
  const step = tex === 'tiles' || tex === 'linen' ? 1 : 2
  switch (tex) {
    case 'paper':
    case 'satin':
      for (let i = 0; i < n; i += step) {
        const X = xs[i] / S
        tone[i] += w * (0.02 * noise.fbm(X * 2.2, Y * 2.2, 3) + 0.007 * noise.fbm(X * 9 + 3.3, Y * 9, 2))
      }
      break
    case 'plaster':
      // Limewash: broad cloudy mottling plus faint horizontal brush drag.
      for (let i = 0; i < n; i += step) {
        const X = xs[i] / S
        tone[i] += w * (0.042 * noise.fbm(X * 1.5, Y * 1.5, 4) + 0.014 * noise.fbm(X * 4 + 7.7, Y * 9, 2))
      }
      break
    case 'linen': {
      // The lower part of the sheet is nearer the focal plane, so its slubs read sharper.
      const depthSharp = Math.min(1.3, 0.3 + 0.7 * (a.y / Math.max(1, g.horizonY)))
      for (let i = 0; i < n; i += step) {
        const X = xs[i] / S
        // Soft drape folds plus slubs: thick stretches of yarn running along warp and weft.
        const fold = noise.fbm(X * 0.9 + Y * 0.5, Y * 1.4 - X * 0.3, 3)
        const weft = noise.noise(X * 5, Y * 150)
        const warp = noise.noise(X * 150 + 9.2, Y * 5)
        const slub = (weft > 0.3 ? weft - 0.3 : 0) + (warp > 0.35 ? warp - 0.35 : 0) - (weft < -0.4 ? 0.5 * (-weft - 0.4) : 0)
        tone[i] += w * (0.05 * fold + 0.09 * slub * depthSharp)
      }
      break
    }
    case 'concrete':
      for (let i = 0; i < n; i += step) {
        const X = xs[i] / S
        // No pits here: they are the floor's; on an out-of-focus wall they read as dirt.
        const stain = Math.min(0, noise.fbm(X * 0.8 + 9.1, Y * 0.5, 2)) * 0.05
        tone[i] += w * (0.06 * noise.fbm(X * 2, Y * 2, 4) + 0.02 * noise.fbm(X * 8, Y * 8, 2) + stain)
      }
      break
    case 'sky': {
      // Clouds thin out toward the horizon, where haze takes over.
      const top = a.g.horizonY > 0 ? Math.max(0, 1 - a.y / a.g.horizonY) : 0
      const fade = smooth(0.05, 0.6, top)
      for (let i = 0; i < n; i += step) {
        const X = xs[i] / S
        const c = smooth(0.02, 0.55, noise.fbm(X * 1.2 + 4.2, Y * 3.4, 5))
        tone[i] += w * fade * 0.11 * c
      }
      break
    }
    case 'foliage': {
      // Out-of-focus greenery: broad masses of shade, mid-size blobs of lit leaves, and warm light
      // breaking through near the top.
      const top = a.g.horizonY > 0 ? Math.max(0, 1 - a.y / a.g.horizonY) : 0
      for (let i = 0; i < n; i += step) {
        const X = xs[i] / S
        const calm = 1 - 0.55 * a.calmCol[i] * a.calmRow
        const mass = noise.fbm(X * 1.6, Y * 1.6, 3)
        const leaves = smooth(-0.15, 0.55, noise.fbm(X * 3.6 + 5.2, Y * 3.6 - 1.7, 2))
        tone[i] += w * (0.2 * mass * calm + 0.1 * leaves * calm - 0.1 * top)
        acc[i] += w * (0.5 * leaves + 0.2 * smooth(-0.2, 0.5, mass)) * calm
      }
      break
    }
    case 'drape': {
      // Hanging fabric: soft vertical folds that sway, each with a brighter crest. Toward the floor
      // the cloth lies flatter and its folds fan out to the sides; behind and under the product
      // (the calm zone) they fade, so the folds frame the product instead of running through it.
      const below = a.y > g.horizonY ? Math.min(1, (a.y - g.horizonY) / (0.3 * S)) : 0
      for (let i = 0; i < n; i += step) {
        const X = xs[i] / S
        const dx = (xs[i] - g.cx) / S
        const u = X * 3.1 + 0.45 * noise.fbm(X * 0.7 + 2.1, Y * 0.5, 2) + below * dx * 1.6
        const fold = Math.sin(u * 2 * Math.PI)
        const crest = fold > 0 ? fold * fold * fold : 0
        const amp = (1 - 0.7 * below) * (1 - 0.75 * a.calmCol[i] * a.calmRow)
        tone[i] += w * amp * (0.075 * fold + 0.06 * crest)
      }
      break
    }
    case 'horizon': {
      // A view far out of focus behind a tabletop: sky, a bright haze on the far horizon and a soft
      // dark band of distant land (trees, hills) down to the table's edge.
      const hills = skyline(a, step)
      const soft = 0.045 * S
      for (let i = 0; i < n; i += step) {
        const X = xs[i] / S
        const hill = hills[i]
        const land = smooth(hill - soft, hill + soft, a.y)
        const hz = (a.y - hill) / (0.08 * S)
        const haze = Math.exp(-hz * hz)
        const sky = land < 0.99 ? (1 - land) * 0.05 * noise.fbm(X * 0.9 + 1.3, Y * 1.8, 3) : 0
        const trees = land > 0.01 ? land * 0.08 * noise.fbm(X * 3.2 + 6.1, Y * 3.2, 2) : 0
        tone[i] += w * (0.1 * haze + sky + trees - 0.05 * land)
        acc[i] += w * land * 0.8
      }
      break
    }
    case 'tiles':
      tilesRow(a, w)
      break
    default:
      break
  }
  if (step === 2) {
    for (let i = 1; i < n; i += 2) {
      const r = i + 1 < n ? i + 1 : i - 1
      tone[i] = 0.5 * (tone[i - 1] + tone[r])
      acc[i] = 0.5 * (acc[i - 1] + acc[r])
    }
  }
}

/** The far skyline's y per column depends on x only: computed once per render (keyed on the column array). */
const skylines = new WeakMap<Float32Array, Float32Array>()

function skyline(a: WallRowArgs, step: number): Float32Array {
  let out = skylines.get(a.xs)
  if (!out) {
    const S = a.g.S
    const lineY = a.g.horizonY - 0.17 * S
    out = new Float32Array(a.xs.length)
    for (let i = 0; i < out.length; i += step) out[i] = lineY + 0.045 * S * a.noise.fbm((a.xs[i] / S) * 1.4, 3.7, 3)
    skylines.set(a.xs, out)
  }
  return out
}

/** Subway tiles, out of focus: soft grout lines and a glaze highlight along each tile's top edge. */
function tilesRow(a: WallRowArgs, w: number): void {
  const { g, xs, tone, acc } = a
  if (a.y > g.horizonY) return
  const tw = 0.15 * g.S
  const th = tw / 2
  const up = g.horizonY - a.y
  const row = Math.floor(up / th)
  const ly = up - row * th
  const offset = (row & 1) * tw * 0.5
  const grout = 0.007 * g.S
  const blur = 0.009 * g.S
  const dyEdge = Math.min(ly, th - ly)
  const glaze = 0.03 * Math.exp(-(th - ly) / (0.22 * th)) - 0.02 * Math.exp(-ly / (0.3 * th))
  for (let i = 0; i < xs.length; i++) {
    const u = xs[i] - g.cx + offset + tw * 64
    const col = Math.floor(u / tw)
    const lx = u - col * tw
    const d = Math.min(lx, tw - lx, dyEdge)
    const gAmt = 1 - smooth(grout * 0.5 - blur, grout * 0.5 + blur, d)
    acc[i] += w * 0.6 * gAmt
    tone[i] += w * ((hash01(col, row, a.seed) - 0.5) * 0.03 + glaze)
  }
}
