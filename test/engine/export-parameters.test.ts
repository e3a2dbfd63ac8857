import { execFileSync } from 'node:child_process'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { encodeExport, EXPORT_FORMATS, PARAMS_KEY, readExportParameters } from '../../src/main/engine/image/export-image'
import { insertPngText, readPngText } from '../../src/main/engine/image/png-chunks'
import { createRgba } from '../../src/main/engine/image/raster'
import { parametersFromXmp, parametersXmp, XMP_NAMESPACE } from '../../src/main/engine/image/xmp-parameters'

/** A 64x48 ad stand-in: left half red, right half blue, so a lossy export still has known colours. */
function ad() {
  const img = createRgba(64, 48)
  for (let i = 0; i < 64 * 48; i++) {
    const left = i % 64 < 32
    img.data.set([left ? 220 : 20, 30, left ? 20 : 220, 255], i * 4)
  }
  return img
}

const params = {
  text_content: '맛있는 바나나 50% 할인 <특가> & "오늘만"',
  bg_prompt: "marble table, soft light, it's <b>",
  seed: 1234567,
  width: 1080,
  nested: { mode: 'behind', list: [1, 2.5, null] },
}

function imagemagickXmp(bytes: Buffer, format: string): string | null {
  try {
    return execFileSync('convert', [`${format}:-`, 'xmp:-'], { input: bytes, stdio: ['pipe', 'pipe', 'ignore'] }).toString('utf8')
  } catch {
    return null
  }
}

describe('parameters in exported ads', () => {
  it.each(EXPORT_FORMATS)('%s carries the parameters as XMP and reads them back', async (format) => {
    const bytes = await encodeExport(ad(), { format, quality: 85, parameters: params })
    const meta = await sharp(bytes).metadata()
    expect(meta.format).toBe(format)
    expect(meta.xmpAsString).toContain(XMP_NAMESPACE)
    expect(await readExportParameters(bytes)).toEqual(params)
    // the pixels are still the ad
    const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true })
    expect([info.width, info.height]).toEqual([64, 48])
    const px = (x: number, y: number) => Array.from(data.subarray((y * 64 + x) * info.channels, (y * 64 + x) * info.channels + 3))
    for (const [a, b] of px(8, 24).map((v, i) => [v, [220, 30, 20][i]])) expect(Math.abs(a - b)).toBeLessThan(12)
    for (const [a, b] of px(56, 24).map((v, i) => [v, [20, 30, 220][i]])) expect(Math.abs(a - b)).toBeLessThan(12)
  })

  // Where the formats' specs put XMP, read from the bytes: so other tools find it, not only sharp.
  it('the XMP sits where the specs say: a JPEG APP1 segment, a WebP "XMP " chunk flagged in VP8X', async () => {
    const jpeg = await encodeExport(ad(), { format: 'jpeg', parameters: params })
    const header = Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1')
    let app1: string | null = null
    for (let at = 2; at + 4 < jpeg.length && jpeg[at] === 0xff && jpeg[at + 1] !== 0xda; at += 2 + jpeg.readUInt16BE(at + 2)) {
      const body = jpeg.subarray(at + 4, at + 2 + jpeg.readUInt16BE(at + 2))
      if (jpeg[at + 1] === 0xe1 && body.subarray(0, header.length).equals(header)) app1 = body.subarray(header.length).toString('utf8')
    }
    expect(app1 && parametersFromXmp(app1)).toEqual(params)

    const webp = await encodeExport(ad(), { format: 'webp', parameters: params })
    const chunks = new Map<string, Buffer>()
    for (let at = 12; at + 8 <= webp.length; ) {
      const n = webp.readUInt32LE(at + 4)
      chunks.set(webp.toString('latin1', at, at + 4), webp.subarray(at + 8, at + 8 + n))
      at += 8 + n + (n & 1)
    }
    expect(chunks.get('VP8X')![0] & 0x04).toBe(0x04) // the XMP flag
    expect(parametersFromXmp(chunks.get('XMP ')!.toString('utf8'))).toEqual(params)

    // An independent reader, where installed (ImageMagick 6 mis-handles WebP XMP, so JPEG only).
    const viaMagick = imagemagickXmp(jpeg, 'jpeg')
    if (viaMagick !== null) expect(parametersFromXmp(viaMagick)).toEqual(params)
  })

  it('PNG keeps its iTXt chunk, and a PNG from before XMP still reads back', async () => {
    const png = await encodeExport(ad(), { format: 'png', parameters: params })
    expect(JSON.parse(readPngText(png)[PARAMS_KEY])).toEqual(params)
    const old = insertPngText(await sharp(png).png().toBuffer(), PARAMS_KEY, JSON.stringify({ seed: 7 }))
    expect((await sharp(old).metadata()).xmp).toBeUndefined()
    expect(await readExportParameters(old)).toEqual({ seed: 7 })
  })

  it('an export without parameters has none, in every format', async () => {
    for (const format of EXPORT_FORMATS) expect(await readExportParameters(await encodeExport(ad(), { format }))).toBeNull()
  })

  it('the XMP is found by namespace whatever prefix a rewriting editor chose, element or attribute', () => {
    const packet = parametersXmp(params)
    expect(parametersFromXmp(packet.replaceAll('adstudio:', 'ns1:').replace('xmlns:adstudio', 'xmlns:ns1'))).toEqual(params)
    const json = JSON.stringify({ seed: 3, t: 'a"b' }).replace(/&/g, '&amp;').replace(/"/g, '&quot;')
    const attr = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:a="${XMP_NAMESPACE}" a:parameters="${json}"/></rdf:RDF></x:xmpmeta>`
    expect(parametersFromXmp(attr)).toEqual({ seed: 3, t: 'a"b' })
    expect(parametersFromXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"/>')).toBeNull()
  })
})
