import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { EngineError } from '../../src/main/engine/errors'
import { decodeImage } from '../../src/main/engine/image/decode'
import { bombPng } from '../helpers/png-header'

const solid = (w: number, h: number, c = '#3366cc') => sharp({ create: { width: w, height: h, channels: 3, background: c } })

async function rejection(bytes: Uint8Array) {
  const e = await decodeImage(bytes, 'product_image').then(
    () => null,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(EngineError)
  return e as EngineError
}

describe('decodeImage', () => {
  it.each(['png', 'jpeg', 'webp', 'avif', 'tiff', 'gif'] as const)('decodes %s to 8-bit RGBA', async (fmt) => {
    const bytes = await solid(64, 48)[fmt]().toBuffer()
    const d = await decodeImage(bytes, 'f')
    expect([d.image.width, d.image.height]).toEqual([64, 48])
    expect(d.image.data.length).toBe(64 * 48 * 4)
    const [r, g, b, a] = d.image.data.slice(0, 4)
    // lossy codecs move colours a little; blue stays clearly blue
    expect(Math.abs(r - 0x33)).toBeLessThan(12)
    expect(Math.abs(g - 0x66)).toBeLessThan(12)
    expect(Math.abs(b - 0xcc)).toBeLessThan(12)
    expect(a).toBe(255)
  })

  it('applies EXIF orientation (6 = rotate 90° clockwise)', async () => {
    const bytes = await solid(100, 50).jpeg().withMetadata({ orientation: 6 }).toBuffer()
    const d = await decodeImage(bytes, 'f')
    expect([d.image.width, d.image.height]).toEqual([50, 100])
    expect(d.storedSize).toEqual({ width: 100, height: 50 })
  })

  it('keeps alpha and converts 16-bit to 8-bit', async () => {
    const bytes = await sharp({ create: { width: 40, height: 40, channels: 4, background: { r: 10, g: 20, b: 30, alpha: 0.5 } } })
      .toColourspace('rgb16')
      .png()
      .toBuffer()
    expect((await sharp(bytes).metadata()).depth).toBe('ushort')
    const d = await decodeImage(bytes, 'f')
    expect(d.hadAlpha).toBe(true)
    expect(Array.from(d.image.data.slice(0, 4))).toEqual([10, 20, 30, 128])
  })

  it('converts CMYK to sRGB', async () => {
    const bytes = await solid(40, 40, '#ffffff').toColourspace('cmyk').jpeg().toBuffer()
    expect((await sharp(bytes).metadata()).space).toBe('cmyk')
    const d = await decodeImage(bytes, 'f')
    expect(d.image.data[0]).toBeGreaterThan(240)
    expect(d.image.data[3]).toBe(255)
  })

  it('takes the first frame of an animated GIF', async () => {
    const red = await solid(40, 40, '#ff0000').png().toBuffer()
    const blue = await solid(40, 40, '#0000ff').png().toBuffer()
    const twoFrames = await sharp([red, blue], { join: { animated: true } }).gif().toBuffer()
    expect((await sharp(twoFrames).metadata()).pages).toBe(2)
    const d = await decodeImage(twoFrames, 'f')
    expect(d.format).toBe('gif')
    expect([d.image.width, d.image.height]).toEqual([40, 40])
    expect(d.image.data[0]).toBeGreaterThan(200)
    expect(d.image.data[2]).toBeLessThan(50)
  })

  it('rejects zero bytes', async () => {
    const e = await rejection(new Uint8Array(0))
    expect(e.code).toBe('invalid_image')
    expect(e.message).toBe('product_image: the file is empty (0 bytes)')
  })

  it('rejects bytes that are not an image', async () => {
    const e = await rejection(Buffer.from('%PDF-1.7 this is a document, not a photo'))
    expect(e.code).toBe('invalid_image')
    expect(e.message).toMatch(/^product_image: not an image/)
  })

  it('rejects a truncated PNG', async () => {
    const png = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).png().toBuffer()
    const e = await rejection(png.subarray(0, Math.floor(png.length / 2)))
    expect(e.code).toBe('invalid_image')
    expect(e.message).toMatch(/damaged or truncated/)
  })

  it('rejects a 30000x30000 PNG from its header, before decoding', async () => {
    const t0 = performance.now()
    const e = await rejection(bombPng(30000, 30000))
    expect(e.code).toBe('image_too_large')
    expect(e.message).toBe('product_image: 30000x30000 is 900.0 megapixels; the limit is 50 megapixels')
    expect(performance.now() - t0).toBeLessThan(5000)
  })

  it('rejects sides under 32 px', async () => {
    const e = await rejection(await solid(31, 200).png().toBuffer())
    expect(e.code).toBe('image_too_small')
    expect(e.message).toContain('31x200')
    expect(e.message).toContain('at least 32 px')
    await expect(decodeImage(await solid(32, 32).png().toBuffer(), 'f')).resolves.toBeTruthy()
  })
})
