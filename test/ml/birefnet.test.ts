import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRgba } from '../../src/main/engine/image/raster'
import { BiRefNetSegmenter } from '../../src/main/engine/steps/generative/birefnet-segmenter'
import { buildBiRefNet } from '../helpers/tiny-onnx/segmentation'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'adstudio-birefnet-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** A bright product on a dark backdrop. */
function photo(w: number, h: number) {
  const img = createRgba(w, h)
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const inside = x >= w / 4 && x < (3 * w) / 4 && y >= h / 4 && y < (3 * h) / 4
      img.data.set(inside ? [240, 230, 220, 255] : [15, 20, 25, 255], (y * w + x) * 4)
    }
  return img
}

describe('BiRefNet segmenter on a stand-in', () => {
  it('ImageNet normalisation + sigmoid of the logits, at the real 1024² input size', async () => {
    const path = join(dir, 'birefnet.onnx')
    await writeFile(path, buildBiRefNet(1024))
    const seg = await BiRefNetSegmenter.create(path, 'cpu')
    expect(seg.info).toMatchObject({ side: 1024, provider: 'cpu' })
    const p = photo(200, 150)
    const mask = await seg.segment(p)
    expect([mask.width, mask.height]).toEqual([200, 150])
    expect(mask.data[75 * 200 + 100]).toBeGreaterThan(0.99)
    expect(mask.data[5 * 200 + 5]).toBeLessThan(0.01)
    await seg.release()
  })

  it('reads a smaller side from the graph and refuses a non-image model', async () => {
    const path = join(dir, 'small.onnx')
    await writeFile(path, buildBiRefNet(256))
    const seg = await BiRefNetSegmenter.create(path, 'cpu')
    expect(seg.info.side).toBe(256)
    await seg.release()
    const { buildTextEncoder } = await import('../helpers/tiny-onnx/text-encoders')
    const bad = join(dir, 'bad.onnx')
    await writeFile(bad, buildTextEncoder({ dim: 8 }))
    await expect(BiRefNetSegmenter.create(bad, 'cpu')).rejects.toThrow(/\[1,3,H,W\] image input/)
  })
})
