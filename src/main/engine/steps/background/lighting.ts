/**
 * The light field: a multiplicative brightness map on the grid. A real set is lit by a key light
 * from one side plus a background light that throws a soft pool on the wall behind the product;
 * the lens adds vignetting. Leaves between the sun and the set (nature) add dappled shadows.
 */
import type { Grid } from './grid'
import { cellToPixel } from './grid'
import type { Geometry } from './layout'
import { floorMix } from './layout'
import type { Look } from './look-types'
import type { GradientNoise } from './noise'

function smooth(e0: number, e1: number, v: number): number {
  const t = v <= e0 ? 0 : v >= e1 ? 1 : (v - e0) / (e1 - e0)
  return t * t * (3 - 2 * t)
}

export function lightField(grid: Grid, g: Geometry, look: Look, noise: GradientNoise): Float32Array {
  const { mw, mh } = grid
  const out = new Float32Array(mw * mh)
  const S = g.S
  const az = (look.azimuth * Math.PI) / 180
  const dirX = Math.cos(az)
  // A low sun rakes across the set: stronger side falloff; an overhead softbox evens it out.
  const elev = look.light.elevation
  const side = look.side * (1 + (40 - Math.min(40, elev)) / 60)
  const hot = look.hotspot
  const wallTop = g.kind === 'gradient' ? g.height : g.horizonY
  const sweep = g.kind === 'sweep'
  const hx = g.cx + dirX * 0.2 * S
  // A sweep is one continuous surface, so it gets one continuous pool of light spanning the
  // curve; separate wall and floor pools would leave a dark band where the paper bends.
  const hy = g.kind === 'gradient' ? g.height * 0.42 : sweep ? g.horizonY - 0.1 * S : g.horizonY - 0.26 * S
  const hrx2 = (0.62 * S) ** 2
  const hry2 = ((sweep ? 0.6 : 0.5) * S) ** 2
  const fx = g.cx + dirX * 0.12 * S
  const frx2 = ((sweep ? 0.95 : 0.75) * S) ** 2
  const fry2 = ((sweep ? 0.3 : 0.3) * S) ** 2
  const vig = look.vignette
  const halfW = g.width / 2
  const halfH = g.height / 2
  const dapple = look.dapple
  const calmRx2 = g.calmRx * g.calmRx
  const calmRy2 = g.calmRy * g.calmRy
  const gloss = look.glossy ? look.reflectivity : 0
  // Every horizontal factor is separable from the vertical one: precomputing them per column
  // takes all exp() calls out of the per-cell loop.
  const colSide = new Float32Array(mw)
  const colWall = new Float32Array(mw)
  const colFloor = new Float32Array(mw)
  const colNx2 = new Float32Array(mw)
  const colCalm = new Float32Array(mw)
  const colX = new Float32Array(mw)
  for (let i = 0; i < mw; i++) {
    const x = cellToPixel(grid, i)
    const nx = (x - g.cx) / halfW
    const dxw = x - hx
    const dxf = x - fx
    const dxc = x - g.calmX
    colX[i] = x
    colSide[i] = 1 + side * nx * dirX
    colWall[i] = Math.exp(-(dxw * dxw) / hrx2)
    colFloor[i] = Math.exp(-(dxf * dxf) / frx2)
    colNx2[i] = nx * nx
    colCalm[i] = Math.exp(-(dxc * dxc) / calmRx2)
  }
  const dap = new Float32Array(mw)
  const floorPoolK = sweep ? 0.25 : gloss > 0 ? 0.75 * (1 - gloss) : 0.75
  for (let j = 0; j < mh; j++) {
    const y = cellToPixel(grid, j)
    const m = floorMix(g, y)
    // The top of a wall is further from the lights than its foot.
    const topT = Math.max(0, 1 - y / wallTop)
    const wallV = 1 - (sweep ? 0.2 : 0.14) * topT * topT
    // A tabletop is brightest at the back, where it catches the light at a grazing angle, and
    // falls off toward the camera.
    const floorT = y > g.horizonY ? Math.min(1, (y - g.horizonY) / Math.max(1, g.height - g.horizonY)) : 0
    // A sweep's floor faces the overhead light and reads brighter than its wall.
    const floorV = sweep ? 1.03 - 0.12 * floorT * floorT : 1 - 0.16 * floorT * floorT
    const vert = wallV + (floorV - wallV) * m
    const dyw = y - hy
    const dyf = y - g.groundY
    const wallPoolY = Math.exp(-(dyw * dyw) / hry2) * (sweep ? 1 : 1 - m)
    const floorPoolY = Math.exp(-(dyf * dyf) / fry2) * floorPoolK * (sweep ? 1 : m)
    // A glossy top mirrors the wall's pool of light just below the edge (fading with distance, as
    // the Fresnel reflectance of a dielectric does toward normal incidence).
    const below = y - g.horizonY
    const mirrorDy = g.horizonY - below * 1.1 - hy
    const sheenY = gloss > 0 && below > 0
      ? gloss * 0.9 * m * Math.exp(-(mirrorDy * mirrorDy) / hry2) * Math.exp(-below / (0.3 * S))
      : 0
    const ny = (y - halfH) / halfH
    const ny2 = ny * ny
    const dz = g.top ? g.topDepth : Math.max(1e-3, y - g.vanishY)
    const cdy = y - g.calmY
    const calmY = 0.5 * Math.exp(-(cdy * cdy) / calmRy2)
    const o = j * mw
    for (let i = 0; i < mw; i++) {
      let v = vert * colSide[i] * (1 + hot * (colWall[i] * wallPoolY + colFloor[i] * floorPoolY))
      if (sheenY > 0) v *= 1 + hot * sheenY * colWall[i]
      const r2 = (colNx2[i] + ny2) * 0.5
      v *= 1 - vig * smooth(0.22, 1.15, r2)
      out[o + i] = v
    }
    if (dapple > 0) {
      // Leaf shadows are soft: every other column is evaluated, the rest interpolated.
      const d = dapple * (0.3 + 0.7 * m)
      for (let i = 0; i < mw; i += 2) {
        const x = colX[i]
        // Leaf shadows lie flat on the floor (perspective) and upright on the wall.
        const px = m > 0.5 ? ((x - g.cx) / dz) * 4.5 : (x / S) * 5
        const py = m > 0.5 ? (g.top ? (y + S) / dz : S / dz) * 5 : (y / S) * 5
        // The set sits in leaf shade; sun flecks break through the canopy as soft bright patches.
        // Flecks belong on the floor; on the blurred wall behind they would read as blotches.
        // Wide, soft transitions: hard-edged bright blotches read as stains on the floor.
        const fleck = smooth(-0.1, 0.6, noise.fbm(px * 0.6 + 11.3, py * 0.6 - 4.1, 3))
        dap[i] = 1 - d + d * 1.6 * fleck * (1 - colCalm[i] * calmY)
      }
      for (let i = 1; i < mw; i += 2) dap[i] = i + 1 < mw ? 0.5 * (dap[i - 1] + dap[i + 1]) : dap[i - 1]
      for (let i = 0; i < mw; i++) out[o + i] *= dap[i]
    }
  }
  // Exposed like a photographer would: palette colours are the colours right behind the product;
  // brighter spots (the pool, a sweep's floor) may exceed them and roll off in the tone curve.
  const ci = Math.min(mw - 1, Math.max(0, Math.round((g.calmX + 0.5) / grid.f - 0.5)))
  const cj = Math.min(mh - 1, Math.max(0, Math.round((g.calmY + 0.5) / grid.f - 0.5)))
  const ref = out[cj * mw + ci]
  const norm = ref > 0 ? 1 / ref : 1
  for (let k = 0; k < out.length; k++) out[k] *= norm
  return out
}
