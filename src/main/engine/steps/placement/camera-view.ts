/**
 * Was the product photographed from the front (standing on a floor, a wall behind) or from above
 * (a flat lay: a tray of food, boots laid on a table)? A flat lay pasted on a floor with a horizon
 * looks wrong; it belongs on a surface seen from above.
 *
 * Signals, all measured on the photo's background (matte < 0.05) and the matte:
 * 1. `texture`: mean local luma deviation of the background in 8 px blocks. A flat lay shows the
 *    surface it lies on (wood, carpet, linen, marble); a seamless studio sweep or cut-out white
 *    shows nothing. Without texture the photo says nothing about the camera: front is assumed.
 * 2. `top_bottom`: difference of the background between the top and the bottom quarter of the
 *    photo (mean luma, plus chroma). A front view has a wall above and a floor below, usually
 *    of different tone; seen from above the same surface fills both.
 * 3. `shadow_below`: background luma just above the product divided by just below it (bands 6%
 *    of the product's size). A standing product has a bright wall above it and a floor darkened
 *    by its contact shadow below (ratios of 2 and more); a flat lay's drop shadow, offset along
 *    the light, darkens the surface below only a little more than above (about 1.3).
 * Top when texture ≥ TEXTURE_MIN, top_bottom < TOP_BOTTOM_MAX and shadow_below < SHADOW_BELOW_MAX.
 */
import type { Mask, RgbaImage } from '../../image/raster'

export type CameraView = 'front' | 'top'

export interface ViewSignals {
  texture: number
  top_bottom: number
  shadow_below: number
}

export const TEXTURE_MIN = 0.03
export const TOP_BOTTOM_MAX = 0.07
export const SHADOW_BELOW_MAX = 1.6

const BG = 0.05

const luma = (d: Uint8ClampedArray, i: number): number => (0.2126 * d[i] + 0.7152 * d[i + 1] + 0.0722 * d[i + 2]) / 255

function bandStats(photo: RgbaImage, matte: Mask, y0: number, y1: number): { l: number; cb: number; cr: number; n: number } {
  let l = 0
  let cb = 0
  let cr = 0
  let n = 0
  const step = Math.max(1, Math.floor(photo.width / 128))
  for (let y = y0; y < y1; y += step) {
    for (let x = 0; x < photo.width; x += step) {
      const p = y * photo.width + x
      if (matte.data[p] >= BG) continue
      const i = p * 4
      const v = luma(photo.data, i)
      l += v
      cb += photo.data[i + 2] / 255 - v
      cr += photo.data[i] / 255 - v
      n++
    }
  }
  return n ? { l: l / n, cb: cb / n, cr: cr / n, n } : { l: 0, cb: 0, cr: 0, n: 0 }
}

/** Mean luma deviation inside 8x8 blocks that are entirely background. */
function backgroundTexture(photo: RgbaImage, matte: Mask): number {
  const B = 8
  let sum = 0
  let blocks = 0
  for (let by = 0; by + B <= photo.height; by += B) {
    for (let bx = 0; bx + B <= photo.width; bx += B) {
      let s = 0
      let s2 = 0
      let bgOnly = true
      for (let y = by; y < by + B && bgOnly; y++) {
        for (let x = bx; x < bx + B; x++) {
          const p = y * photo.width + x
          if (matte.data[p] >= BG) {
            bgOnly = false
            break
          }
          const v = luma(photo.data, p * 4)
          s += v
          s2 += v * v
        }
      }
      if (!bgOnly) continue
      const m = s / (B * B)
      sum += Math.sqrt(Math.max(0, s2 / (B * B) - m * m))
      blocks++
    }
  }
  return blocks ? sum / blocks : 0
}

/** Mean background luma in a band of `reach` rows above the product's top and below its bottom, over its columns. */
function aboveBelow(photo: RgbaImage, matte: Mask, box: [number, number, number, number]): number {
  const [bx, by, bw, bh] = box
  const reach = Math.max(2, Math.round(0.06 * Math.max(bw, bh)))
  const mean = (y0: number, y1: number): number | null => {
    let s = 0
    let n = 0
    for (let y = Math.max(0, y0); y < Math.min(photo.height, y1); y++) {
      for (let x = bx; x < bx + bw; x++) {
        const p = y * photo.width + x
        if (matte.data[p] >= BG) continue
        s += luma(photo.data, p * 4)
        n++
      }
    }
    return n > 8 ? s / n : null
  }
  const above = mean(by - reach, by)
  const below = mean(by + bh, by + bh + reach)
  if (above === null || below === null) return 1
  return above / Math.max(1e-3, below)
}

export function viewSignals(photo: RgbaImage, matte: Mask, box: [number, number, number, number]): ViewSignals {
  const q = Math.max(1, Math.floor(photo.height / 4))
  const top = bandStats(photo, matte, 0, q)
  const bottom = bandStats(photo, matte, photo.height - q, photo.height)
  const topBottom = top.n && bottom.n ? Math.abs(top.l - bottom.l) + Math.hypot(top.cb - bottom.cb, top.cr - bottom.cr) : 1
  const r3 = (v: number): number => Math.round(v * 1000) / 1000
  return { texture: r3(backgroundTexture(photo, matte)), top_bottom: r3(topBottom), shadow_below: r3(aboveBelow(photo, matte, box)) }
}

/** The camera view of a product photo (see the signals above). */
export function detectView(photo: RgbaImage, matte: Mask, box: [number, number, number, number]): { view: CameraView; signals: ViewSignals } {
  const signals = viewSignals(photo, matte, box)
  const top = signals.texture >= TEXTURE_MIN && signals.top_bottom < TOP_BOTTOM_MAX && signals.shadow_below < SHADOW_BELOW_MAX
  return { view: top ? 'top' : 'front', signals }
}
