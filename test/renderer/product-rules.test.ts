import { describe, expect, it } from 'vitest'
import { deflateSync } from 'node:zlib'
import { checkImageFile } from '../../src/renderer/lib/image-check'
import { captionOf, groupHistory, otherKindOf } from '../../src/renderer/store/history-groups'
import type { JobView } from '../../src/renderer/store/jobs-slice'
import { composePlan, textPlan } from '../../src/renderer/store/rerun-plan'
import { needsPhoto } from '../../src/renderer/store/selectors'
import { translate, type StringKey } from '../../src/renderer/i18n/strings'
import { LIMITS } from '../../src/shared/limits'
import { storeWithFake, until } from './fake-api'

const product = { name: 'sauce.png', ref: { kind: 'bytes' as const, bytes: new Uint8Array([1, 2, 3]), name: 'sauce.png' }, previewUrl: null }

/** A real PNG header (signature + IHDR) of the given size, then `extra` bytes of (undecodable) data. */
function pngHeader(width: number, height: number): Uint8Array {
  const ihdr = Buffer.alloc(25)
  ihdr.writeUInt32BE(13, 0)
  ihdr.write('IHDR', 4, 'ascii')
  ihdr.writeUInt32BE(width, 8)
  ihdr.writeUInt32BE(height, 12)
  ihdr[16] = 8
  ihdr[17] = 6
  return new Uint8Array(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr, deflateSync(Buffer.alloc(8))]))
}
const decodes = async () => undefined
const neverDecodes = async () => {
  throw new Error('The source image could not be decoded.')
}
const en = (code: string, vars: Record<string, string | number> = {}) => translate('en', `error.${code}` as Parameters<typeof translate>[1], vars)

describe('a product photo is checked when it arrives', () => {
  it('refuses a text file named .png with a plain sentence, before anything is sent', async () => {
    const r = await checkImageFile(new File(['hello, I am text'], 'sauce.png', { type: 'image/png' }), decodes)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('not_an_image')
    expect(en(r.error.code, r.error.vars)).toBe('sauce.png is not a picture: its contents are not PNG, JPEG, WebP, AVIF, TIFF or GIF.')
  })

  it('refuses a file over the byte limit, naming its size and the limit', async () => {
    const big = new File([pngHeader(4000, 3000), new Uint8Array(LIMITS.maxInputBytes + 1_000_000)], 'huge.png')
    const r = await checkImageFile(big, decodes)
    if (r.ok) throw new Error('accepted')
    expect(r.error.code).toBe('photo_too_many_bytes')
    expect(en(r.error.code, r.error.vars)).toBe('This photo is 65 MB; the limit is 64 MB.')
  })

  it('refuses more pixels than the engine takes, from the header alone', async () => {
    const r = await checkImageFile(new File([pngHeader(8000, 7000)], 'wide.png'), neverDecodes)
    if (r.ok) throw new Error('accepted')
    expect(en(r.error.code, r.error.vars)).toBe('This photo is 8000×7000 (56 megapixels); the limit is 50 megapixels.')
    const small = await checkImageFile(new File([pngHeader(20, 500)], 'thin.png'), decodes)
    if (small.ok) throw new Error('accepted')
    expect(en(small.error.code, small.error.vars)).toBe('This photo is 20×500; it must be at least 32 pixels each way.')
  })

  it('accepts a 50 MP photo of 49.7 MB (the README promise), and refuses one the browser cannot decode', async () => {
    const ok = await checkImageFile(new File([pngHeader(7000, 7000), new Uint8Array(49_700_000)], 'camera.png'), decodes)
    expect(ok).toEqual({ ok: true, format: 'png', width: 7000, height: 7000 })
    const bad = await checkImageFile(new File([pngHeader(800, 600)], 'cut.png'), neverDecodes)
    if (bad.ok) throw new Error('accepted')
    expect(en(bad.error.code, bad.error.vars)).toBe('cut.png cannot be opened: its PNG data is damaged or cut off.')
  })
})

describe('Generate and New background need a product photo', () => {
  it('are refused without one, and run background-only only by explicit choice', async () => {
    const t = await storeWithFake()
    expect(needsPhoto(t.s())).toBe(true)
    await t.s().generate()
    await t.s().newBackground()
    expect(t.fake.jobs.size).toBe(0)
    expect(t.s().editorError?.code).toBe('needs_photo')
    t.s().setBackgroundOnly(true)
    expect(t.s().editorError).toBeNull()
    expect(needsPhoto(t.s())).toBe(false)
    const run = t.s().generate()
    await until(() => t.s().run !== null)
    expect(t.fake.last().req.product).toBeNull()
    t.fake.finish(t.fake.last().id, { status: 'completed', images: ['step1', 'step2', 'final'] })
    await run
  })

  it('a new photo clears the errors about the old one', async () => {
    const t = await storeWithFake()
    t.s().setProductError({ code: 'not_an_image', detail: 'x' })
    t.store.setState({ editorError: { code: 'invalid_image', detail: 'product_image: ...' } })
    t.s().setProduct(product)
    expect(t.s().productError).toBeNull()
    expect(t.s().editorError).toBeNull()
  })
})

async function madeAd(t: Awaited<ReturnType<typeof storeWithFake>>) {
  t.s().setProduct(product)
  t.s().setForm({ text: '신상품', width: 1080, height: 1080, seed: 5 })
  const run = t.s().generate()
  await until(() => t.s().run !== null)
  const id = t.s().run!.jobId
  t.fake.finish(id, { status: 'completed', images: ['step1', 'mask', 'step2', 'final'] })
  await run
  await until(() => t.s().jobs[id]?.params !== null && t.s().jobs[id]?.params !== undefined)
  return id
}

describe('re-runs say what they use', () => {
  it('recompose after a size change makes the ad again at that size (same seed), and says so', async () => {
    const t = await storeWithFake()
    const first = await madeAd(t)
    expect(composePlan(t.s())).toEqual({ kind: 'compose', reason: null })
    t.s().setForm({ width: 1080, height: 1920 })
    expect(composePlan(t.s())).toEqual({ kind: 'generate', reason: 'size' })
    expect(textPlan(t.s())).toEqual({ kind: 'generate', reason: 'size' })
    const run = t.s().recompose()
    await until(() => t.s().run !== null)
    const req = t.fake.last().req
    expect(req.params).toMatchObject({ start_step: 1, stop_step: 3, width: 1080, height: 1920, seed: 5 })
    expect(req.product).toEqual(product.ref)
    expect(t.s().run!.kind).toBe('generate')
    t.fake.finish(t.fake.last().id, { status: 'completed', images: ['step1', 'step2', 'final'] })
    await run
    expect(t.s().kept.step1).not.toBe(first)
  })

  it('recompose after a text change runs the text step again instead of showing the old words', async () => {
    const t = await storeWithFake()
    const first = await madeAd(t)
    t.s().setForm({ text: '오늘만 특가' })
    expect(composePlan(t.s())).toEqual({ kind: 'text', reason: 'text' })
    const run = t.s().recompose()
    await until(() => t.s().run !== null)
    expect(t.fake.calls.at(-1)).toMatchObject({ fn: 'regenerateText', args: [expect.objectContaining({ text_content: '오늘만 특가' }), first] })
    t.fake.finish(t.fake.last().id, { status: 'completed', images: ['step2', 'final'] })
    await run
  })

  it('a text re-run without words is refused in the editor, not sent to be refused as "not valid"', async () => {
    const t = await storeWithFake()
    await madeAd(t)
    const before = t.fake.jobs.size
    t.s().setForm({ text: '  ' })
    await t.s().regenerateText()
    expect(t.s().editorError?.code).toBe('needs_text_rerun')
    await t.s().recompose()
    expect(t.s().editorError?.code).toBe('needs_text_rerun')
    expect(t.fake.jobs.size).toBe(before)
  })

  it('reopening a job takes its kept product photo; one without a photo is background-only', async () => {
    const t = await storeWithFake()
    const first = await madeAd(t)
    t.s().setProduct(null)
    await t.s().reopen(first)
    expect(t.s().product?.ref).toEqual({ kind: 'job', jobId: first, image: 'product' })
    expect(t.s().backgroundOnly).toBe(false)
    t.s().setBackgroundOnly(true)
    t.s().setProduct(null)
    const run = t.s().generate()
    await until(() => t.s().run !== null)
    const bare = t.s().run!.jobId
    t.fake.finish(bare, { status: 'completed', images: ['step1', 'final'] })
    await run
    t.s().setBackgroundOnly(false)
    await t.s().reopen(bare)
    expect(t.s().product).toBeNull()
    expect(t.s().backgroundOnly).toBe(true)
    // A re-run that kept no photo (made by an older engine) does not turn into a background-only ad: it asks for one.
    t.store.setState({ kept: { step1: bare, step2: bare, final: bare } })
    t.s().setForm({ text: 'again' })
    const text = t.s().regenerateText()
    await until(() => t.s().run !== null)
    const rerun = t.s().run!.jobId
    t.fake.jobs.get(rerun)!.req.product = null
    t.fake.finish(rerun, { status: 'completed', images: ['step2', 'final'] })
    await text
    await t.s().reopen(rerun)
    expect(t.s().product).toBeNull()
    expect(t.s().backgroundOnly).toBe(false)
    expect(needsPhoto(t.s())).toBe(true)
  })
})

const view = (id: string, created: number, product: string | null, params: Record<string, unknown>, ran: number[], images: JobView['images'] = { final: true }): JobView => ({
  summary: { job_id: id, status: 'completed', progress_percent: 100, current_step: null, sub_step: null, message: '', start_time: null, created_at: created, end_time: null, queue_position: null, product_id: product, damaged: null },
  progress: null,
  images,
  params,
  error: null,
  ranSteps: ran,
  hasProduct: product !== null,
})

describe('the canvas tab follows a run', () => {
  it('forward only (a re-run copy of step 1 arriving last does not pull it back), and never away from a tab the user picked', async () => {
    const t = await storeWithFake()
    await madeAd(t)
    t.s().setForm({ text: '다시' })
    let run = t.s().regenerateText()
    await until(() => t.s().run !== null)
    t.fake.finish(t.s().run!.jobId, { status: 'completed', images: ['step2', 'final', 'step1'] })
    await run
    expect(t.s().tab).toBe('final')

    t.s().setForm({ text: '또 다시' })
    run = t.s().regenerateText()
    await until(() => t.s().run !== null)
    const id = t.s().run!.jobId
    t.fake.emit({ type: 'job.image', job_id: id, at: 0, image: 'step2', url: '' })
    t.s().setTab('step1') // the user looks at the scene while the text is made
    t.fake.finish(id, { status: 'completed', images: ['final'] })
    await run
    expect(t.s().tab).toBe('step1')
  })
})

describe('History by product', () => {
  it('one card per product photo, newest first inside and across; a job without a photo alone', () => {
    const groups = groupHistory([
      view('a', 1, 'p1', { start_step: 1, width: 1080, height: 1080, text_content: '할인' }, [1, 2, 3]),
      view('b', 2, 'p1', { start_step: 2, text_content: '특가' }, [2, 3]),
      view('c', 3, 'p2', { start_step: 1, width: 1200, height: 628 }, [1]),
      view('d', 4, 'p1', { start_step: 3, composition_mode: 'behind', text_position: 'bottom', text_content: 'never drawn' }, [3]),
      view('e', 5, null, { start_step: 1 }, [1, 2, 3]),
    ])
    expect(groups.map((g) => [g.key, g.jobs.map((j) => j.summary.job_id)])).toEqual([
      ['job:e', ['e']],
      ['p1', ['d', 'b', 'a']],
      ['p2', ['c']],
    ])
    expect(groups[1].cover?.summary.job_id).toBe('d')
    expect(groups[0].productJob).toBeNull()
  })

  it('captions say what ran: a recompose never claims the text it was sent', () => {
    expect(captionOf(view('a', 1, 'p', { start_step: 1, width: 1080, height: 1920, text_content: '할인' }, [1, 2, 3]))).toEqual({ kind: 'scene', width: 1080, height: 1920, text: '할인' })
    expect(captionOf(view('b', 1, 'p', { start_step: 1, width: 256, height: 256, text_content: '할인' }, [1]))).toEqual({ kind: 'scene', width: 256, height: 256, text: null })
    expect(captionOf(view('c', 1, 'p', { start_step: 2, text_content: '특가' }, [2, 3]))).toEqual({ kind: 'text', text: '특가' })
    expect(captionOf(view('d', 1, 'p', { start_step: 3, composition_mode: 'behind', text_position: 'bottom', text_content: 'never drawn' }, [3]))).toEqual({ kind: 'compose', mode: 'behind', position: 'bottom' })
  })

  it('lists jobs of the other image APIs as what they are, with the API that asked', () => {
    expect(otherKindOf({ kind: 'text-to-image', api: 'openai' })).toEqual({ kind: 'text-to-image', api: 'openai' })
    expect(otherKindOf({ kind: 'image-to-image', api: 'desk' })).toEqual({ kind: 'image-to-image', api: 'desk' })
    expect(otherKindOf({ kind: 'ad', api: 'nanococoa' })).toBeNull()
    expect(otherKindOf({})).toBeNull()
    for (const k of ['text-to-image', 'image-to-image']) for (const lang of ['ko', 'en'] as const) expect(translate(lang, `history.kind.${k}` as StringKey)).toMatch(/\S/)
    for (const a of ['openai', 'karlo', 'story', 'desk']) expect(translate('en', `history.api.${a}` as StringKey)).toMatch(/API/)
  })
})
