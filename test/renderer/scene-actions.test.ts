import { describe, expect, it } from 'vitest'
import { useSampleRequest } from '../../src/shared/api-client'
import { canPickScene } from '../../src/renderer/store/scene-choice'
import { storeWithFake, until } from './fake-api'

const product = { name: 'sauce.png', ref: { kind: 'bytes' as const, bytes: new Uint8Array([1, 2, 3]), name: 'sauce.png' }, previewUrl: null }

/** A new scene with a diffusion engine and `seeds.length` variations; returns the job id. */
async function makeScenes(t: Awaited<ReturnType<typeof storeWithFake>>, seeds: number[]) {
  t.s().setProduct(product)
  t.s().setForm({ text: '신상품 50% 할인', textStyle: 'neon', bgEngine: 'sd-turbo', samples: seeds.length, seed: seeds[0] })
  const run = t.s().generate()
  await until(() => t.s().run !== null)
  const id = t.s().run!.jobId
  t.fake.finish(id, { status: 'completed', images: ['step1', 'mask', 'step2', 'final'], samples: seeds })
  await run
  return id
}

describe('scene variations in the editor', () => {
  it('a job with several variations shows them, the first marked, as soon as they exist', async () => {
    const t = await storeWithFake()
    t.s().setProduct(product)
    t.s().setForm({ text: '할인', bgEngine: 'sd-turbo', samples: 2, seed: 40 })
    const run = t.s().generate()
    await until(() => t.s().run !== null)
    const id = t.s().run!.jobId
    t.fake.jobs.get(id)!.samples.push({ index: 1, seed: 40 }, { index: 2, seed: 41 })
    t.fake.emit({ type: 'job.samples', job_id: id, at: 0, samples: [1, 2].map((index) => ({ id: `sample-${index}`, index, seed: 39 + index, image: '' })) })
    expect(t.s().scenes).toEqual({ jobId: id, samples: [{ index: 1, seed: 40 }, { index: 2, seed: 41 }], current: 1 })
    expect(canPickScene(t.s())).toBe(false) // not while the job that made them runs
    t.fake.finish(id, { status: 'completed', images: ['step1', 'step2', 'final'] })
    await run
    expect(canPickScene(t.s())).toBe(true)
  })

  it('picking a scene redoes text and composition over it with the form settings, and marks it', async () => {
    const t = await storeWithFake()
    const first = await makeScenes(t, [7, 8, 9])
    expect(t.s().scenes).toEqual({ jobId: first, samples: [{ index: 1, seed: 7 }, { index: 2, seed: 8 }, { index: 3, seed: 9 }], current: 1 })
    t.s().setForm({ text: '오늘만 특가' })
    const run = t.s().pickScene(3)
    await until(() => t.s().run !== null)
    const second = t.s().run!.jobId
    const req = t.fake.jobs.get(second)!.req
    expect(t.fake.calls.at(-1)?.fn).toBe('generate')
    // The shared request, minus the engine settings of a scene that already exists.
    const { bg_engine: _e, samples: _s, ...params } = useSampleRequest(req.params, first, 3).params
    // The re-run keeps the product photo of the job it builds on (named, not sent again).
    expect(req).toEqual({ params, product: { kind: 'job', jobId: first, image: 'product' }, step1: { kind: 'job', jobId: first, image: 'sample-3' }, mask: { kind: 'job', jobId: first, image: 'mask' } })
    expect(req.params).toMatchObject({ start_step: 2, stop_step: 3, text_content: '오늘만 특가', text_style: 'neon', seed: 7 })
    expect(req.params).not.toHaveProperty('bg_engine')
    expect(req.params).not.toHaveProperty('samples')
    // Marked as being redone; it becomes the current scene only once the ad over it exists.
    expect(t.s().scenes).toMatchObject({ current: 1, pending: 3 })

    t.fake.emit({ type: 'job.image', job_id: second, at: 0, image: 'step1', url: '' })
    expect(t.s().kept.step1).toBe(second) // the chosen scene shows at once
    t.fake.finish(second, { status: 'completed', images: ['step1', 'mask', 'step2', 'final'] })
    await run
    expect(t.s().kept).toEqual({ step1: second, step2: second, final: second })
    // The strip stays on the variations of the job that made them, so another can be tried.
    expect(t.s().scenes).toMatchObject({ jobId: first, current: 3, pending: null })
    expect(t.s().tab).toBe('final')
  })

  it('a pick whose job fails or is stopped leaves the mark on the scene the ad is still over', async () => {
    const t = await storeWithFake()
    await makeScenes(t, [5, 6, 7])
    t.s().setForm({ text: '다시' })
    for (const status of ['failed', 'stopped'] as const) {
      const run = t.s().pickScene(2)
      await until(() => t.s().run !== null)
      t.fake.finish(t.s().run!.jobId, { status, images: status === 'stopped' ? ['step1'] : [] })
      await run
      expect(t.s().scenes).toMatchObject({ current: 1, pending: null })
    }
  })

  it('one variation shows no strip; a new background clears it until its own variations exist', async () => {
    const t = await storeWithFake()
    await makeScenes(t, [1])
    expect(t.s().scenes).toBeNull()
    await makeScenes(t, [4, 5])
    expect(t.s().scenes?.samples).toHaveLength(2)
    const run = t.s().newBackground()
    await until(() => t.s().run !== null)
    expect(t.s().scenes).toBeNull()
    t.fake.finish(t.s().run!.jobId, { status: 'completed', images: ['step1', 'step2', 'final'] })
    await run
    expect(t.s().scenes).toBeNull()
  })

  it('refuses, with a plain error, a pick without text or of a scene not on show; a pick during a run waits for nothing', async () => {
    const t = await storeWithFake()
    await t.s().pickScene(2)
    expect(t.s().editorError?.code).toBe('not_found')
    await makeScenes(t, [10, 11])
    await t.s().pickScene(5)
    expect(t.s().editorError?.code).toBe('not_found')
    t.s().setForm({ text: '   ' })
    await t.s().pickScene(2)
    expect(t.s().editorError).toMatchObject({ code: 'needs_text', detail: expect.stringMatching(/text_content/) })
    expect(t.fake.calls.filter((c) => c.fn === 'generate')).toHaveLength(1)

    t.s().setForm({ text: '다시' })
    void t.s().pickScene(2)
    await until(() => t.s().run !== null)
    await t.s().pickScene(1) // ignored: the editor runs one job at a time
    expect(t.fake.calls.filter((c) => c.fn === 'generate')).toHaveLength(2)
    expect(t.s().scenes?.pending).toBe(2)
  })

  it('a refused pick keeps the mark where it was and shows the engine message', async () => {
    const t = await storeWithFake()
    const first = await makeScenes(t, [3, 4])
    t.fake.refuse.push({ when: (r) => r.step1?.kind === 'job' && r.step1.image === 'sample-2', failure: { ok: false, code: 'not_found', message: `step1_image: job ${first} has no sample-2 image to reuse` } })
    await t.s().pickScene(2)
    expect(t.s().editorError).toEqual({ code: 'not_found', detail: `step1_image: job ${first} has no sample-2 image to reuse` })
    expect(t.s().scenes?.current).toBe(1)
  })

  it('reopening a job from history brings its variations back', async () => {
    const t = await storeWithFake()
    const id = await makeScenes(t, [20, 21, 22])
    await makeScenes(t, [1])
    expect(t.s().scenes).toBeNull()
    await t.s().reopen(id)
    expect(t.s().scenes).toEqual({ jobId: id, samples: [{ index: 1, seed: 20 }, { index: 2, seed: 21 }, { index: 3, seed: 22 }], current: 1 })
  })
})
