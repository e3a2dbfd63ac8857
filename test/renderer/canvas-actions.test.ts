import { describe, expect, it } from 'vitest'
import { createAppStore } from '../../src/renderer/store/create-store'
import { canRedo, canUndo, RUN_FOR_EDIT, shownBox, NUDGE_SETTLE_MS } from '../../src/renderer/store/canvas-slice'
import type { FracBox } from '../../src/renderer/store/canvas-geometry'
import type { ImageTools } from '../../src/renderer/store/types'
import { createFakeApi, fakeImages, until } from './fake-api'

/**
 * The canvas's actions on the store without React, driven like the React canvas drives them
 * (pointer down/move/up in canvas fractions, keys). The fake client's images are drawn from each
 * job's request: the product where product_box says (or a default), the copy where text_box says,
 * so the boxes the store measures are known answers.
 */
const W = 120
const H = 120
const DEFAULT_PRODUCT: FracBox = [0.3, 0.4, 0.4, 0.5]
const DEFAULT_TEXT: FracBox = [0.1, 0.05, 0.8, 0.2]

function world() {
  const fake = createFakeApi()
  const boxOf = (jobId: string, k: 'product_box' | 'text_box'): FracBox => {
    const j = fake.jobs.get(jobId)!
    const own = j.req.params[k] as FracBox | null | undefined
    if (own) return own
    // A re-run from a kept step 1 has that job's product.
    if (k === 'product_box' && j.req.step1?.kind === 'job') return boxOf(j.req.step1.jobId, k)
    return k === 'product_box' ? DEFAULT_PRODUCT : DEFAULT_TEXT
  }
  const inside = (b: FracBox, x: number, y: number) => x >= Math.round(b[0] * W) && x < Math.round((b[0] + b[2]) * W) && y >= Math.round(b[1] * H) && y < Math.round((b[1] + b[3]) * H)
  const images: ImageTools = {
    convert: fakeImages.convert,
    async decode(png) {
      const [, jobId, image] = new TextDecoder().decode(png).split(':')
      const data = new Uint8ClampedArray(W * H * 4)
      const p = boxOf(jobId, 'product_box')
      const t = boxOf(jobId, 'text_box')
      for (let y = 0; y < H; y++)
        for (let x = 0; x < W; x++) {
          const i = (y * W + x) * 4
          const v = image === 'mask' ? (inside(p, x, y) ? 255 : 0) : 90
          data.set([v, v, v, 255], i)
          if (image === 'final' && inside(t, x, y)) data.set([250, 200, 20, 255], i)
        }
      return { width: W, height: H, data }
    },
  }
  const handle = createAppStore({ api: fake.api, images, now: () => 1_000_000, random: () => 0.5, pollMs: 20 })
  return { fake, handle, s: () => handle.store.getState() }
}

const product = { name: 'p.png', ref: { kind: 'bytes' as const, bytes: new Uint8Array([1]), name: 'p.png' }, previewUrl: null }
const near = (a: FracBox | null, b: FracBox, tol = 1.5 / W) => {
  expect(a).not.toBeNull()
  a!.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThanOrEqual(tol))
}

async function finishRun(t: ReturnType<typeof world>) {
  await until(() => t.s().run !== null)
  const id = t.s().run!.jobId
  t.fake.finish(id, { status: 'completed', images: ['step1', 'mask', 'step2', 'final'] })
  await until(() => t.s().run === null)
  await until(() => t.s().canvasMeasured?.key === `${t.s().kept.step1}/${t.s().kept.final}`)
  return id
}

async function firstAd() {
  const t = world()
  await t.handle.connect()
  t.s().setProduct(product)
  t.s().setForm({ text: '신상품 50% 할인', bgPrompt: '대리석' })
  void t.s().generate()
  const id = await finishRun(t)
  return { t, id }
}

describe('canvas edits on the store', () => {
  it('names the run each edit triggers', () => {
    expect(RUN_FOR_EDIT).toEqual({ 'text-move': 'compose', 'text-resize': 'compose', 'product-move': 'place', 'product-resize': 'place', copy: 'text' })
  })

  it('measures the product and the copy on the finished ad', async () => {
    const { t } = await firstAd()
    near(shownBox(t.s(), 'product'), DEFAULT_PRODUCT)
    near(shownBox(t.s(), 'text'), DEFAULT_TEXT)
  })

  it('a click selects; a drag of the text previews, then recomposes only with the new text_box; undo brings the first result back', async () => {
    const { t, id } = await firstAd()
    t.s().canvasPointerDown({ x: 0.5, y: 0.15 }, { layer: 'text' })
    await t.s().canvasPointerUp()
    expect(t.s().canvasSelected).toBe('text')
    expect(t.fake.calls.filter((c) => c.fn !== 'setSettings')).toHaveLength(1) // only the first generate

    t.s().canvasPointerDown({ x: 0.5, y: 0.15 }, { layer: 'text' })
    for (let i = 1; i <= 10; i++) t.s().canvasPointerMove({ x: 0.5, y: 0.15 + i * 0.055 }, { noSnap: true })
    near(t.s().canvasPreview, [0.1, 0.6, 0.8, 0.2], 1e-9)
    const up = t.s().canvasPointerUp()
    expect(t.fake.calls.at(-1)).toMatchObject({ fn: 'recomposite', args: [expect.objectContaining({ text_box: [0.1, 0.6, 0.8, 0.2], product_box: null }), id, id] })
    near(shownBox(t.s(), 'text'), [0.1, 0.6, 0.8, 0.2], 1e-9) // pending while it runs
    const second = await finishRun(t)
    await up
    expect(t.s().kept).toEqual({ step1: id, step2: id, final: second })
    near(shownBox(t.s(), 'text'), [0.1, 0.6, 0.8, 0.2])
    expect(canUndo(t.s())).toBe(true)

    t.s().undo()
    expect(t.s().kept).toEqual({ step1: id, step2: id, final: id })
    await until(() => t.s().canvasMeasured?.key === `${id}/${id}`)
    near(shownBox(t.s(), 'text'), DEFAULT_TEXT)
    expect(canRedo(t.s())).toBe(true)
    t.s().redo()
    expect(t.s().kept.final).toBe(second)
    // No run for either: the results were still kept.
    expect(t.fake.jobs.size).toBe(2)
  })

  it('resizing the product keeps its aspect and re-places it over the same seed with product_box', async () => {
    const { t, id } = await firstAd()
    const seed = t.s().form.seed
    t.s().canvasPointerDown({ x: 0.7, y: 0.9 }, { layer: 'product', handle: 'se' })
    t.s().canvasPointerMove({ x: 0.6, y: 0.9 }, { noSnap: true })
    const req = t.fake.jobs
    const up = t.s().canvasPointerUp()
    const call = t.fake.calls.at(-1)!
    expect(call.fn).toBe('generate')
    const params = (call.args[0] as { params: Record<string, unknown> }).params
    // Over the scene on screen (the first job's kept scene.png): only placement and composition run.
    expect(params).toMatchObject({ start_step: 1, stop_step: 3, seed, text_box: null, scene_from: id, samples: 1 })
    const pb = params.product_box as FracBox
    near(pb, [0.3, 0.525, 0.3, 0.375], 1e-4) // smaller, still on the same floor line (bottom 0.9)
    expect(pb[2] / pb[3]).toBeCloseTo(0.4 / 0.5, 3)
    const second = await finishRun(t)
    await up
    expect(t.s().kept).toEqual({ step1: second, step2: second, final: second })
    near(shownBox(t.s(), 'product'), pb)
    expect(req.size).toBe(2)
    t.s().undo()
    expect(t.s().kept).toEqual({ step1: id, step2: id, final: id })
  })

  it('a product move names the scene on screen (scene_from); another size, or a refusal of it, makes the scene again', async () => {
    const { t, id } = await firstAd()
    void t.s().canvasCommit('product', [0.2, 0.3, 0.32, 0.4], 'move')
    const second = await finishRun(t)
    expect(t.fake.jobs.get(second)!.req.params).toMatchObject({ start_step: 1, scene_from: id, product_box: [0.2, 0.3, 0.32, 0.4] })
    // The copy on screen is what the form says: its text layer goes along (no text run).
    expect(t.fake.jobs.get(second)!.req.step2).toEqual({ kind: 'job', jobId: id, image: 'step2' })
    // The next move names the moved ad's job: it keeps the same scene in turn.
    void t.s().canvasCommit('product', [0.4, 0.3, 0.32, 0.4], 'move')
    const third = await finishRun(t)
    expect(t.fake.jobs.get(third)!.req.params.scene_from).toBe(second)
    // New words in the form: the text runs again over the kept scene (no old layer sent).
    t.s().setForm({ text: '새 문구' })
    void t.s().canvasCommit('product', [0.45, 0.3, 0.32, 0.4], 'move')
    const words = await finishRun(t)
    expect(t.fake.jobs.get(words)!.req.params).toMatchObject({ scene_from: third, text_content: '새 문구' })
    expect(t.fake.jobs.get(words)!.req.step2).toBeNull()

    // A job that keeps no empty scene (an older folder): the engine refuses scene_from, the move runs as before.
    t.fake.refuse.push({ when: (r) => r.params.scene_from === words, failure: { ok: false, code: 'invalid_request', message: `scene_from: job ${words} keeps no empty scene` } })
    void t.s().canvasCommit('product', [0.1, 0.3, 0.32, 0.4], 'move')
    const fourth = await finishRun(t)
    expect(t.fake.jobs.get(fourth)!.req.params).toMatchObject({ start_step: 1, product_box: [0.1, 0.3, 0.32, 0.4] })
    expect(t.fake.jobs.get(fourth)!.req.params.scene_from).toBeUndefined()

    // Another size in the form: the kept scene does not fit it, so none is named.
    t.s().setForm({ width: 1080, height: 1350 })
    void t.s().canvasCommit('product', [0.3, 0.3, 0.32, 0.4], 'move')
    const fifth = await finishRun(t)
    expect(t.fake.jobs.get(fifth)!.req.params).toMatchObject({ width: 1080, height: 1350 })
    expect(t.fake.jobs.get(fifth)!.req.params.scene_from).toBeUndefined()
  })

  it('a manual position is kept by later runs (the kept job own box is sent again)', async () => {
    const { t } = await firstAd()
    t.s().canvasSelect('text')
    t.s().canvasNudge('ArrowDown', true)
    t.s().canvasNudge('ArrowDown', true)
    t.s().canvasNudge('ArrowRight', false)
    near(t.s().canvasPreview, [0.1 + 1 / 1080, 0.05 + 20 / 1080, 0.8, 0.2], 1.5 / W)
    // One burst, one run, after the keys settle.
    await until(() => t.s().run !== null, NUDGE_SETTLE_MS + 1000)
    expect(t.fake.calls.filter((c) => c.fn === 'recomposite')).toHaveLength(1)
    await finishRun(t)
    const tb = t.fake.last().req.params.text_box as FracBox
    void t.s().recompose()
    await finishRun(t)
    expect(t.fake.last().req.params.text_box).toEqual(tb)
  })

  it('Reset positions drops the manual boxes: the layout decides again (placement when the product was placed by hand)', async () => {
    const { t } = await firstAd()
    void t.s().canvasCommit('text', [0.1, 0.6, 0.8, 0.2], 'move')
    await finishRun(t)
    void t.s().canvasCommit('product', [0.2, 0.3, 0.32, 0.4], 'resize')
    await finishRun(t)
    expect(t.fake.last().req.params).toMatchObject({ product_box: [0.2, 0.3, 0.32, 0.4], text_box: [0.1, 0.6, 0.8, 0.2] })
    void t.s().canvasResetPositions()
    const reset = await finishRun(t)
    expect(t.fake.jobs.get(reset)!.req.params).toMatchObject({ start_step: 1, product_box: null, text_box: null })
    near(shownBox(t.s(), 'product'), DEFAULT_PRODUCT)
    near(shownBox(t.s(), 'text'), DEFAULT_TEXT)
    // Nothing manual left: the button has nothing to do.
    await t.s().canvasResetPositions()
    expect(t.s().run).toBeNull()
  })

  it('editing the copy in place re-runs text + composition, one undo step with its result', async () => {
    const { t, id } = await firstAd()
    t.s().canvasEditText(true)
    expect(t.s().canvasEditingText).toBe(true)
    const run = t.s().canvasCommitCopy('오늘만 특가')
    expect(t.fake.calls.at(-1)).toMatchObject({ fn: 'regenerateText', args: [expect.objectContaining({ text_content: '오늘만 특가' }), id] })
    await finishRun(t)
    await run
    t.s().undo()
    expect(t.s().form.text).toBe('신상품 50% 할인')
    expect(t.s().kept.final).toBe(id)
  })

  it('form edits are undo steps (typing in one field is one step), and Escape cancels a drag without a run', async () => {
    const { t } = await firstAd()
    const before = t.s().canvasHistory.past
    t.s().setForm({ bgPrompt: '대리석 ' })
    t.s().setForm({ bgPrompt: '대리석 위' })
    t.s().setForm({ textStyle: 'neon' })
    expect(t.s().canvasHistory.past).toBe(before + 2)
    t.s().undo()
    expect(t.s().form.textStyle).toBe('gold')
    expect(t.s().form.bgPrompt).toBe('대리석 위')
    t.s().undo()
    expect(t.s().form.bgPrompt).toBe('대리석')

    const runs = t.fake.jobs.size
    t.s().canvasPointerDown({ x: 0.5, y: 0.15 }, { layer: 'text' })
    t.s().canvasPointerMove({ x: 0.5, y: 0.5 })
    expect(t.s().canvasPreview).not.toBeNull()
    t.s().canvasCancel()
    await t.s().canvasPointerUp()
    expect(t.s().canvasPreview).toBeNull()
    expect(t.fake.jobs.size).toBe(runs)
    near(shownBox(t.s(), 'text'), DEFAULT_TEXT)
  })

  it('snaps while dragging and reports the guide; guides go when the pointer is released', async () => {
    const { t } = await firstAd()
    t.s().canvasSetView({ screenWidth: 540, screenHeight: 540 })
    t.s().canvasPointerDown({ x: 0.5, y: 0.15 }, { layer: 'text' })
    // Text centre from 0.5 stays on the centre line; its top goes to 0.3305, 4 screen px from 1/3.
    t.s().canvasPointerMove({ x: 0.5, y: 0.15 + 0.2805 })
    expect(t.s().canvasGuides).toContainEqual({ axis: 'y', at: 1 / 3, kind: 'third' })
    expect(t.s().canvasPreview![1]).toBeCloseTo(1 / 3, 9)
    const up = t.s().canvasPointerUp()
    expect(t.s().canvasGuides).toEqual([])
    await finishRun(t)
    await up
  })
})
