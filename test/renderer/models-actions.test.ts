import { describe, expect, it } from 'vitest'
import { createAppStore } from '../../src/renderer/store/create-store'
import { readyModelsOf } from '../../src/renderer/store/engine-choice'
import { offer } from './fake-models'
import { createFakeApi, fakeImages, settle, storeWithFake, until } from './fake-api'

type Fake = ReturnType<typeof createFakeApi>

/** A connected store whose first model listing has arrived; `prepare` sets up the fake engine before it starts. */
async function loaded(prepare?: (fake: Fake) => void) {
  const fake = createFakeApi()
  prepare?.(fake)
  const handle = createAppStore({ api: fake.api, images: fakeImages, now: () => 1_000_000, random: () => 0.5, pollMs: 20 })
  await handle.connect()
  const t = { fake, handle, store: handle.store, s: () => handle.store.getState() }
  await until(() => t.s().modelsLoaded)
  return t
}

const offerOf = (t: Awaited<ReturnType<typeof loaded>>, id: string) => t.s().modelOffers.find((m) => m.id === id)!
const product = { name: 'p.png', ref: { kind: 'bytes' as const, bytes: new Uint8Array([1]), name: 'p.png' }, previewUrl: null }

describe('models actions', () => {
  it('the selects leave out a ready model the engine refuses (a ControlNet no installed base pairs with)', () => {
    const unpaired = offer({ id: 'canny', kind: 'controlnet', state: 'ready', error: 'canny takes 768-wide text embeddings but the base sd-turbo gives 1024-wide ones: they are not a pair' })
    const paired = offer({ id: 'canny-2', kind: 'controlnet', state: 'ready' })
    expect(readyModelsOf([unpaired, paired], 'controlnet').map((m) => m.id)).toEqual(['canny-2'])
  })

  it('lists the catalogue with the GPU verdict and the models folder at start; only ready models are offered', async () => {
    const t = await loaded()
    expect(t.s().modelOffers.map((m) => m.id)).toEqual(['sd-turbo', 'sd15', 'canny', 'birefnet-lite'])
    expect(t.s().modelsGpu).toEqual({ usable: false, summary: 'no GPU found (fake)' })
    expect(t.s().modelsDir).toBe('/home/me/.adstudio/models')
    expect(readyModelsOf(t.s().modelOffers, 'diffusion')).toEqual([])
    t.fake.models.install('sd-turbo')
    await t.s().loadModels()
    expect(readyModelsOf(t.s().modelOffers, 'diffusion').map((m) => m.id)).toEqual(['sd-turbo'])
    expect(readyModelsOf(t.s().modelOffers, 'controlnet')).toEqual([])
  })

  it('pull: downloading, progress moves the bar, the ready state replaces the offer', async () => {
    const t = await loaded()
    await t.s().pullModel('sd-turbo')
    expect(offerOf(t, 'sd-turbo').state).toBe('downloading')
    expect(t.s().modelBusy).toEqual({})
    t.fake.models.progress('sd-turbo', 1_300_000_000)
    expect(offerOf(t, 'sd-turbo').download).toMatchObject({ bytes: 1_300_000_000, total: 2_600_000_000, file_count: 3 })
    t.fake.models.finish('sd-turbo')
    expect(offerOf(t, 'sd-turbo')).toMatchObject({ state: 'ready', download: null, source: 'download' })
    expect(readyModelsOf(t.s().modelOffers, 'diffusion').map((m) => m.id)).toEqual(['sd-turbo'])
  })

  it('a download that finishes before the pull request answers stays ready (the older answer is dropped)', async () => {
    const t = await loaded()
    const pulling = t.s().pullModel('canny')
    t.fake.models.progress('canny', 500)
    t.fake.models.finish('canny')
    await pulling
    expect(offerOf(t, 'canny').state).toBe('ready')
  })

  it('a listing that was on its way when a download finished does not bring the old state back', async () => {
    const t = await loaded()
    await t.s().pullModel('canny')
    const listing = t.s().loadModels() // answered from the state before the download ends
    t.fake.models.finish('canny')
    await listing
    expect(offerOf(t, 'canny').state).toBe('ready')
  })

  it('cancel keeps the partial download (a late progress report does not bring the bar back); resume pulls again', async () => {
    const t = await loaded()
    await t.s().pullModel('sd-turbo')
    t.fake.models.progress('sd-turbo', 400)
    await t.s().cancelModelPull('sd-turbo')
    expect(offerOf(t, 'sd-turbo')).toMatchObject({ state: 'incomplete', partial_bytes: 400, download: null })
    t.fake.models.progress('sd-turbo', 500)
    expect(offerOf(t, 'sd-turbo').state).toBe('incomplete')
    await t.s().pullModel('sd-turbo')
    expect(offerOf(t, 'sd-turbo').state).toBe('downloading')
    expect(offerOf(t, 'sd-turbo').download?.bytes).toBe(400)
  })

  it('a failed download says why on the model; a refused pull keeps its reason beside the model', async () => {
    const t = await loaded()
    await t.s().pullModel('birefnet-lite')
    t.fake.models.progress('birefnet-lite', 300)
    t.fake.models.finish('birefnet-lite', { error: 'the connection dropped; pull again to resume' })
    expect(offerOf(t, 'birefnet-lite')).toMatchObject({ state: 'incomplete', error: 'the connection dropped; pull again to resume' })
    await t.s().pullModel('sd15')
    expect(t.s().modelErrors.sd15).toEqual({ code: 'invalid_request', detail: 'sd15 is gated: set HF_TOKEN' })
    expect(offerOf(t, 'sd15').state).toBe('available')
    expect(t.s().modelBusy).toEqual({})
  })

  it('import registers a folder (then offered in the editor); a bad path is refused with the reason', async () => {
    const t = await loaded()
    expect(await t.s().importModel('relative/path')).toBeNull()
    expect(t.s().modelImportError).toEqual({ code: 'invalid_request', detail: 'relative/path: not a model folder or .onnx file' })
    const offer = await t.s().importModel('/data/My-Model', 'mine')
    expect(offer).toMatchObject({ id: 'mine', state: 'ready', source: 'import', license: null })
    expect(t.s().modelImportError).toBeNull()
    expect(readyModelsOf(t.s().modelOffers, 'diffusion').map((m) => m.id)).toEqual(['mine'])
  })

  it('verify keeps the result per model', async () => {
    const t = await loaded((f) => f.models.install('canny'))
    await t.s().verifyModel('canny')
    await t.s().verifyModel('birefnet-lite')
    expect(t.s().modelChecks.canny).toMatchObject({ ok: true, checked_files: 3 })
    expect(t.s().modelChecks['birefnet-lite']).toMatchObject({ ok: false, problems: ['unet/model.onnx: missing'] })
  })

  it('remove: a download goes back to available, an import leaves the list', async () => {
    const t = await loaded((f) => f.models.install('canny'))
    await t.s().importModel('/data/mine')
    await t.s().removeModel('canny')
    await t.s().removeModel('mine')
    expect(offerOf(t, 'canny').state).toBe('available')
    expect(t.s().modelOffers.some((m) => m.id === 'mine')).toBe(false)
  })

  it('an unreachable engine leaves the list empty with the error, and does not touch the chosen engines', async () => {
    const t = await storeWithFake()
    await until(() => t.s().modelsLoaded)
    t.s().setForm({ bgEngine: 'sd-turbo' })
    t.fake.models.failures.list = { ok: false, code: 'unreachable', message: 'connect ECONNREFUSED' }
    const again = createAppStore({ api: t.fake.api, images: fakeImages, now: () => 0, random: () => 0.5 })
    t.fake.state.set('editor', { ...t.s().form })
    await again.connect()
    await until(() => again.store.getState().modelsError !== null)
    expect(again.store.getState()).toMatchObject({ modelsLoaded: false, modelOffers: [], modelsError: { code: 'unreachable' } })
    expect(again.store.getState().form.bgEngine).toBe('sd-turbo')
    again.dispose()
  })
})

describe('engine choice in the editor', () => {
  it('sends the chosen engines; variations only with a diffusion engine', async () => {
    const t = await loaded((f) => ['sd-turbo', 'canny', 'birefnet-lite'].forEach((id) => f.models.install(id)))
    t.s().setProduct(product)
    t.s().setForm({ samples: 4 })
    void t.s().generate()
    await until(() => t.s().run !== null)
    expect(t.fake.last().req.params).toMatchObject({ bg_engine: 'builtin', samples: 1, text_engine: 'builtin', segmentation_model: 'isnet-medium' })
    t.fake.finish(t.fake.last().id, { status: 'completed', images: ['final'] })
    await until(() => t.s().run === null)
    t.s().setForm({ bgEngine: 'sd-turbo', textEngine: 'canny', segmentationModel: 'birefnet-lite' })
    void t.s().generate()
    await until(() => t.s().run !== null)
    expect(t.fake.last().req.params).toMatchObject({ bg_engine: 'sd-turbo', samples: 4, text_engine: 'canny', segmentation_model: 'birefnet-lite' })
  })

  it('a chosen model that is removed falls back to built-in, in the editor and the batch, with a notice', async () => {
    const t = await loaded((f) => ['sd-turbo', 'canny'].forEach((id) => f.models.install(id)))
    t.s().setForm({ bgEngine: 'sd-turbo', textEngine: 'canny', segmentationModel: 'isnet-small' })
    t.s().setBatchSettings({ bgEngine: 'sd-turbo' })
    await t.s().removeModel('sd-turbo')
    expect(t.s().form).toMatchObject({ bgEngine: 'builtin', textEngine: 'canny', segmentationModel: 'isnet-small' })
    expect(t.s().batchSettings.bgEngine).toBe('builtin')
    expect(t.s().engineNotice).toEqual([{ field: 'bgEngine', id: 'sd-turbo' }])
    // Gone by an event too (removed with the CLI while the app runs).
    t.fake.models.emit({ type: 'model.state', id: 'canny', at: 1, model: { ...offerOf(t, 'canny'), state: 'missing' } })
    expect(t.s().form.textEngine).toBe('builtin')
    expect(t.s().engineNotice.map((d) => d.id)).toEqual(['sd-turbo', 'canny'])
    t.s().dismissEngineNotice()
    expect(t.s().engineNotice).toEqual([])
  })

  it('reopening a job made with a model that is gone uses built-in instead', async () => {
    const t = await loaded((f) => f.models.install('sd-turbo'))
    t.s().setProduct(product)
    t.s().setForm({ bgEngine: 'sd-turbo', samples: 3 })
    void t.s().generate()
    await until(() => t.s().run !== null)
    const id = t.s().run!.jobId
    t.fake.finish(id, { status: 'completed', images: ['step1', 'step2', 'final'] })
    await until(() => t.s().run === null)
    t.s().setForm({ bgEngine: 'builtin', samples: 1 })
    await t.s().reopen(id)
    expect(t.s().form).toMatchObject({ bgEngine: 'sd-turbo', samples: 3 })
    await t.s().removeModel('sd-turbo')
    await t.s().reopen(id)
    expect(t.s().form.bgEngine).toBe('builtin')
    expect(t.s().engineNotice.length).toBeGreaterThan(0)
  })

  it('the batch carries the engines (without variations)', async () => {
    const t = await loaded((f) => f.models.install('birefnet-lite'))
    t.s().setBatchSettings({ segmentationModel: 'birefnet-lite' })
    t.s().addBatchFiles([{ name: 'a.png', ref: { kind: 'path', path: '/a.png' }, thumbUrl: null }])
    void t.s().startBatch()
    await until(() => t.fake.jobs.size === 1)
    expect(t.fake.last().req.params).toMatchObject({ bg_engine: 'builtin', text_engine: 'builtin', segmentation_model: 'birefnet-lite' })
    expect(t.fake.last().req.params).not.toHaveProperty('samples')
    t.fake.finish(t.fake.last().id, { status: 'completed', images: ['final'] })
    await until(() => t.s().batchRun === 'idle')
  })
})

describe('saved editor forms and engines', () => {
  async function restore(saved: unknown, installed: string[] = []) {
    const t = await storeWithFake()
    installed.forEach((id) => t.fake.models.install(id))
    t.fake.state.set('editor', saved)
    const again = createAppStore({ api: t.fake.api, images: fakeImages, now: () => 0, random: () => 0.5 })
    await again.connect()
    await until(() => again.store.getState().modelsLoaded)
    await settle()
    t.handle.dispose()
    return again
  }

  it('a form saved before engines existed restores with the built-in defaults', async () => {
    const old = { bgPrompt: '대리석', text: '세일', fontName: null, textStyle: 'neon', compositionMode: 'blend', textPosition: 'top', width: 1080, height: 1350, seed: 7 }
    const again = await restore(old)
    expect(again.store.getState().form).toEqual({ ...old, bgEngine: 'builtin', samples: 1, textEngine: 'builtin', segmentationModel: 'isnet-medium', view: 'auto' })
    expect(again.store.getState().engineNotice).toEqual([])
    again.dispose()
  })

  it('keeps an installed model, drops one that is gone (with a notice) and bad values', async () => {
    let again = await restore({ bgEngine: 'sd-turbo', samples: 5, textEngine: 'canny', segmentationModel: 'isnet-small' }, ['sd-turbo'])
    expect(again.store.getState().form).toMatchObject({ bgEngine: 'sd-turbo', samples: 5, textEngine: 'builtin', segmentationModel: 'isnet-small' })
    expect(again.store.getState().engineNotice).toEqual([{ field: 'textEngine', id: 'canny' }])
    again.dispose()
    again = await restore({ bgEngine: 'Not An Id!', samples: 99, textEngine: 3, segmentationModel: null })
    expect(again.store.getState().form).toMatchObject({ bgEngine: 'builtin', samples: 8, textEngine: 'builtin', segmentationModel: 'isnet-medium' })
    again.dispose()
  })
})
