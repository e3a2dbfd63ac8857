import sharp from 'sharp'
import { rgbaToSharp } from './encode'
import { insertPngText, readPngText } from './png-chunks'
import type { RgbaImage } from './raster'
import { parametersFromXmp, parametersXmp } from './xmp-parameters'

export const EXPORT_FORMATS = ['png', 'jpeg', 'webp'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

/** PNG keyword (iTXt) and XMP property under which an ad carries its job parameters, so it can be reopened for editing. */
export const PARAMS_KEY = 'adstudio:parameters'

export interface ExportOptions {
  format: ExportFormat
  /** 1..100 for JPEG and WebP; ignored for PNG (lossless). */
  quality?: number
  /** JSON-able parameters to embed: XMP in every format (and an iTXt chunk in PNG, as before). */
  parameters?: unknown
}

export async function encodeExport(img: RgbaImage, opts: ExportOptions): Promise<Buffer> {
  const quality = Math.min(100, Math.max(1, Math.round(opts.quality ?? 90)))
  let s = rgbaToSharp(img).removeAlpha()
  if (opts.parameters !== undefined) s = s.withXmp(parametersXmp(opts.parameters))
  switch (opts.format) {
    case 'jpeg':
      return s.jpeg({ quality, mozjpeg: true, chromaSubsampling: quality >= 90 ? '4:4:4' : '4:2:0' }).toBuffer()
    case 'webp':
      return s.webp({ quality }).toBuffer()
    case 'png': {
      const png = await s.png({ compressionLevel: 6 }).toBuffer()
      return opts.parameters === undefined ? png : insertPngText(png, PARAMS_KEY, JSON.stringify(opts.parameters))
    }
  }
}

/**
 * The parameters an exported ad carries, from its XMP (PNG, JPEG, WebP) or, for PNGs written before
 * XMP, its iTXt chunk; null when it has none. Reads the header only, no pixels.
 */
export async function readExportParameters(bytes: Uint8Array): Promise<unknown> {
  const meta = await sharp(bytes).metadata()
  const xmp = meta.xmpAsString ?? (meta.xmp ? meta.xmp.toString('utf8') : null)
  const fromXmp = xmp ? parametersFromXmp(xmp) : null
  if (fromXmp !== null) return fromXmp
  if (meta.format !== 'png') return null
  const text = readPngText(bytes)[PARAMS_KEY]
  if (text === undefined) return null
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
