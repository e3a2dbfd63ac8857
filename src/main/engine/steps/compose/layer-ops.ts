/**
 * Low-level raster operations on a working region of the canvas: distance fields for outlines,
 * blurs for shadows and glows, and Porter-Duff "over" in straight alpha. Working regions hold
 * float RGBA (0..255) so that several stacked layers round only once, when written back.
 */
import { edt1d } from '../../image/distance-transform'
import type { RgbaImage } from '../../image/raster'

/** A float RGBA patch of the canvas at (x, y). */
export interface Region {
  x: number
  y: number
  w: number
  h: number
  data: Float32Array
}

export function regionFromImage(img: RgbaImage, x: number, y: number, w: number, h: number): Region {
  const data = new Float32Array(w * h * 4)
  for (let ry = 0; ry < h; ry++) {
    const s = ((y + ry) * img.width + x) * 4
    const row = img.data.subarray(s, s + w * 4)
    data.set(row, ry * w * 4)
  }
  return { x, y, w, h, data }
}

export function writeRegion(img: RgbaImage, r: Region): void {
  const d = img.data
  for (let ry = 0; ry < r.h; ry++) {
    const o = ((r.y + ry) * img.width + r.x) * 4
    d.set(r.data.subarray(ry * r.w * 4, (ry + 1) * r.w * 4), o)
  }
}

const INF = 1e20

/**
 * Euclidean distance (px) from every pixel to the nearest pixel whose alpha is at least half
 * (Felzenszwalb-Huttenlocher, exact and linear-time). Outlines drawn from it stay round at any
 * width. With `within` ([x, y, w, h]) only that window is transformed and everything outside it
 * reads as far away: callers that need short distances near the text skip the empty margin.
 */
export function distanceToInk(alpha: Float32Array, w: number, h: number, within?: readonly number[]): Float32Array {
  const x0 = Math.max(0, Math.floor(within ? within[0] : 0))
  const y0 = Math.max(0, Math.floor(within ? within[1] : 0))
  const x1 = Math.min(w, Math.ceil(within ? within[0] + within[2] : w))
  const y1 = Math.min(h, Math.ceil(within ? within[1] + within[3] : h))
  const out = new Float32Array(w * h).fill(INF)
  const ww = x1 - x0
  const wh = y1 - y0
  if (ww <= 0 || wh <= 0) return out
  const n = Math.max(ww, wh)
  const f = new Float64Array(n)
  const d = new Float64Array(n)
  const v = new Int32Array(n)
  const z = new Float64Array(n + 1)
  // Column pass: with a binary input the 1-D transform is just the distance to the nearest ink
  // above or below, two sweeps with no parabola envelope. Stored squared for the row pass.
  const grid = new Float64Array(ww * wh)
  const last = new Float64Array(ww).fill(-INF)
  for (let y = 0; y < wh; y++) {
    const src = (y + y0) * w + x0
    const row = y * ww
    for (let x = 0; x < ww; x++) {
      if (alpha[src + x] >= 0.5) last[x] = y
      grid[row + x] = y - last[x]
    }
  }
  last.fill(INF)
  for (let y = wh - 1; y >= 0; y--) {
    const src = (y + y0) * w + x0
    const row = y * ww
    for (let x = 0; x < ww; x++) {
      if (alpha[src + x] >= 0.5) last[x] = y
      const dy = Math.min(grid[row + x], last[x] - y)
      grid[row + x] = dy >= INF ? INF : dy * dy
    }
  }
  for (let y = 0; y < wh; y++) {
    const row = y * ww
    for (let x = 0; x < ww; x++) f[x] = grid[row + x]
    edt1d(f, ww, d, v, z)
    const o = (y + y0) * w + x0
    for (let x = 0; x < ww; x++) out[o + x] = Math.sqrt(d[x])
  }
  return out
}

function blurLine(src: Float32Array, dst: Float32Array, start: number, stride: number, n: number, r: number): void {
  // Running sum over a window of 2r+1 with zeros beyond the ends: the region is padded, so what
  // lies outside is empty anyway.
  const inv = 1 / (2 * r + 1)
  let acc = 0
  for (let i = 0; i <= r && i < n; i++) acc += src[start + i * stride]
  for (let i = 0; i < n; i++) {
    dst[start + i * stride] = acc * inv
    const add = i + r + 1
    const sub = i - r
    if (add < n) acc += src[start + add * stride]
    if (sub >= 0) acc -= src[start + sub * stride]
  }
}

function boxBlur3(src: Float32Array, w: number, h: number, sigma: number): Float32Array {
  let a = new Float32Array(src)
  // Box radius giving the wanted sigma over three passes: sigma² = 3 * ((2r+1)² - 1) / 12.
  const r = Math.max(1, Math.round((Math.sqrt(4 * sigma * sigma + 1) - 1) / 2))
  let b = new Float32Array(w * h)
  for (let p = 0; p < 3; p++) {
    for (let y = 0; y < h; y++) blurLine(a, b, y * w, 1, w, r)
    ;[a, b] = [b, a]
  }
  for (let p = 0; p < 3; p++) {
    for (let x = 0; x < w; x++) blurLine(a, b, x, w, h, r)
    ;[a, b] = [b, a]
  }
  return a
}

/**
 * Three box passes per axis: close to a Gaussian of the given sigma, in time independent of it.
 * Wide blurs (shadows, glows) run at half resolution and are interpolated back: a blur that
 * wide has no detail a half-resolution grid would lose, and it is four times cheaper.
 */
export function blurAlpha(src: Float32Array, w: number, h: number, sigma: number): Float32Array {
  if (sigma < 0.5) return new Float32Array(src)
  if (sigma < 3 || w < 8 || h < 8) return boxBlur3(src, w, h, sigma)
  const hw = Math.ceil(w / 2)
  const hh = Math.ceil(h / 2)
  const half = new Float32Array(hw * hh)
  for (let y = 0; y < h; y++) {
    const hy = (y >> 1) * hw
    for (let x = 0; x < w; x++) half[hy + (x >> 1)] += src[y * w + x] * 0.25
  }
  const blurred = boxBlur3(half, hw, hh, sigma / 2)
  const out = new Float32Array(w * h)
  for (let y = 0; y < h; y++) {
    const fy = Math.min(hh - 1, Math.max(0, (y + 0.5) / 2 - 0.5))
    const y0 = Math.floor(fy)
    const y1 = Math.min(hh - 1, y0 + 1)
    const ty = fy - y0
    for (let x = 0; x < w; x++) {
      const fx = Math.min(hw - 1, Math.max(0, (x + 0.5) / 2 - 0.5))
      const x0 = Math.floor(fx)
      const x1 = Math.min(hw - 1, x0 + 1)
      const tx = fx - x0
      const top = blurred[y0 * hw + x0] * (1 - tx) + blurred[y0 * hw + x1] * tx
      const bot = blurred[y1 * hw + x0] * (1 - tx) + blurred[y1 * hw + x1] * tx
      out[y * w + x] = top * (1 - ty) + bot * ty
    }
  }
  return out
}

/** Alpha plane of an RGBA image placed at (ox, oy) inside a w x h region, 0..1. */
export function alphaPlane(layer: RgbaImage, ox: number, oy: number, w: number, h: number): Float32Array {
  const out = new Float32Array(w * h)
  for (let y = 0; y < layer.height; y++) {
    const ry = oy + y
    if (ry < 0 || ry >= h) continue
    for (let x = 0; x < layer.width; x++) {
      const rx = ox + x
      if (rx < 0 || rx >= w) continue
      out[ry * w + rx] = layer.data[(y * layer.width + x) * 4 + 3] / 255
    }
  }
  return out
}

/** A flat colour, with per-pixel alpha and an overall opacity, composited over a region. */
export function overColor(dst: Region, color: readonly number[], alpha: Float32Array, opacity: number): void {
  const d = dst.data
  const [cr, cg, cb] = color
  for (let p = 0, i = 0; p < alpha.length; p++, i += 4) {
    const sa = alpha[p] * opacity
    if (sa <= 0) continue
    const da = d[i + 3] / 255
    const oa = sa + da * (1 - sa)
    const kd = (da * (1 - sa)) / oa
    const ks = sa / oa
    d[i] = cr * ks + d[i] * kd
    d[i + 1] = cg * ks + d[i + 1] * kd
    d[i + 2] = cb * ks + d[i + 2] * kd
    d[i + 3] = oa * 255
  }
}

/** An RGBA layer placed at (ox, oy) in region coordinates, composited over the region. */
export function overLayer(dst: Region, layer: RgbaImage, ox: number, oy: number): void {
  const d = dst.data
  const s = layer.data
  for (let y = 0; y < layer.height; y++) {
    const ry = oy + y
    if (ry < 0 || ry >= dst.h) continue
    for (let x = 0; x < layer.width; x++) {
      const rx = ox + x
      if (rx < 0 || rx >= dst.w) continue
      const si = (y * layer.width + x) * 4
      const sa = s[si + 3] / 255
      if (sa <= 0) continue
      const i = (ry * dst.w + rx) * 4
      const da = d[i + 3] / 255
      const oa = sa + da * (1 - sa)
      const kd = (da * (1 - sa)) / oa
      const ks = sa / oa
      d[i] = s[si] * ks + d[i] * kd
      d[i + 1] = s[si + 1] * ks + d[i + 1] * kd
      d[i + 2] = s[si + 2] * ks + d[i + 2] * kd
      d[i + 3] = oa * 255
    }
  }
}

/** Signed-distance coverage of a rounded rectangle, anti-aliased over one pixel. */
export function roundedRectAlpha(w: number, h: number, rect: readonly number[], radius: number): Float32Array {
  const [rx, ry, rw, rh] = rect
  const out = new Float32Array(w * h)
  const r = Math.min(radius, rw / 2, rh / 2)
  const cx = rx + rw / 2
  const cy = ry + rh / 2
  const hx = rw / 2 - r
  const hy = rh / 2 - r
  const ys = Math.max(0, Math.floor(ry - 1))
  const ye = Math.min(h, Math.ceil(ry + rh + 1))
  const xs = Math.max(0, Math.floor(rx - 1))
  const xe = Math.min(w, Math.ceil(rx + rw + 1))
  for (let y = ys; y < ye; y++) {
    const qy = Math.abs(y + 0.5 - cy) - hy
    for (let x = xs; x < xe; x++) {
      const qx = Math.abs(x + 0.5 - cx) - hx
      // Only the corner quadrants need a square root; along the sides the distance is linear.
      const outside = qx > 0 && qy > 0 ? Math.sqrt(qx * qx + qy * qy) - r : Math.max(qx, qy) - r
      out[y * w + x] = Math.min(1, Math.max(0, 0.5 - outside))
    }
  }
  return out
}
