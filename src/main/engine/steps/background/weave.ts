/**
 * Linen weave at full resolution. Threads are a few pixels wide, far below the grid's resolution,
 * but a plain weave is separable (warp threads vary with x, weft threads with y), so two 1D tables
 * and one multiply per pixel draw it exactly.
 */
import type { Geometry } from './layout'
import { focusAt } from './layout'
import { hash01 } from './prng'

export interface Weave {
  /** Warp thread profile per column, roughly -1..1. */
  col: Float32Array
  /** Weft thread profile per row. */
  row: Float32Array
  /** Weave contrast per row (depth of field softens the back of the sweep). */
  gain: Float32Array
}

/** Smooth 1D value noise from hashed integers, for thread wobble. */
function wobble(t: number, seed: number): number {
  const i = Math.floor(t)
  const f = t - i
  const u = f * f * (3 - 2 * f)
  return hash01(i, 0, seed) * (1 - u) + hash01(i + 1, 0, seed) * u - 0.5
}

function threads(n: number, period: number, seed: number): Float32Array {
  const out = new Float32Array(n)
  for (let p = 0; p < n; p++) {
    const phase = p / period + 0.9 * wobble(p / (period * 6), seed)
    const thread = Math.floor(phase)
    // Every thread has its own brightness; the long slubs that make linen look like linen are
    // short dashes, so they live in the 2D slub field (textures), not in these 1D tables.
    const thick = 0.75 + 0.5 * hash01(thread, 1, seed)
    const c = Math.cos(phase * Math.PI * 2)
    out[p] = (c > 0 ? Math.sqrt(c) : -Math.sqrt(-c)) * thick
  }
  return out
}

export function makeWeave(g: Geometry, seed: number, strength: number): Weave {
  const period = Math.max(3, 0.0055 * g.S)
  // Under ~300 px the threads are barely wider than a pixel: fade them rather than alias.
  const amp = 0.035 * strength * Math.min(1, g.S / 300)
  const gain = new Float32Array(g.height)
  for (let y = 0; y < g.height; y++) {
    const f = y <= g.horizonY ? 0.35 + 0.45 * (y / Math.max(1, g.horizonY)) ** 2 : focusAt(g, y)
    gain[y] = amp * f
  }
  return { col: threads(g.width, period, seed), row: threads(g.height, period * 0.92, seed ^ 0x5bd1), gain }
}
