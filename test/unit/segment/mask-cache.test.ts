import { mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, describe, expect, it } from 'vitest'
import type { Mask } from '../../../src/main/engine/image/raster'
import { MaskCache } from '../../../src/main/engine/steps/segment/mask-cache'
import { decodeProductMask, orientedSize } from '../../../src/main/engine/steps/segment/product-mask'
import { emptyMask, gaussianBlur, paintRect } from './synthetic'

const dirs: string[] = []
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'adstudio-mask-cache-'))
  dirs.push(d)
  return d
}
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})

/** A soft-edged block: greys at the edge, so 8-bit storage is exercised. */
const softBlock = (w: number, h: number): Mask => gaussianBlur(paintRect(emptyMask(w, h), 20, 30, w / 2, h / 2), 2)

describe('MaskCache', () => {
  it('returns what was stored, to 8-bit precision, for the same photo bytes and model only', async () => {
    const cache = new MaskCache(await tempDir())
    const photo = new Uint8Array([1, 2, 3, 4, 5])
    const mask = softBlock(120, 90)
    const key = MaskCache.key(photo, 'isnet-medium')
    expect(await cache.put(key, mask)).toBe(true)
    const back = await cache.get(key, 120, 90)
    let worst = 0
    for (let i = 0; i < mask.data.length; i++) worst = Math.max(worst, Math.abs(back!.data[i] - mask.data[i]))
    expect(worst).toBeLessThanOrEqual(0.5 / 255 + 1e-6)
    expect(MaskCache.key(photo, 'isnet-small')).not.toBe(key)
    expect(MaskCache.key(new Uint8Array([1, 2, 3, 4, 6]), 'isnet-medium')).not.toBe(key)
    expect(await cache.get(MaskCache.key(photo, 'isnet-small'), 120, 90)).toBeNull()
    // Another size (a stale entry) or a damaged file: null, so the mask is recomputed.
    expect(await cache.get(key, 121, 90)).toBeNull()
    await writeFile(join(cache.dir, `${key}.png`), 'not a png')
    expect(await cache.get(key, 120, 90)).toBeNull()
  })

  it('stays within its size bound, dropping the least recently used entries first', async () => {
    const dir = await tempDir()
    const probe = new MaskCache(dir)
    await probe.put('probe', softBlock(200, 200))
    const entry = (await stat(join(dir, 'probe.png'))).size
    await rm(join(dir, 'probe.png'))
    // Room for three entries.
    const cache = new MaskCache(dir, entry * 3 + entry / 2)
    const t0 = Date.now() / 1000 - 100
    for (const [k, name] of ['a', 'b', 'c'].entries()) {
      await cache.put(name, softBlock(200, 200))
      await utimes(join(dir, `${name}.png`), t0 + k, t0 + k)
    }
    expect(await cache.get('a', 200, 200)).not.toBeNull() // a hit makes "a" the most recent
    await cache.put('d', softBlock(200, 200))
    expect((await readdir(dir)).sort()).toEqual(['a.png', 'c.png', 'd.png'])
  })
})

describe('decodeProductMask', () => {
  const grey = (w: number, h: number, v: (i: number) => number) =>
    sharp(Buffer.from(Uint8Array.from({ length: w * h }, (_, i) => v(i))), { raw: { width: w, height: h, channels: 1 } }).png().toBuffer()

  it('reads greys as soft edge: 0 → 0, 128 → 0.502, 255 → 1', async () => {
    const r = await decodeProductMask(await grey(40, 40, (i) => (i < 800 ? 0 : i < 1200 ? 128 : 255)), { width: 40, height: 40 })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.data[0]).toBe(0)
    expect(r.value.data[1000]).toBeCloseTo(128 / 255, 6)
    expect(r.value.data[1500]).toBe(1)
  })

  it('uses the alpha of a transparent cutout PNG as the mask', async () => {
    const rgba = Buffer.alloc(40 * 40 * 4, 200)
    for (let i = 0; i < 1600; i++) rgba[i * 4 + 3] = i < 800 ? 0 : 255
    const png = await sharp(rgba, { raw: { width: 40, height: 40, channels: 4 } }).png().toBuffer()
    const r = await decodeProductMask(png, { width: 40, height: 40 })
    expect(r.ok && [r.value.data[0], r.value.data[1500]]).toEqual([0, 1])
  })

  it('names product_mask and the rule for each refusal', async () => {
    const size = { width: 40, height: 40 }
    const other = await decodeProductMask(await grey(40, 30, () => 255), size)
    expect(!other.ok && other.message).toBe("product_mask: 40x30 does not match product_image (40x40); the mask must be the photo's size")
    const broken = await decodeProductMask(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), size)
    expect(!broken.ok && broken.issues).toEqual([{ field: 'product_mask', rule: 'is not a decodable image (an 8-bit grey PNG expected: 0 = background, 255 = product)' }])
    const empty = await decodeProductMask(await grey(40, 40, () => 127), size)
    expect(!empty.ok && empty.message).toMatch(/^product_mask: has no product pixels/)
  })

  it('compares with the photo as the engine sees it (EXIF orientation applied)', async () => {
    const turned = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#888' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer()
    expect(await orientedSize(turned)).toEqual({ width: 40, height: 60 })
  })
})
