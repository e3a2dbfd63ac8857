import { rgbaToSharp } from './encode'
import { insertPngText } from './png-chunks'
import type { RgbaImage } from './raster'

export const EXPORT_FORMATS = ['png', 'jpeg', 'webp'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

/** PNG keyword under which an ad carries its job parameters, so it can be reopened for editing. */
export const PARAMS_KEY = 'adstudio:parameters'

export interface ExportOptions {
  format: ExportFormat
  /** 1..100 for JPEG and WebP; ignored for PNG (lossless). */
  quality?: number
  /** JSON-able parameters to embed (PNG only: JPEG/WebP have no free-text chunk sharp can write). */
  parameters?: unknown
}

export async function encodeExport(img: RgbaImage, opts: ExportOptions): Promise<Buffer> {
  const quality = Math.min(100, Math.max(1, Math.round(opts.quality ?? 90)))
  const s = rgbaToSharp(img).removeAlpha()
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
