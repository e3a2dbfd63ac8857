import sharp, { type Metadata } from 'sharp'
import { imageSizeProblem, LIMITS } from '../../../shared/limits'
import { EngineError } from '../errors'
import type { RgbaImage } from './raster'

export interface DecodedImage {
  image: RgbaImage
  /** The file carried an alpha channel (it may still be fully opaque). */
  hadAlpha: boolean
  format: string
  /** Size as stored, before EXIF orientation was applied. */
  storedSize: { width: number; height: number }
}

const FORMATS = new Set(['png', 'jpeg', 'webp', 'heif', 'avif', 'tiff', 'gif'])

/**
 * Decodes a product photo to 8-bit sRGB RGBA with EXIF orientation applied. `field` names the
 * input in every error (a CLI path or a request field), so the user knows which one is wrong.
 * The pixel limit is checked from the header before any pixel is decoded (decompression bombs).
 */
export async function decodeImage(bytes: Uint8Array, field: string): Promise<DecodedImage> {
  if (bytes.length === 0) throw new EngineError('invalid_image', `${field}: the file is empty (0 bytes)`, field)
  let meta: Metadata
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata()
  } catch {
    throw new EngineError('invalid_image', `${field}: not an image, or its header is damaged (supported: PNG, JPEG, WebP, AVIF, TIFF, GIF)`, field)
  }
  if (!meta.format || !FORMATS.has(meta.format) || !meta.width || !meta.height)
    throw new EngineError('invalid_image', `${field}: not a supported image (PNG, JPEG, WebP, AVIF, TIFF or GIF)`, field)
  // Animated files report the whole strip's height as pageHeight * pages.
  const storedW = meta.width
  const storedH = meta.pageHeight ?? meta.height
  // The same rule, in the same words, as the API and the editor (limits.ts): bytes, then pixels.
  const problem = imageSizeProblem(bytes.length, storedW, storedH)
  if (problem) throw new EngineError(problem.code, `${field}: ${problem.rule}`, field)
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: LIMITS.maxInputPixels, failOn: 'error', pages: 1, page: 0 })
      .rotate()
      .toColourspace('srgb')
      .ensureAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true })
    if (info.channels !== 4) throw new Error(`unexpected ${info.channels} channels`)
    return {
      image: { width: info.width, height: info.height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length) },
      hadAlpha: meta.hasAlpha === true,
      format: meta.format,
      storedSize: { width: storedW, height: storedH },
    }
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e)
    throw new EngineError('invalid_image', `${field}: the image data is damaged or truncated (${why})`, field)
  }
}
