/**
 * Canny edges of the text layer: the guide image a ControlNet-canny model follows when it restyles
 * the letters, so its letter shapes come from our vector text and stay spelled right.
 * Input is the layer's luminance composited over black mixed with its alpha, so both the outline
 * and the bevel/extrusion boundaries inside the letters give edges.
 */
import type { RgbaImage } from '../../image/raster'

export interface CannyOptions {
  /** Gaussian sigma in px. */
  sigma?: number
  /** Hysteresis thresholds as fractions of the strongest gradient. */
  low?: number
  high?: number
}

function gaussianBlur(src: Float32Array, w: number, h: number, sigma: number): Float32Array {
  const radius = Math.max(1, Math.ceil(sigma * 3))
  const kernel = new Float32Array(radius * 2 + 1)
  let sum = 0
  for (let i = -radius; i <= radius; i++) sum += kernel[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma))
  for (let i = 0; i < kernel.length; i++) kernel[i] /= sum
  const tmp = new Float32Array(w * h)
  const out = new Float32Array(w * h)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let acc = 0
      for (let k = -radius; k <= radius; k++) {
        const xx = x + k < 0 ? 0 : x + k >= w ? w - 1 : x + k
        acc += src[y * w + xx] * kernel[k + radius]
      }
      tmp[y * w + x] = acc
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let acc = 0
      for (let k = -radius; k <= radius; k++) {
        const yy = y + k < 0 ? 0 : y + k >= h ? h - 1 : y + k
        acc += tmp[yy * w + x] * kernel[k + radius]
      }
      out[y * w + x] = acc
    }
  }
  return out
}

/** Edge map of a single-channel image in 0..1: 255 on edges, 0 elsewhere. */
export function cannyGray(gray: Float32Array, w: number, h: number, opts: CannyOptions = {}): Uint8Array {
  const sigma = opts.sigma ?? 1.2
  const g = sigma > 0 ? gaussianBlur(gray, w, h, sigma) : gray
  const mag = new Float32Array(w * h)
  const dir = new Uint8Array(w * h) // 0: horizontal gradient, 1: 45, 2: vertical, 3: 135
  let maxMag = 0
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x
      const gx = -g[i - w - 1] - 2 * g[i - 1] - g[i + w - 1] + g[i - w + 1] + 2 * g[i + 1] + g[i + w + 1]
      const gy = -g[i - w - 1] - 2 * g[i - w] - g[i - w + 1] + g[i + w - 1] + 2 * g[i + w] + g[i + w + 1]
      if (gx === 0 && gy === 0) continue
      const m = Math.sqrt(gx * gx + gy * gy)
      mag[i] = m
      if (m > maxMag) maxMag = m
      // Quantise the direction with tan(22.5) = 0.4142 and tan(67.5) = 2.4142, no atan2.
      const ax = gx < 0 ? -gx : gx
      const ay = gy < 0 ? -gy : gy
      dir[i] = ay <= 0.4142 * ax ? 0 : ay >= 2.4142 * ax ? 2 : (gx > 0) === (gy > 0) ? 1 : 3
    }
  }
  const edges = new Uint8Array(w * h)
  if (maxMag < 1e-6) return edges
  // Non-maximum suppression: keep only the ridge of the gradient, one pixel wide.
  const nms = new Float32Array(w * h)
  const offs = [1, w + 1, w, w - 1]
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x
      const m = mag[i]
      if (m === 0) continue
      const o = offs[dir[i]]
      if (m >= mag[i + o] && m > mag[i - o]) nms[i] = m
    }
  }
  const hi = (opts.high ?? 0.2) * maxMag
  const lo = (opts.low ?? 0.08) * maxMag
  // Hysteresis: strong pixels seed, weak pixels join when connected to a strong one.
  const stack: number[] = []
  for (let i = 0; i < nms.length; i++) {
    if (nms[i] >= hi) {
      edges[i] = 255
      stack.push(i)
    }
  }
  while (stack.length) {
    const i = stack.pop()!
    const x = i % w
    const y = (i - x) / w
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx
        const yy = y + dy
        if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue
        const j = yy * w + xx
        if (!edges[j] && nms[j] >= lo) {
          edges[j] = 255
          stack.push(j)
        }
      }
    }
  }
  return edges
}

/** Canny edges of an RGBA layer (luminance over black, mixed with alpha). */
export function cannyEdges(img: RgbaImage, opts: CannyOptions = {}): Uint8Array {
  const { width: w, height: h, data } = img
  const gray = new Float32Array(w * h)
  for (let i = 0, j = 0; i < gray.length; i++, j += 4) {
    const a = data[j + 3] / 255
    const lum = (0.2126 * data[j] + 0.7152 * data[j + 1] + 0.0722 * data[j + 2]) / 255
    gray[i] = 0.5 * a + 0.5 * lum * a
  }
  return cannyGray(gray, w, h, opts)
}
