import { describe, expect, it } from 'vitest'
import { applyPattern, baseName, fillTextTemplate, safeFileStem } from '../../src/renderer/lib/file-names'
import { toggleSceneWord } from '../../src/renderer/lib/presets'
import { fakeImages, storeWithFake, until } from './fake-api'

describe('export actions', () => {
  it('exports several formats and sizes; another aspect ratio is composed again, not cropped', async () => {
    const t = await storeWithFake()
    t.s().setProduct({ name: 'sauce bottle.png', ref: { kind: 'bytes', bytes: new Uint8Array([1]), name: 'sauce bottle.png' }, previewUrl: null })
    t.s().setForm({ width: 1080, height: 1080, seed: 42, text: '할인' })
    const run = t.s().generate()
    await until(() => t.s().run !== null)
    const ad = t.s().run!.jobId
    t.fake.finish(ad, { status: 'completed', images: ['step1', 'step2', 'final'] })
    await run

    t.s().toggleExportFormat('webp')
    t.s().setExportQuality(85)
    t.s().toggleExportSize('banner')
    fakeImages.conversions.length = 0
    const exporting = t.s().exportAd()
    await until(() => t.fake.jobs.size === 2)
    const banner = t.fake.last()
    expect(banner.req.params).toMatchObject({ start_step: 1, width: 1200, height: 628, seed: 42, text_content: '할인' })
    t.fake.finish(banner.id, { status: 'completed', images: ['step1', 'step2', 'final'] })
    await exporting

    expect(t.s().exportError).toBeNull()
    const files = t.fake.saved.at(-1)!.files
    expect(files.map((f) => f.name)).toEqual(['sauce bottle_1080x1080.png', 'sauce bottle_1080x1080.webp', 'sauce bottle_1200x628.png', 'sauce bottle_1200x628.webp'])
    // The ad's own PNG goes out untouched; everything else is re-encoded at its size.
    expect(new TextDecoder().decode(files[0].bytes)).toBe(`png:${ad}:final`)
    expect(fakeImages.conversions).toEqual(['webp@1080x1080q85', 'png@1200x628q85', 'webp@1200x628q85'])
    expect(t.fake.saved.at(-1)!.folder).toBeNull() // no default folder: the shell asks
    expect(t.s().lastExport?.paths).toHaveLength(4)
  })

  it('says so when there is nothing to export, or nothing chosen', async () => {
    const t = await storeWithFake()
    await t.s().exportAd()
    expect(t.s().exportError?.code).toBe('nothing_to_export')
    t.store.setState({ kept: { step1: null, step2: null, final: 'x' } })
    t.s().toggleExportFormat('png')
    await t.s().exportAd()
    expect(t.s().exportError?.code).toBe('export_nothing_chosen')
  })
})

describe('file names and presets', () => {
  it('fills patterns and keeps names usable on every file system', () => {
    const date = new Date(2025, 0, 9)
    expect(applyPattern('{n}_{name}_{w}x{h}_{date}', { name: 'a', n: 3, total: 120, width: 10, height: 20, date })).toBe('003_a_10x20_20250109')
    expect(applyPattern('../{name}:*?', { name: 'x', width: 1, height: 1 })).toBe('.._x_')
    expect(safeFileStem('   ')).toBe('ad')
    expect(baseName('C:\\photos\\hot-sauce.final.PNG')).toBe('hot-sauce.final')
    expect(fillTextTemplate('{name} 특가', 'chili_oil-500ml')).toBe('chili oil 500ml 특가')
  })

  it('scene chips toggle their word in the prompt', () => {
    expect(toggleSceneWord('soft light', '대리석')).toBe('대리석, soft light')
    expect(toggleSceneWord('대리석, soft light', '대리석')).toBe('soft light')
  })
})
