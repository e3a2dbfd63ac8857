import { sniffImage, type SniffedImage } from '../../shared/image-sniff'
import { formatMegabytes, imageSizeProblem, LIMITS } from '../../shared/limits'
import type { UiError } from '../store/types'

/**
 * A photo checked the moment it arrives (pick, drop, paste), with the engine's own rules and
 * numbers (src/shared/limits.ts, src/shared/image-sniff.ts): what it really is by its first bytes
 * (a text file named .png is not a picture), its byte size, its pixel size from the header (before
 * anything is decoded), then whether the browser can actually decode it. Refusals are UiErrors whose
 * `vars` fill the plain sentence ("This photo is 70.1 MB; the limit is 64 MB").
 */
export type CheckedImage = { ok: true; format: SniffedImage['format']; width: number | null; height: number | null } | { ok: false; error: UiError }

/** Enough of the file for every header sniffImage reads (AVIF/HEIF boxes come within 64 KB). */
const HEAD_BYTES = 1 << 16
/** Formats Chromium decodes; TIFF and HEIF are the engine's alone (no preview, the header is trusted). */
const BROWSER_DECODES = new Set<SniffedImage['format']>(['png', 'jpeg', 'gif', 'webp', 'avif'])

export interface ImageDecoder {
  /** Resolves when the browser can decode the file; rejects when it cannot. */
  (file: Blob): Promise<void>
}

/** `decode` is the browser's (image-tools.ts: browserDecode) in the app, a stand-in in Node tests. */
export async function checkImageFile(file: File, decode: ImageDecoder): Promise<CheckedImage> {
  const name = file.name || 'pasted image'
  const refuse = (code: string, vars: Record<string, string | number> = {}, detail = ''): CheckedImage => ({
    ok: false,
    error: { code, detail: `${name}: ${detail || code}`, vars: { name, ...vars } },
  })
  if (file.size === 0) return refuse('file_empty', {}, 'the file is empty (0 bytes)')
  const info = sniffImage(new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer()))
  if (!info) return refuse('not_an_image', { type: file.type || '?' }, 'its contents are not PNG, JPEG, WebP, AVIF, TIFF or GIF')
  const problem = imageSizeProblem(file.size, info.width, info.height)
  if (problem) {
    const tooManyBytes = file.size > LIMITS.maxInputBytes
    const code = tooManyBytes ? 'photo_too_many_bytes' : problem.code === 'image_too_large' ? 'photo_too_many_pixels' : 'photo_too_small'
    return refuse(code, limitVars(file.size, info), problem.rule)
  }
  if (BROWSER_DECODES.has(info.format)) {
    try {
      await decode(file)
    } catch (e) {
      return refuse('photo_damaged', { format: info.format.toUpperCase() }, `the ${info.format} data cannot be decoded (${(e as Error).message || 'damaged or truncated'})`)
    }
  }
  return { ok: true, format: info.format, width: info.width, height: info.height }
}

function limitVars(bytes: number, info: SniffedImage): Record<string, string | number> {
  const w = info.width ?? 0
  const h = info.height ?? 0
  return {
    size: formatMegabytes(bytes),
    limit: formatMegabytes(LIMITS.maxInputBytes),
    w,
    h,
    mp: (Math.round((w * h) / 1e5) / 10).toString(),
    maxMp: LIMITS.maxInputPixels / 1e6,
    minSide: LIMITS.minInputSide,
  }
}
