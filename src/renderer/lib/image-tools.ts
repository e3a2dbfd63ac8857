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
}

/** Whether the browser can decode a photo: decoded at thumbnail size (cheap even for 50 MP), then dropped. */
export async function browserDecode(file: Blob): Promise<void> {
  const bitmap = await createImageBitmap(file, { resizeWidth: 64, resizeQuality: 'low' })
  bitmap.close()
}
