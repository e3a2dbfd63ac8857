/**
 * The mask belongs to the photo: `adstudio make` computes it once per photo and model and a second
 * process reuses it from the cache folder (another seed, another size); `--product-mask` replaces
 * segmentation, and a mask that does not fit is refused naming --product-mask and the rule.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/run-cli'
import { drawProductPhoto } from '../helpers/synthetic-product'

let dir: string
let photo: string

const grey = (w: number, h: number, fill: (x: number, y: number) => number) => {
  const px = Buffer.alloc(w * h)
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) px[y * w + x] = fill(x, y)
  return sharp(px, { raw: { width: w, height: h, channels: 1 } }).png().toBuffer()
}
const jobJson = async (out: string) => JSON.parse(await readFile(join(out, 'job.json'), 'utf8'))

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'adstudio-product-mask-'))
  // Bytes no earlier run has seen (a random row of pixels), so the first make computes its mask
  // even though the test cache folder is shared between runs.
  const shot = await drawProductPhoto({ width: 320, height: 320, backdrop: 'gradient' })
  const { data, info } = await sharp(shot.png).raw().toBuffer({ resolveWithObject: true })
  randomBytes(info.width * info.channels).copy(data, 0)
  photo = join(dir, 'photo.png')
  await writeFile(photo, await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).png().toBuffer())
})

describe('product mask with adstudio make', () => {
  it('computes the mask once; the next process reuses it for another seed and size', async () => {
    const first = join(dir, 'first')
    const a = await runCli(['make', '--product', photo, '--out', first, '--stop-step', '1', '--size', '256x256', '--seed', '1'])
    expect(a.code, a.stderr).toBe(0)
    const j1 = await jobJson(first)
    expect(j1.notes.mask).toBe('computed')
    expect(j1.notes.mask_cached).toBe(true)
    expect(j1.timings_ms.segmentation).toBeGreaterThan(0)

    const second = join(dir, 'second')
    const b = await runCli(['make', '--product', photo, '--out', second, '--stop-step', '1', '--size', '320x256', '--seed', '2'])
    expect(b.code, b.stderr).toBe(0)
    const j2 = await jobJson(second)
    expect(j2.notes.mask).toBe('cached')
    expect(j2.engines.cutout).toBe('isnet-medium')
    expect(j2.timings_ms.segmentation).toBeUndefined()
    expect(j2.timings_ms.model_load).toBeUndefined()
    expect(j2.product_source_box).toEqual(j1.product_source_box)
  }, 180_000)

  it('--product-mask replaces segmentation; job.json says supplied', async () => {
    const maskFile = join(dir, 'block.png')
    await writeFile(maskFile, await grey(320, 320, (x, y) => (x >= 100 && x < 220 && y >= 40 && y < 300 ? 255 : 0)))
    const out = join(dir, 'supplied')
    const r = await runCli(['make', '--product', photo, '--product-mask', maskFile, '--out', out, '--stop-step', '1', '--size', '256x256'])
    expect(r.code, r.stderr).toBe(0)
    const j = await jobJson(out)
    expect(j.notes.mask).toBe('supplied')
    expect(j.engines.cutout).toBe('supplied')
    expect(j.product_source_box).toEqual([100, 40, 120, 260])
  }, 120_000)

  it('refuses a mask of another size or without product pixels (exit 2, naming --product-mask)', async () => {
    const small = join(dir, 'small.png')
    await writeFile(small, await grey(100, 100, () => 255))
    const r = await runCli(['make', '--product', photo, '--product-mask', small, '--out', join(dir, 'x')])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--product-mask: 100x100 does not match product_image \(320x320\)/)
    const black = join(dir, 'black.png')
    await writeFile(black, await grey(320, 320, () => 0))
    const e = await runCli(['make', '--product', photo, '--product-mask', black, '--out', join(dir, 'y')])
    expect(e.code).toBe(2)
    expect(e.stderr).toMatch(/--product-mask: has no product pixels/)
  }, 120_000)
})
