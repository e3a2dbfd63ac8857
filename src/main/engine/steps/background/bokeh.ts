/**
 * The light overlay: coloured glows (neon tubes, a low sun, a warm rim) and bokeh, the soft discs
 * that out-of-focus point lights make. Drawn on the grid as a premultiplied RGBA layer that the
 * final pass composites over the lit backdrop. Discs avoid the calm zone behind the product, and a
 * glossy floor mirrors the layer.
 */
import type { Grid } from './grid'
import { cellToPixel } from './grid'
import type { Geometry } from './layout'
import type { Look } from './look-types'
import type { Rng } from './prng'

/** Premultiplied colour (0..255) and coverage on the grid. */
export interface Overlay {
  r: Float32Array
  g: Float32Array
  b: Float32Array
  a: Float32Array
}

/**
 * Folds the overlay's coverage into the light field (M *= 1 - a), so the final pass composites
 * with one multiply-add per channel and never interpolates the alpha plane.
 */
export function foldCoverage(o: Overlay, M: Float32Array): void {
  for (let k = 0; k < M.length; k++) M[k] *= 1 - o.a[k]
}

function over(o: Overlay, k: number, cr: number, cg: number, cb: number, alpha: number): void {
  const t = 1 - alpha
  o.r[k] = cr * alpha + o.r[k] * t
  o.g[k] = cg * alpha + o.g[k] * t
  o.b[k] = cb * alpha + o.b[k] * t
  o.a[k] = alpha + o.a[k] * t
}

export function drawOverlay(grid: Grid, g: Geometry, look: Look, rng: Rng): Overlay | null {
  if (!look.glows?.length && !look.bokeh) return null
  const n = grid.mw * grid.mh
  const o: Overlay = { r: new Float32Array(n), g: new Float32Array(n), b: new Float32Array(n), a: new Float32Array(n) }
  for (const glow of look.glows ?? []) drawGlow(o, grid, g, look, glow.x, glow.y, glow.radius, glow.color, glow.alpha)
  if (look.bokeh) drawBokeh(o, grid, g, look, rng)
  if (look.glossy && look.reflectivity > 0 && g.kind !== 'gradient') reflect(o, grid, g, look.reflectivity)
  return o
}

function drawGlow(o: Overlay, grid: Grid, g: Geometry, look: Look, gx: number, gy: number, radius: number, color: number[], alpha: number): void {
  const x0 = (look.lightFromLeft ? gx : 1 - gx) * g.width
  const y0 = gy * g.height
  const r2 = (radius * g.S) ** 2
  // A round Gaussian is separable: one exp per column and one per row.
  const col = new Float32Array(grid.mw)
  for (let i = 0; i < grid.mw; i++) {
    const dx = cellToPixel(grid, i) - x0
    col[i] = Math.exp(-(dx * dx) / r2)
  }
  for (let j = 0; j < grid.mh; j++) {
    const dy = cellToPixel(grid, j) - y0
    const ey = alpha * Math.exp(-(dy * dy) / r2)
    if (ey < 0.002) continue
    const row = j * grid.mw
    for (let i = 0; i < grid.mw; i++) {
      const a = ey * col[i]
      if (a > 0.002) over(o, row + i, color[0], color[1], color[2], a)
    }
  }
}

function drawBokeh(o: Overlay, grid: Grid, g: Geometry, look: Look, rng: Rng): void {
  const spec = look.bokeh!
  const S = g.S
  // More discs on wide or tall canvases, same density per area.
  const count = Math.round(spec.count * Math.sqrt((g.width * g.height) / (S * S)))
  const yMax = spec.area === 'top' ? g.height * 0.55 : spec.area === 'wall' ? Math.min(g.horizonY, g.height) - 0.04 * S : g.groundY + 0.04 * S
  const f = grid.f
  for (let k = 0; k < count; k++) {
    let x = 0
    let y = 0
    // Rejection sampling keeps discs out of the calm zone behind the product.
    for (let tries = 0; tries < 8; tries++) {
      x = rng.range(-0.03, 1.03) * g.width
      y = rng.range(-0.03 * g.height, Math.max(0.1 * g.height, yMax))
      const dx = (x - g.calmX) / (g.calmRx * 1.15)
      const dy = (y - g.calmY) / (g.calmRy * 1.1)
      if (rng.next() > 0.95 * Math.exp(-(dx * dx + dy * dy))) break
    }
    const u = rng.next()
    const rNorm = u * u
    const r = (spec.minR + (spec.maxR - spec.minR) * rNorm) * S
    // Larger discs are further out of focus: fainter and softer.
    const alpha = spec.opacity * rng.range(0.45, 1) * (1 - 0.45 * rNorm)
    const color = rng.pick(spec.colors)
    const edge = Math.max(0.6 * f, r * (0.06 + 0.1 * rNorm))
    const cxg = x / f
    const cyg = y / f
    const rg = r / f
    const eg = edge / f
    const i0 = Math.max(0, Math.floor(cxg - rg - eg - 1))
    const i1 = Math.min(grid.mw - 1, Math.ceil(cxg + rg + eg + 1))
    const j0 = Math.max(0, Math.floor(cyg - rg - eg - 1))
    const j1 = Math.min(grid.mh - 1, Math.ceil(cyg + rg + eg + 1))
    for (let j = j0; j <= j1; j++) {
      const dy = cellToPixel(grid, j) / f - cyg
      for (let i = i0; i <= i1; i++) {
        const dx = cellToPixel(grid, i) / f - cxg
        const d = Math.sqrt(dx * dx + dy * dy)
        let cover = (rg - d) / eg + 0.5
        if (cover <= 0) continue
        if (cover > 1) cover = 1
        // Real bokeh has a slightly brighter rim (spherical aberration) and a flat core.
        const t = d / rg
        const rim = 0.82 + 0.18 * (t > 0.6 ? Math.min(1, (t - 0.6) / 0.35) : 0)
        over(o, j * grid.mw + i, color[0], color[1], color[2], alpha * cover * rim)
      }
    }
  }
}

/** A glossy floor mirrors the glows and discs, blurred and fading with distance from the edge. */
function reflect(o: Overlay, grid: Grid, g: Geometry, reflectivity: number): void {
  const { mw, mh } = grid
  const f = grid.f
  for (let j = 0; j < mh; j++) {
    const y = cellToPixel(grid, j)
    const below = y - g.horizonY
    if (below <= 0) continue
    const fade = reflectivity * 0.7 * Math.exp(-below / (0.3 * g.S))
    if (fade < 0.01) continue
    const jm = Math.round((g.horizonY - below * 1.1) / f - 0.5)
    if (jm < 1 || jm >= mh - 1) continue
    for (let i = 0; i < mw; i++) {
      let sr = 0
      let sg = 0
      let sb = 0
      let sa = 0
      for (let t = -1; t <= 1; t++) {
        const k = (jm + t) * mw + i
        sr += o.r[k]
        sg += o.g[k]
        sb += o.b[k]
        sa += o.a[k]
      }
      const k = j * mw + i
      const w = fade / 3
      const keep = 1 - o.a[k]
      o.r[k] += sr * w * keep
      o.g[k] += sg * w * keep
      o.b[k] += sb * w * keep
      o.a[k] += sa * w * keep
    }
  }
}
