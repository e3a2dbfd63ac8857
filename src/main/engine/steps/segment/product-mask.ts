/**
 * A product mask supplied with the photo (`product_mask`: 8-bit grey PNG at the photo's size,
 * 0 = background, 255 = product, greys = soft edge). It replaces segmentation for that photo.
 * The rules are checked before a job is queued (API, IPC, CLI), each refusal naming the field.
 */
import sharp, { type OutputInfo } from 'sharp'
import { fail, ok, type Failure, type Result } from '../../../../shared/result'
import type { Mask } from '../../image/raster'

export const PRODUCT_MASK_FIELD = 'product_mask'

/** A pixel at or above this value is product; a mask with none is refused. */
const PRODUCT_LEVEL = 128

const refuse = (rule: string) => fail('invalid_image', `${PRODUCT_MASK_FIELD}: ${rule}`, [{ field: PRODUCT_MASK_FIELD, rule }])

/** The photo's size as the engine sees it (EXIF orientation applied), read from the header. */
export async function orientedSize(photoBytes: Uint8Array): Promise<{ width: number; height: number } | null> {
  try {
    const m = await sharp(photoBytes, { limitInputPixels: false }).metadata()
    if (!m.width || !m.height) return null
    const turned = (m.orientation ?? 1) >= 5
    return turned ? { width: m.height, height: m.width } : { width: m.width, height: m.height }
  } catch {
    return null
  }
}

/**
 * Decodes and checks a supplied mask against the photo's size. A mask with transparency uses its
 * alpha (a cutout PNG works as its own mask), otherwise its first channel.
 */
export async function decodeProductMask(bytes: Uint8Array, photo: { width: number; height: number }): Promise<Result<Mask>> {
  let raw: { data: Buffer; info: OutputInfo }
  let hasAlpha: boolean
  try {
    const meta = await sharp(bytes).metadata()
    hasAlpha = meta.hasAlpha === true
    raw = await sharp(bytes).autoOrient().ensureAlpha().raw().toBuffer({ resolveWithObject: true })
  } catch {
    return refuse('is not a decodable image (an 8-bit grey PNG expected: 0 = background, 255 = product)')
  }
  const { width, height, channels } = raw.info
  if (width !== photo.width || height !== photo.height)
    return refuse(`${width}x${height} does not match product_image (${photo.width}x${photo.height}); the mask must be the photo's size`)
  const out = new Float32Array(width * height)
  const src = raw.data
  let alphaUsed = false
  if (hasAlpha) for (let i = 0; i < out.length && !alphaUsed; i++) alphaUsed = src[i * channels + channels - 1] < 255
  const offset = alphaUsed ? channels - 1 : 0
  let product = 0
  for (let i = 0; i < out.length; i++) {
    const v = src[i * channels + offset]
    out[i] = v / 255
    if (v >= PRODUCT_LEVEL) product++
  }
  if (product === 0) return refuse(`has no product pixels (every value is below ${PRODUCT_LEVEL}; 255 marks the product)`)
  return ok({ width, height, data: out })
}

/** The refusal for a supplied mask that does not fit its photo, or null when it does. */
export async function productMaskProblem(maskBytes: Uint8Array, photoBytes: Uint8Array): Promise<Failure | null> {
  const size = await orientedSize(photoBytes)
  if (!size) return null // the photo's own refusal comes from decoding it
  const m = await decodeProductMask(maskBytes, size)
  return m.ok ? null : m
}
