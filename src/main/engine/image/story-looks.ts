import type { PostProcess } from '../../../shared/image-job'
import type { RgbaImage } from './raster'

/**
 * Deterministic looks for the story modes (seed 000) whose style is a rendering trait, applied to
 * the generated picture: same input, same pixels. Alpha is left opaque.
 */

/** PICO-8's 16 colours: a small, well-known palette that reads as pixel art. */
export const PIXEL_PALETTE: readonly [number, number, number][] = [
  [0, 0, 0], [29, 43, 83], [126, 37, 83], [0, 135, 81], [171, 82, 54], [95, 87, 79], [194, 195, 199], [255, 241, 232],
  [255, 0, 77], [255, 163, 0], [255, 236, 39], [0, 228, 54], [41, 173, 255], [131, 118, 156], [255, 119, 168], [255, 204, 170],
]

export function applyLook(img: RgbaImage, look: PostProcess): RgbaImage {
  if (look === 'pixel') return pixelArt(img)
  if (look === 'ps1') return ps1(img)
  if (look === 'comic') return comic(img)
  return img
}

/** Mean colour of each cell × cell block (clipped at the edges). */
function blockMeans(img: RgbaImage, cell: number, each: (x0: number, y0: number, x1: number, y1: number, rgb: [number, number, number]) => void): void {
  const { width: w, height: h, data } = img
  for (let y0 = 0; y0 < h; y0 += cell)
    for (let x0 = 0; x0 < w; x0 += cell) {
      const x1 = Math.min(w, x0 + cell)
      const y1 = Math.min(h, y0 + cell)
      let r = 0
      let g = 0
      let b = 0
      for (let y = y0; y < y1; y++)
        for (let x = x0; x < x1; x++) {
          const i = (y * w + x) * 4
          r += data[i]
          g += data[i + 1]
          b += data[i + 2]
        }
      const n = (x1 - x0) * (y1 - y0)
      each(x0, y0, x1, y1, [r / n, g / n, b / n])
    }
}

function fill(out: Uint8ClampedArray, w: number, x0: number, y0: number, x1: number, y1: number, [r, g, b]: readonly number[]): void {
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const i = (y * w + x) * 4
      out[i] = r
      out[i + 1] = g
      out[i + 2] = b
      out[i + 3] = 255
    }
}

/** Pixel mode: hard square pixels (one cell per 1/64 of the short side) in the 16-colour palette. */
export function pixelArt(img: RgbaImage, cell = Math.max(2, Math.round(Math.min(img.width, img.height) / 64))): RgbaImage {
  const out = new Uint8ClampedArray(img.data.length)
  blockMeans(img, cell, (x0, y0, x1, y1, rgb) => fill(out, img.width, x0, y0, x1, y1, nearest(rgb, PIXEL_PALETTE)))
  return { width: img.width, height: img.height, data: out }
}

function nearest(rgb: readonly number[], palette: readonly (readonly number[])[]): readonly number[] {
  let best = palette[0]
  let bestD = Infinity
  for (const p of palette) {
    // weighted for the eye (green counts most)
    const d = 2 * (p[0] - rgb[0]) ** 2 + 4 * (p[1] - rgb[1]) ** 2 + 3 * (p[2] - rgb[2]) ** 2
    if (d < bestD) {
      bestD = d
      best = p
    }
  }
  return best
}

/** 4×4 Bayer matrix, thresholds 0..15. */
const BAYER4 = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5]

/** 8-bit → 5-bit level with an ordered-dither offset t in [0, 1): the 32 levels of 15-bit colour. */
export const to5 = (v: number, t: number) => Math.min(31, Math.floor((v / 255) * 31 + t))
export const from5 = (q: number) => Math.round((q * 255) / 31)

/**
 * PS1 mode: a quarter of the resolution (each low-res pixel a 4×4 square), 15-bit colour (32
 * levels per channel) with 4×4 ordered dithering across the low-res pixels, as the console's
 * framebuffer showed it.
 */
export function ps1(img: RgbaImage, cell = 4): RgbaImage {
  const out = new Uint8ClampedArray(img.data.length)
  blockMeans(img, cell, (x0, y0, x1, y1, rgb) => {
    const t = (BAYER4[((y0 / cell) % 4) * 4 + ((x0 / cell) % 4)] + 0.5) / 16
    fill(out, img.width, x0, y0, x1, y1, rgb.map((v) => from5(to5(v, t))))
  })
  return { width: img.width, height: img.height, data: out }
}

const luma = (d: Uint8ClampedArray, i: number) => 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2]

/**
 * Comic-book mode: colours posterised to 4 levels per channel, a halftone of black dots in the
 * shadows (dot size from the cell's darkness), and black ink where the Sobel magnitude passes
 * `edgeThreshold` (160: a luminance step of about 40 between neighbours).
 */
export function comic(img: RgbaImage, cell = 6, edgeThreshold = 160): RgbaImage {
  const { width: w, height: h, data } = img
  const out = new Uint8ClampedArray(data.length)
  for (let i = 0; i < data.length; i += 4) {
    for (let c = 0; c < 3; c++) out[i + c] = Math.round(Math.round((data[i + c] / 255) * 3) * 85)
    out[i + 3] = 255
  }
  // halftone: a dot per cell, radius growing with darkness, only where the cell is darker than mid-grey
  blockMeans(img, cell, (x0, y0, x1, y1, rgb) => {
    const dark = 1 - (0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]) / 255
    if (dark < 0.5) return
    const r = (cell / 2) * Math.sqrt((dark - 0.5) * 2)
    const cx = (x0 + x1 - 1) / 2
    const cy = (y0 + y1 - 1) / 2
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) fill(out, w, x, y, x + 1, y + 1, [0, 0, 0])
  })
  // ink: Sobel gradient magnitude on the original luminance
  for (let y = 1; y < h - 1; y++)
    for (let x = 1; x < w - 1; x++) {
      const at = (dx: number, dy: number) => luma(data, ((y + dy) * w + x + dx) * 4)
      const gx = at(1, -1) + 2 * at(1, 0) + at(1, 1) - at(-1, -1) - 2 * at(-1, 0) - at(-1, 1)
      const gy = at(-1, 1) + 2 * at(0, 1) + at(1, 1) - at(-1, -1) - 2 * at(0, -1) - at(1, -1)
      if (Math.hypot(gx, gy) > edgeThreshold) fill(out, w, x, y, x + 1, y + 1, [0, 0, 0])
    }
  return { width: w, height: h, data: out }
}
