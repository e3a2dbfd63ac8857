/** The editor's camera view control (issue 10 §2): the form field, what Generate sends, what reopen restores. */
import { describe, expect, it } from 'vitest'
import { DEFAULT_FORM } from '../../src/renderer/store/editor-slice'
import { restoredForm } from '../../src/renderer/store/create-store'
import { formFromParams } from '../../src/renderer/store/editor-logic'
import { storeWithFake, until } from './fake-api'

const product = { name: 'boots.png', ref: { kind: 'bytes' as const, bytes: new Uint8Array([1, 2, 3]), name: 'boots.png' }, previewUrl: null }

async function generate(t: Awaited<ReturnType<typeof storeWithFake>>): Promise<string> {
  const run = t.s().generate()
  await until(() => t.s().run !== null)
  const id = t.s().run!.jobId
  t.fake.finish(id, { status: 'completed', images: ['step1', 'mask', 'step2', 'final'] })
  await run
  return id
}

describe('camera view in the editor', () => {
  it('starts at auto and Generate sends it', async () => {
    const t = await storeWithFake()
    expect(t.s().form.view).toBe('auto')
    t.s().setProduct(product)
    const id = await generate(t)
    expect(t.fake.jobs.get(id)!.req.params).toMatchObject({ view: 'auto' })
  })

  it('sends the chosen view (top: a flat lay) and restores it when the job is reopened', async () => {
    const t = await storeWithFake()
    t.s().setProduct(product)
    t.s().setForm({ view: 'top' })
    const id = await generate(t)
    expect(t.fake.jobs.get(id)!.req.params).toMatchObject({ view: 'top' })
    t.s().setForm({ view: 'front' })
    await t.s().reopen(id)
    expect(t.s().form.view).toBe('top')
  })

  it('a job without the field, or with an unknown value, reopens as auto', () => {
    const form = { ...DEFAULT_FORM, view: 'front' as const }
    expect(formFromParams(form, {}).view).toBe('auto')
    expect(formFromParams(form, { view: 'sideways' }).view).toBe('auto')
    expect(formFromParams(form, { view: 'front' }).view).toBe('front')
  })
})

describe('camera view in the saved form', () => {
  it('is restored when valid and falls back to auto otherwise (a form saved before the field has none)', () => {
    expect(restoredForm({ ...DEFAULT_FORM, view: 'top' })?.view).toBe('top')
    expect(restoredForm({ ...DEFAULT_FORM, view: 'upside-down' })?.view).toBe('auto')
    const { view: _v, ...old } = DEFAULT_FORM
    expect(restoredForm(old)?.view).toBe('auto')
  })
})
