import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { decodeImageField } from '../../src/main/engine/api/image-input'
import { decodeImage } from '../../src/main/engine/image/decode'
import { EngineError } from '../../src/main/engine/errors'
import { formatMegabytes, imageSizeProblem, LIMITS } from '../../src/shared/limits'

/** One set of input limits (src/shared/limits.ts): the API's header check and the worker's decoder agree, in the same words. */
describe('input limits', () => {
  it('formats sizes the way file managers show them', () => {
    expect(formatMegabytes(49_700_000)).toBe('49.7 MB')
    expect(formatMegabytes(64_000_000)).toBe('64 MB')
    expect(formatMegabytes(2_500_000)).toBe('2.5 MB')
  })

  it('bytes first, then pixels, then the smallest side', () => {
    expect(imageSizeProblem(LIMITS.maxInputBytes, 7000, 7000)).toBeNull()
    expect(imageSizeProblem(LIMITS.maxInputBytes + 1, 10, 10)).toEqual({ code: 'image_too_large', rule: 'the file is 64 MB; the limit is 64 MB' })
    expect(imageSizeProblem(70_100_000, null, null)?.rule).toBe('the file is 70.1 MB; the limit is 64 MB')
    expect(imageSizeProblem(1000, 7071, 7071)).toBeNull() // 49,999,041 pixels
    expect(imageSizeProblem(1000, 7072, 7072)?.rule).toBe('7072x7072 is 50.0 megapixels; the limit is 50 megapixels') // 50,013,184
    expect(imageSizeProblem(1000, 31, 4000)).toEqual({ code: 'image_too_small', rule: '31x4000 is too small; width and height must be at least 32 px' })
  })

  it('refuses a file over the byte limit in the API and in the decoder with the same sentence', async () => {
    const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#c33' } }).jpeg().toBuffer()
    const big = Buffer.concat([jpeg, Buffer.alloc(LIMITS.maxInputBytes + 500_000 - jpeg.length)])
    const api = decodeImageField('product_image', big.toString('base64'))
    expect(api).toMatchObject({ ok: false, code: 'image_too_large', message: 'product_image: the file is 64.5 MB; the limit is 64 MB' })
    const err = await decodeImage(big, 'product_image').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(EngineError)
    expect((err as EngineError).message).toBe('product_image: the file is 64.5 MB; the limit is 64 MB')
    // Just under the limit is decoded (the padding after the JPEG's end marker is ignored).
    const under = Buffer.concat([jpeg, Buffer.alloc(LIMITS.maxInputBytes - 1000 - jpeg.length)])
    expect(decodeImageField('product_image', under.toString('base64')).ok).toBe(true)
  })
})
