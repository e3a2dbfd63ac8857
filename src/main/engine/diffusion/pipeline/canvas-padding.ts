/**
 * The UNet runs on a canvas whose sides are multiples of 64: SD UNet exports fix their upsampling
 * shapes when traced (three 2x downsamplings of the latent must divide evenly), and ControlNet
 * residuals come at latent/8. Requests at any multiple of 8 are padded to that canvas and the
 * decoded image cropped back.
 *
 * The request sits centred on the canvas, its offset rounded down to the 8-pixel VAE grid: centred
 * because text-to-image composes for the whole canvas (subjects gravitate to its middle), so a
 * corner crop would cut the composition off-centre; on the grid so each latent pixel covers the
 * same 8x8 block of the request as an unpadded run would, keeping masks and pixels aligned.
 */
import { EngineError } from '../../errors'
import type { Mask, RgbaImage } from '../../image/raster'

export const CANVAS_MULTIPLE = 64

export interface CanvasPlan {
  /** The requested size. */
  width: number
  height: number
  /** The size the UNet and VAE run at. */
  runWidth: number
  runHeight: number
  /** Where the request sits on the canvas. */
  left: number
  top: number
}

export function planCanvas(width: number, height: number, multiple = CANVAS_MULTIPLE): CanvasPlan {
  const runWidth = Math.ceil(width / multiple) * multiple
  const runHeight = Math.ceil(height / multiple) * multiple
  const offset = (pad: number) => 8 * Math.floor(pad / 16)
  return { width, height, runWidth, runHeight, left: offset(runWidth - width), top: offset(runHeight - height) }
}

export const isPadded = (p: CanvasPlan): boolean => p.runWidth !== p.width || p.runHeight !== p.height

/** Canvas pixel → request pixel index, clamped to the nearest edge (edge replication). */
function sourceIndex(p: CanvasPlan, x: number, y: number): number {
  const sx = Math.min(p.width - 1, Math.max(0, x - p.left))
  const sy = Math.min(p.height - 1, Math.max(0, y - p.top))
  return sy * p.width + sx
}

function checkSize(what: string, w: number, h: number, p: CanvasPlan): void {
  if (w !== p.width || h !== p.height) throw new EngineError('invalid_request', `${what} is ${w}x${h}, the output ${p.width}x${p.height}: resize it first`, 'image')
}

/** The image on the canvas, its edge pixels repeated outwards (no hard border for the model to copy). */
export function padRgba(img: RgbaImage, p: CanvasPlan): RgbaImage {
  checkSize('the image', img.width, img.height, p)
  if (!isPadded(p)) return img
  const data = new Uint8ClampedArray(p.runWidth * p.runHeight * 4)
  for (let y = 0, o = 0; y < p.runHeight; y++)
    for (let x = 0; x < p.runWidth; x++, o += 4) {
      const s = sourceIndex(p, x, y) * 4
      data[o] = img.data[s]
      data[o + 1] = img.data[s + 1]
      data[o + 2] = img.data[s + 2]
      data[o + 3] = img.data[s + 3]
    }
  return { width: p.runWidth, height: p.runHeight, data }
}

/** A one-value-per-pixel map (edge map) on the canvas, edges repeated outwards. */
export function padPlane(plane: Uint8Array, p: CanvasPlan): Uint8Array {
  if (plane.length !== p.width * p.height)
    throw new EngineError('invalid_request', `the control map has ${plane.length} values, the output ${p.width}x${p.height} needs ${p.width * p.height}`, 'image')
  if (!isPadded(p)) return plane
  const out = new Uint8Array(p.runWidth * p.runHeight)
  for (let y = 0, o = 0; y < p.runHeight; y++) for (let x = 0; x < p.runWidth; x++, o++) out[o] = plane[sourceIndex(p, x, y)]
  return out
}

/** The mask on the canvas; outside the request it is `fill` (1 = repaint: the model owns the margin). */
export function padMask(mask: Mask, p: CanvasPlan, fill = 1): Mask {
  checkSize('the mask', mask.width, mask.height, p)
  if (!isPadded(p)) return mask
  const data = new Float32Array(p.runWidth * p.runHeight).fill(fill)
  for (let y = 0; y < p.height; y++) data.set(mask.data.subarray(y * p.width, (y + 1) * p.width), (y + p.top) * p.runWidth + p.left)
  return { width: p.runWidth, height: p.runHeight, data }
}

/** The requested area of a canvas-size image. */
export function cropToRequest(img: RgbaImage, p: CanvasPlan): RgbaImage {
  if (img.width === p.width && img.height === p.height) return img
  if (img.width !== p.runWidth || img.height !== p.runHeight) throw new EngineError('internal', `decoded ${img.width}x${img.height}, expected the ${p.runWidth}x${p.runHeight} canvas`)
  const data = new Uint8ClampedArray(p.width * p.height * 4)
  for (let y = 0; y < p.height; y++) {
    const s = ((y + p.top) * p.runWidth + p.left) * 4
    data.set(img.data.subarray(s, s + p.width * 4), y * p.width * 4)
  }
  return { width: p.width, height: p.height, data }
}
