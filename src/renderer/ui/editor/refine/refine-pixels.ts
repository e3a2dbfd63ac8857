import type { MaskBuf, PhotoBuf } from '../../../lib/mask-brush'

/**
 * The browser's side of Refine cutout: images in and out as plain buffers (Squoosh's split: the
 * pixel code never touches the DOM, this file is all it touches). Colour conversion is off so a
 * grey 200 in the PNG is 200 in the buffer.
 */

async function bitmapOf(blob: Blob): Promise<ImageBitmap> {
  return createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' })
}

function pixelsOf(bmp: ImageBitmap): Uint8ClampedArray {
  const c = new OffscreenCanvas(bmp.width, bmp.height)
  const g = c.getContext('2d', { willReadFrequently: true })!
  g.drawImage(bmp, 0, 0)
  return g.getImageData(0, 0, bmp.width, bmp.height).data
}

/** The product photo (EXIF orientation applied, as the engine applies it). */
export async function loadPhoto(url: string): Promise<PhotoBuf> {
  const blob = await (await fetch(url)).blob()
  const bmp = await bitmapOf(blob)
  const data = pixelsOf(bmp)
  return { width: bmp.width, height: bmp.height, data }
}

/** An 8-bit grey mask PNG (product_mask.png) → one byte a pixel (its first channel). */
export async function decodeMask(png: Uint8Array): Promise<MaskBuf> {
  const bmp = await bitmapOf(new Blob([png as BlobPart], { type: 'image/png' }))
  const rgba = pixelsOf(bmp)
  const data = new Uint8Array(bmp.width * bmp.height)
  for (let i = 0; i < data.length; i++) data[i] = rgba[i * 4]
  return { width: bmp.width, height: bmp.height, data }
}

/** The mask as an opaque grey PNG (R = G = B = mask): what product_mask takes (its first channel). */
export async function encodeMask(mask: MaskBuf): Promise<Uint8Array> {
  const c = new OffscreenCanvas(mask.width, mask.height)
  const g = c.getContext('2d')!
  const img = g.createImageData(mask.width, mask.height)
  for (let i = 0; i < mask.data.length; i++) {
    const v = mask.data[i]
    img.data[i * 4] = v
    img.data[i * 4 + 1] = v
    img.data[i * 4 + 2] = v
    img.data[i * 4 + 3] = 255
  }
  g.putImageData(img, 0, 0)
  const blob = await c.convertToBlob({ type: 'image/png' })
  return new Uint8Array(await blob.arrayBuffer())
}
