import { describe, expect, it } from 'vitest'
import { carryBox, type FracBox } from '../../src/renderer/store/canvas-geometry'
import { ratioLabel } from '../../src/renderer/store/sizes-slice'
import { storeWithFake, until } from './fake-api'

const product = { name: 'p.png', ref: { kind: 'bytes' as const, bytes: new Uint8Array([1]), name: 'p.png' }, previewUrl: null }

describe('a manual position carried to another ratio', () => {
  it('keeps the centre, the share of the canvas and the shape in pixels', () => {
    const b: FracBox = [0.1, 0.6, 0.3, 0.3] // lower left, a square in pixels on 1080x1080
    const story = carryBox(b, { width: 1080, height: 1080 }, { width: 1080, height: 1920 })
    expect(story[0] + story[2] / 2).toBeCloseTo(0.25, 9)
    expect(story[1] + story[3] / 2).toBeCloseTo(0.75, 9)
    expect(story[2] * story[3]).toBeCloseTo(0.09, 9)
    expect((story[2] * 1080) / (story[3] * 1920)).toBeCloseTo(1, 9)
  })

  it('shrinks to fit and moves inside when the shape cannot fit the new ratio', () => {
    const wide: FracBox = [0.05, 0.05, 0.9, 0.2] // a wide copy box on a square
    const story = carryBox(wide, { width: 1080, height: 1080 }, { width: 1080, height: 1920 })
    expect(story[2]).toBeCloseTo(1, 9)
    expect(story[0]).toBeCloseTo(0, 9)
    expect((story[2] * 1080) / (story[3] * 1920)).toBeCloseTo(4.5, 9)
    const banner = carryBox([0.4, 0.1, 0.2, 0.8], { width: 1080, height: 1920 }, { width: 1200, height: 628 })
    expect(banner[1]).toBeGreaterThanOrEqual(0)
    expect(banner[1] + banner[3]).toBeLessThanOrEqual(1 + 1e-9)
  })

  it('names the ratios', () => {
    expect([ratioLabel(1080, 1080), ratioLabel(1080, 1350), ratioLabel(1080, 1920), ratioLabel(1200, 628), ratioLabel(1000, 600)]).toEqual(['1:1', '4:5', '9:16', '1.91:1', '5:3'])
  })
})

describe('all sizes at once', () => {
  async function adWithManualText() {
    const t = await storeWithFake()
    t.s().setProduct(product)
    t.s().setForm({ text: '신상품', width: 600, height: 600, seed: 77 })
    void t.s().generate()
    await until(() => t.s().run !== null)
    t.fake.finish(t.s().run!.jobId, { status: 'completed', images: ['step1', 'mask', 'step2', 'final'] })
    await until(() => t.s().run === null)
    // A manual copy position, as a text move on the canvas leaves it.
    void t.s().canvasCommit('text', [0.1, 0.7, 0.8, 0.2], 'move')
    await until(() => t.s().run !== null)
    t.fake.finish(t.s().run!.jobId, { status: 'completed', images: ['final'] })
    await until(() => t.s().run === null)
    await until(() => !!t.s().jobs[t.s().kept.final!]?.params)
    return t
  }

  it('makes 1:1, 4:5, 9:16 and 1.91:1 plus the own custom size, same seed, the manual box carried, then exports them together', async () => {
    const t = await adWithManualText()
    const base = t.s().kept.final!
    const making = t.s().makeAllSizes()
    for (let n = 0; n < 4; n++) {
      await until(() => t.s().sizeItems.some((i) => i.status === 'running' && i.jobId))
      const it = t.s().sizeItems.find((i) => i.status === 'running')!
      t.fake.finish(it.jobId!, { status: 'completed', images: ['step1', 'mask', 'step2', 'final'] })
      await until(() => t.s().sizeItems.find((i) => i.id === it.id)!.status === 'done')
    }
    await making
    const items = t.s().sizeItems
    expect(items.map((i) => `${i.width}x${i.height}`)).toEqual(['600x600', '1080x1080', '1080x1350', '1080x1920', '1200x628'])
    expect(items[0].jobId).toBe(base)
    const reqs = items.slice(1).map((i) => t.fake.jobs.get(i.jobId!)!.req.params)
    for (const [k, p] of reqs.entries()) {
      expect(p).toMatchObject({ seed: 77, width: items[k + 1].width, height: items[k + 1].height, start_step: 1, stop_step: 3, text_content: '신상품', product_box: null })
      const tb = p.text_box as FracBox
      expect(tb[1] + tb[3] / 2).toBeCloseTo(0.8, 3) // the copy stays low on every size
    }
    await t.s().exportAllSizes()
    expect(t.fake.saved.at(-1)!.files.map((f) => f.name)).toEqual(['ad_600x600.png', 'ad_1080x1080.png', 'ad_1080x1350.png', 'ad_1080x1920.png', 'ad_1200x628.png'])
  })

  it('a size opened in the editor and adjusted keeps its own result in the strip', async () => {
    const t = await adWithManualText()
    const making = t.s().makeAllSizes()
    for (let n = 0; n < 4; n++) {
      await until(() => t.s().sizeItems.some((i) => i.status === 'running' && i.jobId))
      t.fake.finish(t.s().sizeItems.find((i) => i.status === 'running')!.jobId!, { status: 'completed', images: ['step1', 'mask', 'step2', 'final'] })
      await until(() => !t.s().sizeItems.some((i) => i.status === 'running' && i.jobId && t.fake.jobs.get(i.jobId)!.status === 'completed'))
    }
    await making
    const story = t.s().sizeItems.find((i) => i.id === 'story')!
    await t.s().openSize('story')
    expect(t.s().kept.final).toBe(story.jobId)
    expect(t.s().form).toMatchObject({ width: 1080, height: 1920 })
    void t.s().recompose()
    await until(() => t.s().run !== null)
    const adjusted = t.s().run!.jobId
    t.fake.finish(adjusted, { status: 'completed', images: ['final'] })
    await until(() => t.s().sizeItems.find((i) => i.id === 'story')!.jobId === adjusted)
    expect(t.s().sizeItems.find((i) => i.id === 'square')!.jobId).not.toBe(adjusted)
  })
})
