/** Small raster helpers the generative steps share: resampling, masks, crops, pasting the product. */
import { rgbaToSharp } from '../../image/encode'
import { createMask, createRgba, type Box, type Mask, type RgbaImage } from '../../image/raster'
import { resizeMaskBilinear } from '../../image/resize-mask'
import { boxBlur } from '../placement/blur'

export async function resizeRgba(img: RgbaImage, width: number, height: number): Promise<RgbaImage> {
  if (img.width === width && img.height === height) return img
  const out = await rgbaToSharp(img).resize(width, height, { fit: 'fill', kernel: 'lanczos3' }).raw().toBuffer()
  return { width, height, data: new Uint8ClampedArray(out.buffer, out.byteOffset, out.length) }
}

export function resizeMask(m: Mask, width: number, height: number): Mask {
  return m.width === width && m.height === height ? m : resizeMaskBilinear(m, width, height)
}

/** Grows a mask by about `radius` px (blur, then anything touched counts), keeping it soft at the rim. */
export function dilateMask(m: Mask, radius: number): Mask {
  const out = createMask(m.width, m.height)
  out.data.set(m.data)
  boxBlur(out.data, m.width, m.height, Math.max(1, radius / 2), 2)
  for (let i = 0; i < out.data.length; i++) out.data[i] = Math.min(1, Math.max(m.data[i], out.data[i] * 4))
  return out
}

/**
 * A working size with the canvas's aspect, long side `side`, both sides multiples of 64: SD UNets
 * halve the latent three times (and ControlNet residuals come at 1/8 of it), so 64 px steps fit
 * every export, also those traced without odd-size handling.
 */
export function workingSize(width: number, height: number, side: number, multiple = 64): { width: number; height: number } {
  const k = side / Math.max(width, height)
  const r = (v: number) => Math.max(multiple, Math.round((v * k) / multiple) * multiple)
  return { width: r(width), height: r(height) }
}

/** The box around every pixel with alpha above `threshold`, grown by `pad` (clipped to the image). */
export function alphaBox(img: RgbaImage, pad: number, threshold = 8): Box | null {
  let x0 = img.width
  let y0 = img.height
  let x1 = -1
  let y1 = -1
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++)
      if (img.data[(y * img.width + x) * 4 + 3] > threshold) {
        if (x < x0) x0 = x
        if (x > x1) x1 = x
        if (y < y0) y0 = y
        if (y > y1) y1 = y
      }
  if (x1 < 0) return null
  x0 = Math.max(0, x0 - pad)
  y0 = Math.max(0, y0 - pad)
  x1 = Math.min(img.width - 1, x1 + pad)
  y1 = Math.min(img.height - 1, y1 + pad)
  return [x0, y0, x1 - x0 + 1, y1 - y0 + 1]
}

export function cropRgba(img: RgbaImage, [x, y, w, h]: Box): RgbaImage {
  const out = createRgba(w, h)
  for (let r = 0; r < h; r++) out.data.set(img.data.subarray(((y + r) * img.width + x) * 4, ((y + r) * img.width + x + w) * 4), r * w * 4)
  return out
}

/**
 * The product over the scene with its own pixels: where its alpha is 255 the result IS the product
 * pixel (bit-exact); soft edges mix over whatever the scene has there.
 */
export function pasteProduct(scene: RgbaImage, product: RgbaImage, box: Box): RgbaImage {
  const out: RgbaImage = { width: scene.width, height: scene.height, data: new Uint8ClampedArray(scene.data) }
  const bx = Math.round(box[0])
  const by = Math.round(box[1])
  for (let y = 0; y < product.height; y++) {
    const cy = by + y
    if (cy < 0 || cy >= scene.height) continue
    for (let x = 0; x < product.width; x++) {
      const cx = bx + x
      if (cx < 0 || cx >= scene.width) continue
      const s = (y * product.width + x) * 4
      const a = product.data[s + 3]
      if (a === 0) continue
      const d = (cy * scene.width + cx) * 4
      if (a === 255) {
        out.data[d] = product.data[s]
        out.data[d + 1] = product.data[s + 1]
        out.data[d + 2] = product.data[s + 2]
      } else {
        const k = a / 255
        for (let c = 0; c < 3; c++) out.data[d + c] = Math.round(product.data[s + c] * k + out.data[d + c] * (1 - k))
      }
      out.data[d + 3] = 255
    }
  }
  return out
}

/** Mixes `top` over `base` by a mask (1 = top), RGB only; alpha of `base` kept. */
export function mixByMask(base: RgbaImage, top: RgbaImage, mask: Mask): RgbaImage {
  const out: RgbaImage = { width: base.width, height: base.height, data: new Uint8ClampedArray(base.data) }
  for (let i = 0, j = 0; i < mask.data.length; i++, j += 4) {
    const m = mask.data[i]
    if (m <= 0) continue
    for (let c = 0; c < 3; c++) out.data[j + c] = Math.round(top.data[j + c] * m + base.data[j + c] * (1 - m))
  }
  return out
}
