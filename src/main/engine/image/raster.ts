/**
 * In-memory image types shared by every step. Pixels are straight (not premultiplied) RGBA,
 * row-major, 8 bits per channel; masks are one float per pixel in 0..1 so that matte math keeps
 * its precision until the edge of the engine, where it becomes 8-bit.
 */
export interface RgbaImage {
  width: number
  height: number
  data: Uint8ClampedArray
}

export interface Mask {
  width: number
  height: number
  data: Float32Array
}

/** [x, y, w, h] in pixels. */
export type Box = [number, number, number, number]

export function createRgba(width: number, height: number): RgbaImage {
  return { width, height, data: new Uint8ClampedArray(width * height * 4) }
}

export function createMask(width: number, height: number, fill = 0): Mask {
  const data = new Float32Array(width * height)
  if (fill !== 0) data.fill(fill)
  return { width, height, data }
}

export function maskToU8(mask: Mask): Uint8Array {
  const out = new Uint8Array(mask.data.length)
  for (let i = 0; i < out.length; i++) out[i] = Math.round(Math.min(1, Math.max(0, mask.data[i])) * 255)
  return out
}

export function maskFromU8(width: number, height: number, data: Uint8Array): Mask {
  const m = createMask(width, height)
  for (let i = 0; i < data.length; i++) m.data[i] = data[i] / 255
  return m
}

/** The alpha channel of an RGBA image as a mask. */
export function alphaOf(img: RgbaImage): Mask {
  const m = createMask(img.width, img.height)
  for (let i = 0, j = 3; i < m.data.length; i++, j += 4) m.data[i] = img.data[j] / 255
  return m
}
