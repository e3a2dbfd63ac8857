import { describe, expect, it } from 'vitest'
import { canRecompose, canRegenerateText, etaLeft } from '../../src/renderer/store/selectors'
import { fakeImages, settle, storeWithFake, until } from './fake-api'

const product = { name: 'sauce.png', ref: { kind: 'bytes' as const, bytes: new Uint8Array([1, 2, 3]), name: 'sauce.png' }, previewUrl: null }

/** Makes one full ad in the store and returns the job id. */
async function makeAd(t: Awaited<ReturnType<typeof storeWithFake>>) {
  t.s().setProduct(product)
  t.s().setForm({ text: '신상품 50% 할인', bgPrompt: '대리석' })
  const run = t.s().generate()
  await until(() => t.s().run !== null)
  const id = t.s().run!.jobId
  t.fake.finish(id, { status: 'completed', images: ['step1', 'mask', 'step2', 'final'] })
  await run
  return id
}

describe('editor actions', () => {
  it('Generate sends the form with a fresh seed (shown in the form) and the product, then keeps every result', async () => {
    const t = await storeWithFake()
    const id = await makeAd(t)
    const req = t.fake.jobs.get(id)!.req
    expect(req.params).toMatchObject({ start_step: 1, stop_step: 3, text_content: '신상품 50% 할인', bg_prompt: '대리석', seed: 2 ** 30, width: 1080, height: 1080 })
    expect(req.product).toEqual(product.ref)
    expect(t.s().form.seed).toBe(2 ** 30)
    expect(t.s().kept).toEqual({ step1: id, step2: id, final: id })
    expect(t.s().tab).toBe('final')
    expect(t.s().run).toBeNull()
    expect(canRegenerateText(t.s())).toBe(true)
    expect(canRecompose(t.s())).toBe(true)
  })

  it('shows each image as it arrives, before the job ends', async () => {
    const t = await storeWithFake()
    t.s().setProduct(product)
    void t.s().generate()
    await until(() => t.s().run !== null)
    const id = t.s().run!.jobId
    t.fake.emit({ type: 'job.image', job_id: id, at: 0, image: 'step1', url: '' })
    expect(t.s().kept.step1).toBe(id)
    expect(t.s().tab).toBe('step1')
    t.fake.finish(id, { status: 'completed', images: ['step1', 'step2', 'final'] })
    await until(() => t.s().run === null)
  })

  it('Regenerate text only reuses the kept step-1 image and replaces only step 2 and the final', async () => {
    const t = await storeWithFake()
    const first = await makeAd(t)
    t.s().setForm({ text: '오늘만 특가', textStyle: 'neon' })
    const run = t.s().regenerateText()
    await until(() => t.s().run !== null)
    const second = t.s().run!.jobId
    expect(t.fake.calls.at(-1)).toMatchObject({ fn: 'regenerateText', args: [expect.objectContaining({ text_content: '오늘만 특가', text_style: 'neon' }), first] })
    t.fake.finish(second, { status: 'completed', images: ['step1', 'step2', 'final'] })
    await run
    expect(t.s().kept).toEqual({ step1: first, step2: second, final: second })
  })

  it('Recompose only reuses step 1 and step 2 and replaces the final', async () => {
    const t = await storeWithFake()
    const first = await makeAd(t)
    t.s().setForm({ textPosition: 'bottom', compositionMode: 'behind' })
    const run = t.s().recompose()
    await until(() => t.s().run !== null)
    const third = t.s().run!.jobId
    expect(t.fake.calls.at(-1)).toMatchObject({ fn: 'recomposite', args: [expect.objectContaining({ text_position: 'bottom', composition_mode: 'behind' }), first, first] })
    t.fake.finish(third, { status: 'completed', images: ['final'] })
    await run
    expect(t.s().kept).toEqual({ step1: first, step2: first, final: third })
  })

  it('New background draws a new seed and replaces everything', async () => {
    const t = await storeWithFake()
    await makeAd(t)
    t.s().setForm({ seed: 7 })
    const run = t.s().newBackground()
    await until(() => t.s().run !== null)
    expect(t.s().kept).toEqual({ step1: null, step2: null, final: null })
    t.fake.finish(t.s().run!.jobId, { status: 'completed', images: ['step1', 'step2', 'final'] })
    await run
    expect(t.fake.last().req.params.seed).not.toBe(7)
  })

  it('re-runs without kept images are refused with a plain error', async () => {
    const t = await storeWithFake()
    await t.s().regenerateText()
    expect(t.s().editorError?.code).toBe('needs_step1')
    await t.s().recompose()
    expect(t.s().editorError?.code).toBe('needs_step2')
    expect(t.fake.calls.filter((c) => c.fn !== 'generate')).toEqual([])
  })

  it('a refused submission is shown where it happened, with the engine message as detail', async () => {
    const t = await storeWithFake()
    t.fake.refuse.push({ when: () => true, failure: { ok: false, code: 'invalid_image', message: 'product_image: is not an image' } })
    t.s().setProduct(product)
    await t.s().generate()
    expect(t.s().editorError).toEqual({ code: 'invalid_image', detail: 'product_image: is not an image' })
    expect(t.s().run).toBeNull()
  })

  it('a failed job reports its error code; Stop stops the running job and says so', async () => {
    const t = await storeWithFake()
    t.s().setProduct(product)
    let run = t.s().generate()
    await until(() => t.s().run !== null)
    t.fake.finish(t.s().run!.jobId, { status: 'failed', error: 'worker crashed: exit code 1', error_code: 'worker_crashed' })
    await run
    expect(t.s().editorError).toEqual({ code: 'worker_crashed', detail: 'worker crashed: exit code 1' })

    run = t.s().generate()
    await until(() => t.s().run !== null)
    const id = t.s().run!.jobId
    t.fake.emit({ type: 'job.image', job_id: id, at: 0, image: 'step1', url: '' })
    await t.s().stopRun()
    await run
    expect(t.fake.calls.some((c) => c.fn === 'stop' && c.args[0] === id)).toBe(true)
    expect(t.s().editorNotice?.code).toBe('stopped')
    expect(t.s().kept.step1).toBe(id) // the finished step stays usable
  })

  it('reopens a job from history with its parameters and images', async () => {
    const t = await storeWithFake()
    const id = await makeAd(t)
    t.s().setForm({ text: 'something else', seed: null, width: 1200, height: 628 })
    t.s().setScreen('history')
    await t.s().reopen(id)
    expect(t.s().screen).toBe('editor')
    expect(t.s().form).toMatchObject({ text: '신상품 50% 할인', bgPrompt: '대리석', seed: 2 ** 30, width: 1080, height: 1080 })
    expect(t.s().kept).toEqual({ step1: id, step2: id, final: id })
    expect(t.s().product?.ref).toEqual({ kind: 'job', jobId: id, image: 'product' })
  })

  it('progress events drive a countdown that never goes negative', async () => {
    const t = await storeWithFake()
    t.s().setProduct(product)
    void t.s().generate()
    await until(() => t.s().run !== null)
    const id = t.s().run!.jobId
    await settle()
    t.fake.emit({ type: 'job.progress', job_id: id, at: 0, progress_percent: 40, current_step: 'step2_text', sub_step: 'text_render', message: 'Rendering', elapsed_sec: 3, eta_seconds: 10, step_eta_seconds: 4 })
    const p = t.s().jobs[id].progress!
    expect(p).toMatchObject({ percent: 40, step: 'step2_text', subStep: 'text_render', etaSeconds: 10 })
    expect(etaLeft(p, p.receivedAt + 4000)).toBe(6)
    expect(etaLeft(p, p.receivedAt + 60_000)).toBe(0)
    t.fake.finish(id, { status: 'completed', images: ['final'] })
  })
})

describe('editor form across restarts', () => {
  it('is saved shortly after a change and restored (bad fields keep their defaults)', async () => {
    const t = await storeWithFake()
    t.s().setForm({ text: '기억해 줘', textPosition: 'bottom', seed: 99 })
    await until(() => (t.fake.state.get('editor') as { text?: string } | undefined)?.text === '기억해 줘', 3000)
    const { createAppStore } = await import('../../src/renderer/store/create-store')
    t.fake.state.set('editor', { ...(t.fake.state.get('editor') as object), compositionMode: 'sideways', width: 'wide' })
    const again = createAppStore({ api: t.fake.api, images: fakeImages, now: () => 0, random: () => 0.5 })
    await again.connect()
    expect(again.store.getState().form).toMatchObject({ text: '기억해 줘', textPosition: 'bottom', seed: 99, compositionMode: 'overlay', width: 1080 })
    again.dispose()
    t.handle.dispose()
  })
})
