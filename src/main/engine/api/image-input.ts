import { imageSizeProblem, INPUT_FORMATS_TEXT } from '../../../shared/limits'
import { fail, ok, type Result } from '../../../shared/result'
import { EXTENSION, sniffImage, type SniffedImage } from './image-sniff'

export interface ImageInput {
  bytes: Uint8Array
  ext: string
  info: SniffedImage
}

const DATA_URL = /^data:[a-z0-9.+/-]*(;[a-z0-9=.+-]+)*;base64,/i
const STANDARD = /^[A-Za-z0-9+/]*={0,2}$/
const URL_SAFE = /^[A-Za-z0-9_-]*={0,2}$/

/**
 * A base64 image field of POST /generate → bytes, checked as far as is cheap: valid base64 (plain,
 * URL-safe or a data: URL; line breaks allowed), a known image format, and the size limits read
 * from the header (decompression bombs are refused here, before a worker decodes anything).
 */
export function decodeImageField(field: string, value: string): Result<ImageInput> {
  const b64 = value.replace(DATA_URL, '').replace(/\s+/g, '')
  if (b64.length === 0) return fail('invalid_image', `${field}: is empty (expected a base64-encoded image)`, [{ field, rule: 'must not be empty' }])
  if (!STANDARD.test(b64) && !URL_SAFE.test(b64)) {
    const bad = b64.search(/[^A-Za-z0-9+/=_-]/)
    const where = bad >= 0 ? ` (character ${JSON.stringify(b64[bad])} at position ${bad})` : ' (padding "=" only allowed at the end)'
    const rule = `must be base64-encoded image data${where}`
    return fail('invalid_image', `${field}: ${rule}`, [{ field, rule }])
  }
  if (b64.replace(/=+$/, '').length % 4 === 1) {
    const rule = 'must be base64-encoded image data (the length is not possible for base64; the text looks truncated)'
    return fail('invalid_image', `${field}: ${rule}`, [{ field, rule }])
  }
  const bytes = Buffer.from(b64, 'base64')
  const info = sniffImage(bytes)
  if (!info) {
    const rule = `is not an image (${INPUT_FORMATS_TEXT} expected)`
    return fail('invalid_image', `${field}: ${rule}`, [{ field, rule }])
  }
  // The same rule, in the same words, as the editor applies when a photo is picked (limits.ts).
  const problem = imageSizeProblem(bytes.length, info.width, info.height)
  if (problem) return fail(problem.code, `${field}: ${problem.rule}`, [{ field, rule: problem.rule }])
  return ok({ bytes, ext: EXTENSION[info.format], info })
}
