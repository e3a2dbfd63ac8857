import type { ImageTools } from '../store/types'
import { FORMAT_MIME } from './file-names'

/**
 * Re-encoding in the page: Chromium encodes PNG, JPEG and WebP itself, so exports need no native
 * codec in any process. Resizing keeps the aspect ratio (exports of another ratio are composed again
 * by the engine, never cropped here).
 */
export const browserImageTools: ImageTools = {
  async convert(png, { format, quality, width, height }) {
    const bitmap = await createImageBitmap(new Blob([png as BlobPart], { type: 'image/png' }))
    const canvas = new OffscreenCanvas(width, height)
    const g = canvas.getContext('2d')
    if (!g) throw new Error('no 2D canvas')
    if (format === 'jpeg') {
      // JPEG has no alpha: flatten on white rather than black.
      g.fillStyle = '#fff'
      g.fillRect(0, 0, width, height)
    }
    g.imageSmoothingQuality = 'high'
    g.drawImage(bitmap, 0, 0, width, height)
    bitmap.close()
    const blob = await canvas.convertToBlob({ type: FORMAT_MIME[format], quality: format === 'png' ? undefined : quality / 100 })
    return new Uint8Array(await blob.arrayBuffer())
  },

  async decode(png) {
    // The canvas measures where the product and the copy are on the finished ad (box-measure.ts).
    const bitmap = await createImageBitmap(new Blob([png as BlobPart], { type: 'image/png' }), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' })
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
    const g = canvas.getContext('2d', { willReadFrequently: true })
    if (!g) throw new Error('no 2D canvas')
    g.drawImage(bitmap, 0, 0)
    bitmap.close()
    const d = g.getImageData(0, 0, canvas.width, canvas.height)
    return { width: d.width, height: d.height, data: d.data }
  },
}

/** Whether the browser can decode a photo: decoded at thumbnail size (cheap even for 50 MP), then dropped. */
export async function browserDecode(file: Blob): Promise<void> {
  const bitmap = await createImageBitmap(file, { resizeWidth: 64, resizeQuality: 'low' })
  bitmap.close()
}
