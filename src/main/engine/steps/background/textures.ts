/**
 * Surface textures on the grid. Each texture contributes, per grid cell:
 *  - tone: a relative brightness change (multiplied into the light field),
 *  - accent: how far the colour moves toward the look's accent colour (grout, chips, leaves),
 *  - phase + gain: for line textures, a smooth phase the final pass turns into sharp lines (lut.ts).
 * Wall and floor textures are blended by the floor mix so the sweep's curve and the tabletop edge
 * show no seams.
 */
import type { Grid } from './grid'
import { cellToPixel } from './grid'
import type { Geometry } from './layout'
import { floorMix, focusAt } from './layout'
import type { Look, SurfaceTexture } from './look-types'
import type { GradientNoise } from './noise'
import { floorRow, PLANK_DEPTH, type FloorRowArgs } from './textures-floor'
import { wallRow, type WallRowArgs } from './textures-wall'
import { makeLut, marbleProfile, rippleProfile, woodProfile, type PhaseLut } from './lut'

export interface TextureFields {
  /** Light field; textures multiply their tone into it. */
  M: Float32Array
  A: Float32Array | null
  P: Float32Array | null
  G: Float32Array | null
  lut: PhaseLut | null
  /** Per output row multiplier (plank seams), or null. */
  rowMult: Float32Array | null
}

const ACCENT_TEXTURES = new Set<SurfaceTexture>(['tiles', 'foliage', 'terrazzo', 'speckle', 'snow', 'horizon'])
const PHASE_PROFILES: Partial<Record<SurfaceTexture, (t: number) => number>> = {
  marble: marbleProfile,
  wood: woodProfile,
  sand: rippleProfile,
}

const lutCache = new Map<SurfaceTexture, PhaseLut>()

function lutFor(tex: SurfaceTexture): PhaseLut | null {
  const profile = PHASE_PROFILES[tex]
  if (!profile) return null
  let lut = lutCache.get(tex)
  if (!lut) {
    lut = makeLut(profile)
    lutCache.set(tex, lut)
  }
  return lut
}

export function applyTextures(grid: Grid, g: Geometry, look: Look, noise: GradientNoise, seed: number, M: Float32Array): TextureFields {
  const { mw, mh } = grid
  const hasFloor = g.kind !== 'gradient'
  const floorTex: SurfaceTexture = hasFloor ? look.floorTexture : 'none'
  const wallTex = look.wallTexture
  const lut = lutFor(floorTex)
  const needA = ACCENT_TEXTURES.has(wallTex) || ACCENT_TEXTURES.has(floorTex)
  const fields: TextureFields = {
    M,
    A: needA ? new Float32Array(mw * mh) : null,
    P: lut ? new Float32Array(mw * mh) : null,
    G: lut ? new Float32Array(mw * mh) : null,
    lut,
    rowMult: floorTex === 'wood' ? new Float32Array(g.height).fill(1) : null,
  }
  const tone = new Float32Array(mw)
  const acc = new Float32Array(mw)
  const xs = new Float32Array(mw)
  const calmCol = new Float32Array(mw)
  for (let i = 0; i < mw; i++) {
    xs[i] = cellToPixel(grid, i)
    const dx = (xs[i] - g.calmX) / g.calmRx
    calmCol[i] = Math.exp(-dx * dx)
  }
  const wallArgs: WallRowArgs = { g, look, noise, seed, xs, tone, acc, y: 0, weight: 0, strength: look.wallStrength, tex: wallTex, calmCol, calmRow: 0 }
  const floorArgs: FloorRowArgs = {
    g, look, noise, seed, xs, tone, acc, y: 0, weight: 0,
    // Seen from above the whole surface is sharp and fills the frame: a lighter hand keeps it a backdrop.
    strength: look.floorStrength * (g.top ? 0.6 : 1), tex: floorTex, calmCol, calmRow: 0,
    focus: 1, P: fields.P, G: fields.G, rowOffset: 0, f: grid.f,
  }
  // A sweep is one sheet hanging in view: one screen-space texture across the curve, no seam.
  const oneSheet = g.kind === 'sweep' && floorTex === wallTex
  for (let j = 0; j < mh; j++) {
    const y = cellToPixel(grid, j)
    const m = hasFloor && !oneSheet ? floorMix(g, y) : 0
    const cdy = (y - g.calmY) / g.calmRy
    const calmRow = Math.exp(-cdy * cdy)
    tone.fill(0)
    acc.fill(0)
    if (m < 1 && wallTex !== 'none') {
      wallArgs.y = y
      wallArgs.weight = 1 - m
      wallArgs.calmRow = calmRow
      wallRow(wallArgs)
    }
    if (m > 0 && floorTex !== 'none') {
      floorArgs.y = y
      floorArgs.weight = m
      floorArgs.calmRow = calmRow
      floorArgs.focus = focusAt(g, y)
      floorArgs.rowOffset = j * mw
      floorRow(floorArgs)
    }
    const o = j * mw
    for (let i = 0; i < mw; i++) M[o + i] *= 1 + tone[i]
    if (fields.A) fields.A.set(acc, o)
  }
  if (fields.rowMult) plankSeams(g, look, seed, fields.rowMult)
  return fields
}

/**
 * Seams between planks run across the whole image at constant depth, i.e. along output rows, so
 * they are drawn per row at full resolution and stay crisp however coarse the grid is.
 */
function plankSeams(g: Geometry, look: Look, seed: number, rowMult: Float32Array): void {
  const start = Math.max(0, Math.ceil(g.horizonY))
  const off = ((seed % 997) / 997) * PLANK_DEPTH
  for (let y = start; y < g.height; y++) {
    const dz = g.top ? g.topDepth : y - g.vanishY
    const fz = (g.top ? (y + g.S) / dz : g.S / dz) + off
    const v = fz / PLANK_DEPTH
    const frac = v - Math.floor(v)
    // Distance to the nearest seam in output pixels: depth distance times d(y)/d(depth).
    const pxPerDepth = g.top ? dz : (dz * dz) / g.S
    const dSeam = Math.min(frac, 1 - frac) * PLANK_DEPTH * pxPerDepth
    const focus = focusAt(g, y)
    const w = Math.max(0.55, 0.0012 * g.S) * (1 + 2.5 * (1 - focus))
    const dark = Math.exp(-(dSeam * dSeam) / (w * w))
    // The near lip of each board catches the light (bevel), just below the dark gap.
    const lipD = frac * PLANK_DEPTH * pxPerDepth - 2 * w
    const lip = frac < 0.5 ? Math.exp(-(lipD * lipD) / (w * w * 2)) : 0
    rowMult[y] = 1 - 0.5 * look.floorStrength * dark + 0.06 * lip
  }
}
