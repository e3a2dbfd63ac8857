import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { decodeImage } from '../../src/main/engine/image/decode'
import { EngineContext } from '../../src/main/engine/pipeline/engine-context'
import { computeMatte } from '../../src/main/engine/pipeline/product-cutout'
import { Stopwatch } from '../../src/main/engine/pipeline/stopwatch'
import { sharedFixture } from '../helpers/fixtures'
import { drawProductPhoto, iou } from '../helpers/synthetic-product'

const ctx = new EngineContext({ cacheDir: join(tmpdir(), 'adstudio-test-cache'), device: 'cpu' })
afterAll(() => ctx.dispose())

describe('segmentation with the real ISNet model', () => {
  it('cuts out a product rendered on a studio backdrop (known mask, IoU ≥ 0.95)', async () => {
    const shot = await drawProductPhoto({ width: 640, height: 640, backdrop: 'gradient' })
    const decoded = await decodeImage(shot.png, 'product')
    const { matte, source } = await computeMatte(decoded, ctx, 'isnet-medium', new Stopwatch())
    expect(source).toBe('isnet-medium')
    expect([matte.width, matte.height]).toEqual([640, 640])
    expect(iou(matte.data, shot.mask)).toBeGreaterThanOrEqual(0.95)
    // refined: the far background is exactly transparent, the interior exactly opaque
    expect(matte.data[5 * 640 + 5]).toBe(0)
    expect(matte.data[Math.round(640 * 0.7) * 640 + 320]).toBe(1)
  })

  it('uses the photo’s own alpha when it has a meaningful one (no model run)', async () => {
    const shot = await drawProductPhoto({ width: 400, height: 400, transparent: true })
    const sw = new Stopwatch()
    const { matte, source } = await computeMatte(await decodeImage(shot.png, 'product'), ctx, 'isnet-medium', sw)
    expect(source).toBe('alpha')
    expect(sw.timings.segmentation).toBeUndefined()
    expect(iou(matte.data, shot.mask)).toBeGreaterThan(0.98)
  })

  const lemur = sharedFixture('lemur.png')
  const lemurAlpha = sharedFixture('lemur_alpha.png')
  it.skipIf(!lemur || !lemurAlpha)('lemur.png against lemur_alpha.png: IoU ≥ 0.9', async () => {
    const decoded = await decodeImage(await readFile(lemur!), 'lemur')
    const truth = await decodeImage(await readFile(lemurAlpha!), 'lemur_alpha')
    const { matte } = await computeMatte(decoded, ctx, 'isnet-medium', new Stopwatch())
    const t = new Float32Array(truth.image.width * truth.image.height)
    for (let i = 0; i < t.length; i++) t[i] = truth.image.data[i * 4] / 255
    expect(iou(matte.data, t)).toBeGreaterThanOrEqual(0.9)
  })
})
