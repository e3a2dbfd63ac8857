import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { sniffImage } from '../../src/main/engine/api/image-sniff'

const make = (channels: 3 | 4, width = 120, height = 80) =>
  sharp({ create: { width, height, channels, background: { r: 10, g: 20, b: 30, alpha: 0.5 } } })

/** A header-only TIFF (no strips): what a bomb looks like to the sniffer. Tags as [tag, type, value]. */
function tiffHeader(bigEndian: boolean, tags: [number, 3 | 4, number][]): Uint8Array {
  const b = new DataView(new ArrayBuffer(8 + 2 + tags.length * 12 + 4))
  const le = !bigEndian
  b.setUint8(0, bigEndian ? 0x4d : 0x49)
  b.setUint8(1, bigEndian ? 0x4d : 0x49)
  b.setUint16(2, 42, le)
  b.setUint32(4, 8, le)
  b.setUint16(8, tags.length, le)
  tags.forEach(([tag, type, value], i) => {
    const at = 10 + i * 12
    b.setUint16(at, tag, le)
    b.setUint16(at + 2, type, le)
    b.setUint32(at + 4, 1, le)
    if (type === 3) b.setUint16(at + 8, value, le)
    else b.setUint32(at + 8, value, le)
  })
  return new Uint8Array(b.buffer)
}

describe('image sniffing: TIFF', () => {
  it('reads the size of real TIFFs (uncompressed, LZW, deflate) and whether they carry alpha', async () => {
    for (const compression of ['none', 'lzw', 'deflate'] as const) {
      expect(sniffImage(await make(3, 321, 123).tiff({ compression }).toBuffer()), compression).toEqual({ format: 'tiff', width: 321, height: 123, hasAlpha: false })
      expect(sniffImage(await make(4, 64, 200).tiff({ compression }).toBuffer()), compression).toEqual({ format: 'tiff', width: 64, height: 200, hasAlpha: true })
    }
    const grey = await make(3, 50, 40).toColourspace('b-w').tiff().toBuffer()
    expect((await sharp(grey).metadata()).channels).toBe(1)
    expect(sniffImage(grey)).toEqual({ format: 'tiff', width: 50, height: 40, hasAlpha: false })
  })

  it('reads a bomb’s claimed size in either byte order, so the server can refuse it', () => {
    const tags = (w: number, h: number, spp: number): [number, 3 | 4, number][] => [
      [256, 4, w],
      [257, 4, h],
      [262, 3, 2],
      [277, 3, spp],
    ]
    expect(sniffImage(tiffHeader(false, tags(30000, 30000, 3)))).toEqual({ format: 'tiff', width: 30000, height: 30000, hasAlpha: false })
    expect(sniffImage(tiffHeader(true, tags(40000, 20000, 4)))).toEqual({ format: 'tiff', width: 40000, height: 20000, hasAlpha: true })
  })
})

describe('image sniffing: AVIF alpha', () => {
  it('an AVIF with an alpha plane says so; one without does not', async () => {
    const withAlpha = await make(4, 96, 64).avif().toBuffer()
    const opaque = await make(3, 96, 64).avif().toBuffer()
    expect((await sharp(withAlpha).metadata()).hasAlpha).toBe(true)
    expect((await sharp(opaque).metadata()).hasAlpha).toBe(false)
    expect(sniffImage(withAlpha)).toEqual({ format: 'avif', width: 96, height: 64, hasAlpha: true })
    expect(sniffImage(opaque)).toEqual({ format: 'avif', width: 96, height: 64, hasAlpha: false })
  })
})

describe('image sniffing: sizes from image-size', () => {
  it('agrees with sharp on every accepted format', async () => {
    const cases = [
      await make(4, 77, 33).png().toBuffer(),
      await make(3, 77, 33).jpeg({ progressive: true }).toBuffer(),
      await make(3, 77, 33).webp().toBuffer(),
      await make(4, 77, 33).webp({ lossless: true }).toBuffer(),
      await make(4, 77, 33).gif().toBuffer(),
    ]
    for (const bytes of cases) {
      const meta = await sharp(bytes).metadata()
      const s = sniffImage(bytes)
      expect(s, meta.format).toMatchObject({ width: 77, height: 33 })
      expect(s!.hasAlpha, meta.format).toBe(meta.format === 'gif' ? false : meta.hasAlpha)
    }
  })

  it('a rotated JPEG reports its stored size', async () => {
    const bytes = await make(3, 120, 80).jpeg().withMetadata({ orientation: 6 }).toBuffer()
    expect(sniffImage(bytes)).toMatchObject({ format: 'jpeg', width: 120, height: 80 })
  })

  it('a header cut short keeps the format and gives no size', async () => {
    const tiff = await make(3, 30, 20).tiff().toBuffer()
    expect(sniffImage(tiff.subarray(0, 12))).toMatchObject({ format: 'tiff', width: null, height: null })
  })
})
