import sharp, { type Sharp } from 'sharp'
import type { Mask, RgbaImage } from './raster'
import { maskToU8 } from './raster'

export function rgbaToSharp(img: RgbaImage): Sharp {
  return sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength), {
    raw: { width: img.width, height: img.height, channels: 4 },
  })
}

/** PNG bytes; compression level 6 is zlib's sweet spot of size against time for 1-4 MP images. */
export function encodePng(img: RgbaImage, opts: { opaque?: boolean } = {}): Promise<Buffer> {
  let s = rgbaToSharp(img)
  if (opts.opaque) s = s.removeAlpha()
  return s.png({ compressionLevel: 6 }).toBuffer()
}

/** An 8-bit greyscale PNG of a mask. */
export function encodeMaskPng(mask: Mask): Promise<Buffer> {
  const u8 = maskToU8(mask)
  return sharp(Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength), {
    raw: { width: mask.width, height: mask.height, channels: 1 },
  })
    // Without this libvips widens one-band input to sRGB and writes a 3-channel PNG.
    .toColourspace('b-w')
    .png({ compressionLevel: 6 })
    .toBuffer()
}
