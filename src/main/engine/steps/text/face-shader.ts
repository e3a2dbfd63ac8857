/**
 * The lit front face of the letters, per pixel: material colour (gradient or procedural texture),
 * a bevel from the distance field lit by one light from the top left (diffuse + specular), metal
 * rims that mirror the gradient's sky and floor, gloss bands, grain, and glass opacity.
 */
import { boxBlur3, insideDistance } from './distance-field'
import { hexToRgb } from './color'
import type { Noise } from './noise'
import type { RenderStyle, Stop } from './style-types'

export interface LineBox {
  top: number
  bottom: number
  left: number
  right: number
}

export interface FaceInput {
  width: number
  height: number
  /** Glyph coverage 0..255 (after inflating). */
  coverage: Uint8Array
  lines: LineBox[]
  fontSize: number
  style: RenderStyle
  noise: Noise
}

const LIGHT = (() => {
  const v = [-0.45, -0.7, 0.9]
  const n = Math.hypot(v[0], v[1], v[2])
  return v.map((c) => c / n)
})()
const HALF = (() => {
  const v = [LIGHT[0], LIGHT[1], LIGHT[2] + 1]
  const n = Math.hypot(v[0], v[1], v[2])
  return v.map((c) => c / n)
})()

/** 256-entry RGB table of a gradient. */
export function gradientLut(stops: Stop[]): Float32Array {
  const lut = new Float32Array(256 * 3)
  const s = [...stops].sort((a, b) => a.at - b.at).map((x) => ({ at: x.at, rgb: hexToRgb(x.color) }))
  for (let i = 0; i < 256; i++) {
    const t = i / 255
    let k = 0
    while (k < s.length - 2 && t > s[k + 1].at) k++
    const a = s[k]
    const b = s[Math.min(k + 1, s.length - 1)]
    const f = b.at > a.at ? Math.min(1, Math.max(0, (t - a.at) / (b.at - a.at))) : 0
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = a.rgb[c] + (b.rgb[c] - a.rgb[c]) * f
  }
  return lut
}

const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v)

/** Which line each row belongs to, and where in it (0 top .. 1 bottom). */
function rowMap(lines: LineBox[], height: number): { line: Int16Array; t: Float32Array } {
  const line = new Int16Array(height)
  const t = new Float32Array(height)
  for (let y = 0; y < height; y++) {
    let best = 0
    let bestD = Infinity
    lines.forEach((l, i) => {
      const d = y < l.top ? l.top - y : y > l.bottom ? y - l.bottom : 0
      if (d < bestD) {
        bestD = d
        best = i
      }
    })
    const l = lines[best]
    line[y] = best
    t[y] = clamp01((y - l.top) / Math.max(1, l.bottom - l.top))
  }
  return { line, t }
}

export function shadeFace(inp: FaceInput): Uint8ClampedArray {
  const { width: w, height: h, coverage, style, fontSize: fs, noise } = inp
  const face = style.face
  const bevel = style.bevel
  const out = new Uint8ClampedArray(w * h * 4)
  const lut = gradientLut(face.stops)
  const rows = rowMap(inp.lines, h)

  // Height field: 0 at the edge rising to 1 at `size` inside.
  const r = Math.max(1, (bevel?.size ?? 0.04) * fs)
  const dist = insideDistance(coverage, w, h, r)
  const height = new Float32Array(w * h)
  for (let i = 0; i < height.length; i++) {
    const u = dist[i] / r
    height[i] = !bevel || bevel.profile === 'chisel' ? u : bevel.profile === 'round' ? Math.sqrt(1 - (1 - u) * (1 - u)) : u * u * (3 - 2 * u)
  }
  boxBlur3(height, w, h, r > 6 ? 2 : 1)
  const slope = r * (bevel?.height ?? 1)
  const specFlat = bevel ? Math.pow(HALF[2], bevel.shininess) : 0
  const em = 1 / fs
  const gloss = style.gloss
  const crinkle = face.crinkle ?? 0

  for (let y = 0; y < h; y++) {
    const lb = inp.lines[rows.line[y]]
    const lw = Math.max(1, lb.right - lb.left)
    const ty = rows.t[y]
    for (let x = 0; x < w; x++) {
      const i = y * w + x
      const cov = coverage[i]
      if (cov === 0) continue
      const hh = height[i]
      const gx = x > 0 && x < w - 1 ? (height[i + 1] - height[i - 1]) / 2 : 0
      const gy = y > 0 && y < h - 1 ? (height[i + w] - height[i - w]) / 2 : 0
      let nx = -gx * slope
      let ny = -gy * slope
      if (crinkle > 0) {
        nx += (noise.value(x * em * 7, y * em * 7) - 0.5) * crinkle
        ny += (noise.value(x * em * 7 + 31.7, y * em * 7 + 17.3) - 0.5) * crinkle
      }
      let nz = 1
      const nl = Math.sqrt(nx * nx + ny * ny + 1)
      nx /= nl
      ny /= nl
      nz /= nl
      const xn = (x - lb.left) / lw
      let t = ty + face.tilt * (xn - 0.5) + face.reflect * (ny * 0.65 + nx * 0.15)
      let R: number
      let G: number
      let B: number
      let alphaMul = 1
      const u = x * em
      const v = y * em
      switch (face.material) {
        case 'wood': {
          const warp = noise.fbm(u * 0.9, v * 2.2, 3)
          const ring = (v * 4.2 + warp * 2.6 + u * 0.25) % 1
          const band = Math.pow(1 - Math.abs(2 * ring - 1), 2.2)
          const streak = noise.value(u * 2.5, v * 55) - 0.5
          t = clamp01(0.15 + band * 0.7 + streak * 0.35 + (ty - 0.5) * 0.15)
          break
        }
        case 'marble': {
          const m = noise.fbm(u * 0.9, v * 0.9, 4)
          // Soft grey veins across the letters and rare thin gold ones: 0 white, 0.5 grey, 1 gold.
          const vein = Math.pow(1 - Math.abs(Math.sin((u * 0.7 + v * 0.5 + m * 3.2) * Math.PI)), 7)
          const fine = Math.pow(1 - Math.abs(Math.sin((u * 1.6 - v * 1.1 + m * 5) * Math.PI)), 60)
          t = fine > 0.35 ? 0.5 + 0.5 * fine : 0.42 * vein + Math.max(0, m - 0.55) * 0.5
          break
        }
        case 'stone': {
          const g = noise.fbm(u * 7, v * 7, 4)
          const speck = noise.hash(x >> 1, y >> 1)
          t = clamp01(0.5 + (g - 0.5) * 1.1 + (speck > 0.94 ? 0.25 : speck < 0.05 ? -0.3 : 0) + (ty - 0.5) * 0.3)
          break
        }
        case 'chalk': {
          const a = x * 0.8 + y * 0.6
          const b = -x * 0.6 + y * 0.8
          const streak = noise.value(a * 0.05, b * 0.9)
          const dust = noise.hash(x, y)
          alphaMul = clamp01(0.62 + streak * 0.45 + (dust - 0.5) * 0.5)
          t = clamp01(ty * 0.6 + (dust - 0.5) * 0.4)
          break
        }
        case 'tube':
          t = Math.pow(hh, 1.6)
          break
        default:
          t = clamp01(t)
      }
      const li = Math.round(clamp01(t) * 255) * 3
      R = lut[li]
      G = lut[li + 1]
      B = lut[li + 2]

      let spec = 0
      if (bevel && face.material !== 'tube') {
        const shade = (nx * LIGHT[0] + ny * LIGHT[1] + nz * LIGHT[2] - LIGHT[2]) * bevel.diffuse
        if (shade > 0) {
          R += (255 - R) * shade
          G += (255 - G) * shade
          B += (255 - B) * shade
        } else {
          const k = Math.max(0, 1 + shade)
          R *= k
          G *= k
          B *= k
        }
        const nh = Math.max(0, nx * HALF[0] + ny * HALF[1] + nz * HALF[2])
        spec = Math.max(0, (Math.pow(nh, bevel.shininess) - specFlat) / (1 - specFlat)) * bevel.specular
      }
      if (gloss && ty < gloss.bottom) {
        // A curved window reflection over the upper part of each line, kept off the rim.
        const edge = gloss.bottom - 0.07 * Math.sin(Math.PI * clamp01(xn))
        const g = gloss.alpha * clamp01((edge - ty) / 0.05) * (0.55 + 0.45 * (1 - ty / gloss.bottom)) * clamp01(hh * 1.5)
        spec += g
      }
      if (spec > 0) {
        R += (255 - R) * Math.min(1, spec)
        G += (255 - G) * Math.min(1, spec)
        B += (255 - B) * Math.min(1, spec)
      }
      if (face.grain > 0) {
        const n = (noise.hash(x * 7 + 3, y * 13 + 1) - 0.5) * face.grain * 36
        R += n
        G += n
        B += n
      }
      let a = face.alpha
      if (bevel && bevel.rim > 0) {
        const rim = 1 - hh
        a = Math.min(1, a + bevel.rim * rim * rim + spec * 0.7)
      }
      if (style.rough > 0) {
        const d = dist[i] * em
        if (d < 0.05) alphaMul *= noise.hash(x + 11, y * 3 + 7) < style.rough * (1 - d / 0.05) ? 0.15 : 1
      }
      const o = i * 4
      out[o] = R
      out[o + 1] = G
      out[o + 2] = B
      out[o + 3] = cov * a * alphaMul
    }
  }
  return out
}
