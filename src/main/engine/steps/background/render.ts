/**
 * The one full-resolution pass. Grid fields are first interpolated vertically into row buffers
 * (cost ~ width/f per row), then horizontally per pixel from precomputed index/weight tables. Film
 * grain is a triangular dither from an integer hash: it hides 8-bit banding in the long, smooth
 * gradients of a backdrop and reads as a photograph's grain.
 */
import type { Grid } from './grid'
import { resampleTable } from './grid'
import type { Rows } from './backdrop'
import type { TextureFields } from './textures'
import type { Overlay } from './bokeh'
import type { Weave } from './weave'
import { LUT_MASK, LUT_MAX_LEVEL, LUT_SIZE, lutLevel } from './lut'
import type { Geometry } from './layout'
import { focusAt } from './layout'

export interface RenderInput {
  grid: Grid
  geometry: Geometry
  rows: Rows
  fields: TextureFields
  overlay: Overlay | null
  weave: Weave | null
  grain: number
  sparkle: number
  seed: number
}

/**
 * Film-like highlight shoulder on 0..512 (quarter-level steps): linear up to the knee, then an
 * exponential roll-off toward 255, so light pools and glows never clip into flat white patches.
 * Values past 512 map to 255.
 */
const TONE_STEPS = 2048
const TONE_KNEE = 222
const TONE = (() => {
  const t = new Float32Array(TONE_STEPS)
  const knee = TONE_KNEE
  const room = 255 - knee
  for (let i = 0; i < TONE_STEPS; i++) {
    const v = i / 4
    t[i] = v <= knee ? v : knee + room * (1 - Math.exp(-(v - knee) / room))
  }
  return t
})()

function lerpRow(src: Float32Array, mw: number, j: number, w: number, dst: Float32Array): void {
  const o0 = j * mw
  const o1 = o0 + mw
  for (let i = 0; i < mw; i++) dst[i] = src[o0 + i] + (src[o1 + i] - src[o0 + i]) * w
}

/** Blur level of the line texture per output row, from how fast the phase changes there. */
function phaseLevels(inp: RenderInput): Float32Array {
  const { grid, geometry: g } = inp
  const P = inp.fields.P!
  const G = inp.fields.G!
  const { mw, mh, f } = grid
  const perCell = new Float32Array(mh)
  for (let j = 0; j < mh - 1; j++) {
    let sum = 0
    let cnt = 0
    for (let i = 0; i < mw - 1; i++) {
      const k = j * mw + i
      if (G[k] <= 0) continue
      sum += Math.abs(P[k + 1] - P[k]) + Math.abs(P[k + mw] - P[k])
      cnt++
    }
    perCell[j] = cnt ? sum / cnt / f : 0
  }
  perCell[mh - 1] = perCell[mh - 2]
  // Rates are noisy from row to row; a small running mean keeps the blur from flickering.
  const smooth = new Float32Array(mh)
  for (let j = 0; j < mh; j++) {
    let s = 0
    let n = 0
    for (let t = Math.max(0, j - 3); t <= Math.min(mh - 1, j + 3); t++) {
      if (perCell[t] > 0) { s += perCell[t]; n++ }
    }
    smooth[j] = n ? s / n : 0
  }
  const out = new Float32Array(g.height)
  for (let y = 0; y < g.height; y++) {
    const j = Math.min(mh - 1, Math.floor(y / f))
    out[y] = lutLevel(smooth[j], (1 - focusAt(g, y)) * 0.12)
  }
  return out
}

export function renderPixels(inp: RenderInput, out: Uint8ClampedArray): void {
  const { grid, rows, fields, overlay, weave } = inp
  const { width, height, mw, f } = grid
  const xs = resampleTable(width, mw, f)
  const ys = resampleTable(height, grid.mh, f)
  const xi = xs.index
  const xw = xs.weight
  const M = fields.M
  const A = fields.A
  const P = fields.P
  const G = fields.G
  const lut = fields.lut
  const levels = P ? phaseLevels(inp) : null
  const rowMult = fields.rowMult
  const mRow = new Float32Array(mw)
  const aRow = new Float32Array(mw)
  const pRow = new Float32Array(mw)
  const gRow = new Float32Array(mw)
  const orR = new Float32Array(mw)
  const orG = new Float32Array(mw)
  const orB = new Float32Array(mw)
  const grain = inp.grain
  const sparkle = inp.sparkle
  const sparkleCut = Math.floor(65536 * 0.0025 * sparkle)
  const seed = inp.seed | 0
  const wcol = weave ? weave.col : null
  for (let y = 0; y < height; y++) {
    const j = ys.index[y]
    const wy = ys.weight[y]
    lerpRow(M, mw, j, wy, mRow)
    if (A) lerpRow(A, mw, j, wy, aRow)
    if (P && G) {
      lerpRow(P, mw, j, wy, pRow)
      lerpRow(G, mw, j, wy, gRow)
    }
    if (overlay) {
      lerpRow(overlay.r, mw, j, wy, orR)
      lerpRow(overlay.g, mw, j, wy, orG)
      lerpRow(overlay.b, mw, j, wy, orB)
    }
    const br = rows.r[y]
    const bg = rows.g[y]
    const bb = rows.b[y]
    const dr = rows.ar[y] - br
    const dg = rows.ag[y] - bg
    const db = rows.ab[y] - bb
    const rm = rowMult ? rowMult[y] : 1
    let table: Float32Array | null = null
    let table2: Float32Array | null = null
    let tmix = 0
    if (lut && levels) {
      const lv = levels[y]
      const l0 = Math.floor(lv)
      table = lut.levels[l0]
      table2 = lut.levels[Math.min(LUT_MAX_LEVEL, l0 + 1)]
      tmix = lv - l0
    }
    const wrow = weave ? weave.row[y] : 0
    const wgain = weave ? weave.gain[y] : 0
    const sparkRow = sparkle > 0 ? rows.m[y] * sparkle * 70 : 0
    const rowHash = Math.imul(y + 0x3c6ef372, 0x85ebca6b) ^ seed
    let k = y * width * 4
    for (let x = 0; x < width; x++, k += 4) {
      const i = xi[x]
      const t = xw[x]
      let mv = (mRow[i] + (mRow[i + 1] - mRow[i]) * t) * rm
      let a = A ? aRow[i] + (aRow[i + 1] - aRow[i]) * t : 0
      if (table) {
        const p = pRow[i] + (pRow[i + 1] - pRow[i]) * t
        const gv = gRow[i] + (gRow[i + 1] - gRow[i]) * t
        const e = ((p * LUT_SIZE) | 0) & LUT_MASK
        const v0 = table[e]
        a += (v0 + (table2![e] - v0) * tmix) * gv
      }
      if (a > 1) a = 1
      if (wcol) {
        const wc = wcol[x]
        mv *= 1 + wgain * (0.5 * wc + 0.5 * wrow + 0.15 * wc * wrow)
      }
      let r = (br + dr * a) * mv
      let gg = (bg + dg * a) * mv
      let b = (bb + db * a) * mv
      if (overlay) {
        // Coverage is already folded into M (foldCoverage): this is "over" compositing.
        r += orR[i] + (orR[i + 1] - orR[i]) * t
        gg += orG[i] + (orG[i + 1] - orG[i]) * t
        b += orB[i] + (orB[i + 1] - orB[i]) * t
      }
      let h = Math.imul(x ^ rowHash, 0x27d4eb2d)
      h ^= h >>> 15
      h = Math.imul(h, 0x2c1b3c6d)
      h ^= h >>> 13
      let n = (((h & 255) + ((h >>> 8) & 255) - 255) / 255) * grain
      if (sparkRow > 0 && ((h >>> 16) & 0xffff) < sparkleCut) n += sparkRow
      // The shoulder acts on the brightest channel and scales all three, so a pastel floor in a
      // pool of light stays pastel instead of bleaching to white.
      const mx = r > gg ? (r > b ? r : b) : gg > b ? gg : b
      if (mx > TONE_KNEE) {
        const im = (mx * 4) | 0
        const s = (im < TONE_STEPS ? TONE[im] : 255) / mx
        r *= s
        gg *= s
        b *= s
      }
      out[k] = r + n
      out[k + 1] = gg + n
      out[k + 2] = b + n
      out[k + 3] = 255
    }
  }
}
