/**
 * Floor textures, evaluated in floor-plane coordinates (u across, z in depth) so that veins, planks
 * and ripples recede in perspective toward the vanishing point. Detail fades with `focus` (depth of
 * field) and near the product (`calm`), where the product's own shadow will sit.
 */
import type { Geometry } from './layout'
import type { Look, SurfaceTexture } from './look-types'
import type { GradientNoise } from './noise'
import { hash2, hash01 } from './prng'

/** Plank height in floor-depth units; textures.ts draws the seams at the same spacing. */
export const PLANK_DEPTH = 0.21

// Sixteen chip orientations, so the chip loop does no trigonometry.
const ROT_COS = new Float32Array(16)
const ROT_SIN = new Float32Array(16)
for (let k = 0; k < 16; k++) {
  ROT_COS[k] = Math.cos((k * Math.PI) / 16)
  ROT_SIN[k] = Math.sin((k * Math.PI) / 16)
}

export interface FloorRowArgs {
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
  focus: number
  P: Float32Array | null
  G: Float32Array | null
  rowOffset: number
  /** Output pixels per grid cell (for anti-aliasing chip edges). */
  f: number
}

export function floorRow(a: FloorRowArgs): void {
  const { g, noise, xs, tone, acc, tex, focus } = a
  const n = xs.length
  // Seen from above there is no perspective: depth runs down the frame at the lateral scale.
  const dz = g.top ? g.topDepth : Math.max(1e-3, a.y - g.vanishY)
  const fz = g.top ? (a.y + g.S) / dz : g.S / dz
  const w = a.weight * a.strength
  const P = a.P
  const G = a.G
  const o = a.rowOffset
  switch (tex) {
    case 'paper':
      for (let i = 0; i < n; i++) {
        const fu = (xs[i] - g.cx) / dz
        tone[i] += w * (0.016 * noise.fbm(fu * 2, fz * 2, 3) + 0.006 * focus * noise.fbm(fu * 9, fz * 9, 2))
      }
      break
    case 'satin':
      for (let i = 0; i < n; i++) {
        const fu = (xs[i] - g.cx) / dz
        tone[i] += w * 0.08 * noise.fbm(fu * 0.9 + 2.1, fz * 2.4, 3)
      }
      break
    case 'linen':
      for (let i = 0; i < n; i++) {
        const fu = (xs[i] - g.cx) / dz
        const weft = noise.noise(fu * 5, fz * 120)
        const warp = noise.noise(fu * 120 + 9.2, fz * 5)
        const slub = (weft > 0.3 ? weft - 0.3 : 0) + (warp > 0.35 ? warp - 0.35 : 0) - (weft < -0.4 ? 0.5 * (-weft - 0.4) : 0)
        tone[i] += w * (0.045 * noise.fbm(fu * 1.2, fz * 1.2, 3) + 0.09 * focus * slub)
      }
      break
    case 'concrete':
      for (let i = 0; i < n; i++) {
        const fu = (xs[i] - g.cx) / dz
        const pit = noise.noise(fu * 34 + 1.7, fz * 34 - 3.1)
        const pits = pit > 0.5 ? (pit - 0.5) * 0.4 * focus : 0
        const stain = Math.min(0, noise.fbm(fu * 0.7 + 9.1, fz * 0.7, 2)) * 0.05
        tone[i] += w * (0.055 * noise.fbm(fu * 2.2, fz * 2.2, 3) + 0.025 * focus * noise.fbm(fu * 10, fz * 10, 2) + stain - pits)
      }
      break
    case 'marble':
      for (let i = 0; i < n; i++) {
        const qx = ((xs[i] - g.cx) / dz) * 1.1
        const qz = fz * 1.1
        const wx = noise.fbm(qx * 0.7 + 3.1, qz * 0.7, 2)
        const wz = noise.fbm(qx * 0.7 + 5.2, qz * 0.7 + 1.3, 2)
        // Classic marble: a diagonal trend bent by turbulence. The |noise| creases give veins the
        // kinks and forks of real stone instead of the smooth loops of a contour map.
        const px = qx + 0.8 * wx
        const pz = qz + 0.8 * wz
        const turb =
          Math.abs(noise.noise(px * 1.3, pz * 1.3)) * 0.55 +
          Math.abs(noise.noise(px * 2.7 + 4.4, pz * 2.7)) * 0.28 +
          Math.abs(noise.noise(px * 5.6, pz * 5.6 + 2.2)) * 0.14 +
          Math.abs(noise.noise(px * 11.5 + 1.1, pz * 11.5)) * 0.07
        P![o + i] = 0.45 * (qx * 0.75 + qz * 0.9) + 0.55 * turb
        const calm = 1 - 0.45 * a.calmCol[i] * a.calmRow
        G![o + i] = w * (0.6 + 0.4 * focus) * calm
        tone[i] += w * (0.035 * noise.fbm(qx * 1.6 + wx, qz * 1.6 + wz, 3) - 0.03 * Math.max(0, noise.noise(px * 0.9 + 8, pz * 0.9)))
      }
      break
    case 'wood':
      woodRow(a, dz, fz, w)
      break
    case 'sand':
      for (let i = 0; i < n; i++) {
        const fu = (xs[i] - g.cx) / dz
        P![o + i] = fz * 7 + 0.9 * noise.fbm(fu * 0.9, fz * 0.9, 3) + 0.12 * fu
        G![o + i] = w * 0.3 * (0.3 + 0.7 * focus) * (1 - 0.5 * a.calmCol[i] * a.calmRow)
        tone[i] += w * (0.045 * noise.fbm(fu * 3, fz * 3, 3) + 0.03 * focus * noise.fbm(fu * 24, fz * 24, 2))
      }
      break
    case 'snow': {
      // Drifts shaded by the key light: the difference of two offset samples is a cheap directional derivative.
      const az = (a.look.azimuth * Math.PI) / 180
      const lx = Math.cos(az) * 0.05
      for (let i = 0; i < n; i++) {
        const fu = (xs[i] - g.cx) / dz
        const h1 = noise.fbm(fu * 1.2, fz * 1.5, 3)
        const h2 = noise.fbm(fu * 1.2 + lx, fz * 1.5 - 0.03, 3)
        const slope = h1 - h2
        tone[i] += w * (0.7 * slope + 0.012 * noise.fbm(fu * 12, fz * 12, 2))
        acc[i] += w * Math.min(0.5, Math.max(0, -slope * 4) + 0.08 * Math.max(0, -h1))
      }
      break
    }
    case 'terrazzo':
      chips(a, dz, fz, w, 7, 0.3, 0)
      chips(a, dz, fz, w * 0.7, 22, 0.22, 1)
      break
    case 'speckle':
      chips(a, dz, fz, w * 0.6, 30, 0.28, 2)
      chips(a, dz, fz, w * 0.4, 70, 0.22, 3)
      break
    default:
      break
  }
}

function woodRow(a: FloorRowArgs, dz: number, fz: number, w: number): void {
  const { g, noise, xs, tone, focus } = a
  const P = a.P!
  const G = a.G!
  const o = a.rowOffset
  const off = ((a.seed % 997) / 997) * PLANK_DEPTH
  const plank = Math.floor((fz + off) / PLANK_DEPTH)
  const across = (fz + off) / PLANK_DEPTH - plank
  const plankTone = (hash01(plank, 7, a.seed) - 0.5) * 0.22
  // Where this board's end joint falls across the image (often off-screen: boards are long).
  const joint = (hash01(plank, 13, a.seed) - 0.5) * 2.6
  const jointW = 0.005
  for (let i = 0; i < xs.length; i++) {
    const fu = (xs[i] - g.cx) / dz
    const u = fu + plank * 5.3
    // Flat-sawn board: rings are cut at a shallow angle, so the grain forms nested arches
    // ("cathedrals") around a pith line that wanders across the board along its length.
    const pith = 0.5 + 1.1 * noise.fbm(u * 0.45, plank * 3.1, 2)
    const dv = across - pith
    const ring = Math.sqrt(dv * dv + 0.0025)
    P[o + i] = ring * 11 + 0.35 * noise.fbm(u * 2.2, fz * 14 + plank, 3) + 0.08 * noise.noise(u * 9, fz * 60)
    const figure = 0.8 + 0.5 * noise.noise(u * 1.7 + 3.3, fz * 9)
    G[o + i] = w * figure * (0.55 + 0.45 * focus) * (1 - 0.35 * a.calmCol[i] * a.calmRow)
    const dj = (fu - joint) / jointW
    const sideOfJoint = fu > joint ? 0.05 : -0.02
    const streak = noise.noise(u * 1.3, fz * 90) * 0.05 * focus
    // An end joint right behind the product would read as a crack under it: joints fade there.
    const jointK = 1 - 0.8 * a.calmCol[i] * a.calmRow
    tone[i] += w * (plankTone + (Math.abs(joint) < 1.4 ? sideOfJoint * jointK : 0) + 0.06 * noise.fbm(u * 1.4, fz * 6, 3) + streak - 0.4 * jointK * Math.exp(-dj * dj))
  }
}

/**
 * Stone chips scattered on a jittered grid in floor coordinates (terrazzo, quartz speckle).
 * `density` = cells per floor unit, `size` = chip radius in cells. The palette alternates the look's
 * accent colour with greys, which only need a tone change.
 */
function chips(a: FloorRowArgs, dz: number, fz: number, w: number, density: number, size: number, layer: number): void {
  const { g, xs, tone, acc, focus } = a
  const seed = a.seed + layer * 7919
  // Edge softness in cell units: one grid cell of footprint, widened by depth of field.
  const edge = Math.max(0.03, (1.2 * density * a.f) / dz) + (1 - focus) * 0.12
  const cz = fz * density
  const zi = Math.floor(cz)
  // A chip covers a point only within (radius + edge/2) / 0.86 of its centre (0.86 bounds the
  // shard metric below from under by the Euclidean distance), so most neighbour cells can be
  // skipped without hashing them.
  const reach = (size + edge * 0.5) / 0.86
  const fzc = cz - zi
  const dj0 = fzc < reach ? -1 : 0
  const dj1 = 1 - fzc < reach ? 1 : 0
  for (let i = 0; i < xs.length; i++) {
    const cu = ((xs[i] - g.cx) / dz) * density
    const ui = Math.floor(cu)
    const fuc = cu - ui
    const di0 = fuc < reach ? -1 : 0
    const di1 = 1 - fuc < reach ? 1 : 0
    let best = 0
    let bestType = 0
    for (let dj = dj0; dj <= dj1; dj++) {
      for (let di = di0; di <= di1; di++) {
        const h = hash2(ui + di, zi + dj, seed)
        if ((h & 3) < (layer === 0 ? 2 : 1)) continue // leave cells empty so chips do not crowd
        const px = ui + di + ((h >>> 8) & 255) / 255
        const pz = zi + dj + ((h >>> 16) & 255) / 255
        const r = size * (0.45 + 0.55 * (((h >>> 24) & 15) / 15))
        const ex = cu - px
        const ez = cz - pz
        // A rotated, squashed blend of L1 and L2 distance gives shard-like, not round, chips.
        const c = ROT_COS[h >>> 28]
        const s = ROT_SIN[h >>> 28]
        const aa = (ex * c + ez * s) * 1.3
        const bb = ex * -s + ez * c
        const d = 0.55 * (Math.abs(aa) + Math.abs(bb)) * 0.75 + 0.45 * Math.sqrt(aa * aa + bb * bb)
        const cover = 1 - (d - r + edge * 0.5) / edge
        if (cover > best) {
          best = cover > 1 ? 1 : cover
          bestType = (h >>> 4) & 7
        }
      }
    }
    if (best <= 0) continue
    const k = w * best * (1 - 0.45 * a.calmCol[i] * a.calmRow)
    if (layer === 0 && bestType < 3) acc[i] += k * 0.9
    else if (bestType < 2) tone[i] -= k * 0.42
    else if (bestType < 4) tone[i] -= k * 0.2
    else if (bestType < 6) tone[i] += k * 0.05
    else tone[i] -= k * (layer >= 2 ? 0.3 : 0.6)
  }
}
