import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ModelService, type ModelServiceOptions } from '../../src/main/engine/models/model-service'
import { resolveInstalledModel } from '../../src/main/engine/models/model-store'
import { modelOfferSchema, modelsResponseSchema, type ModelEvent, type ModelOffer } from '../../src/shared/models-contract'
import { writeTinyModelFolder } from '../helpers/tiny-onnx/model-folder'
import { FakeHub } from './helpers/fake-hub'
import { repoFromFolder } from './helpers/repo-from-folder'
import { testCatalog } from './helpers/test-catalog'

let root: string
let hub: FakeHub
let standIn: string
let n = 0
const services: ModelService[] = []

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'adstudio-model-service-'))
  hub = await new FakeHub().start()
  standIn = await writeTinyModelFolder(join(root, 'src-turbo'), 'sd-turbo')
  hub.repos.set('test/tiny-turbo', await repoFromFolder(standIn))
  hub.repos.set('test/gated', { ...(await repoFromFolder(standIn)), gated: true })
})
afterAll(async () => {
  await hub.stop()
  await rm(root, { recursive: true, force: true })
})
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()))
  hub.log.length = 0
  hub.faults.slowMs = 0
  hub.faults.corrupt.clear()
})

/** A service on a fresh models folder, recording its events. */
function service(over: Partial<ModelServiceOptions> = {}) {
  const s = new ModelService({ modelsDir: join(root, `models-${n++}`), catalog: testCatalog(), hub: { endpoint: hub.hubUrl, token: null }, retryDelayMs: 5, freeSpace: async () => 1e12, progressEveryMs: 0, ...over })
  services.push(s)
  const events: ModelEvent[] = []
  s.on((e) => events.push(e))
  return { s, events }
}

/** Resolves with the offer of the first model.state event for `id` after its download ended (null: gone). */
function settled(s: ModelService, id: string): Promise<ModelOffer | null> {
  return new Promise((resolve) => {
    const off = s.on((e) => {
      if (e.type !== 'model.state' || e.id !== id || e.model?.state === 'downloading') return
      off()
      resolve(e.model)
    })
  })
}

async function value<T>(r: Promise<{ ok: true; value: T } | { ok: false; code: string; message: string }>): Promise<T> {
  const x = await r
  if (!x.ok) throw new Error(`${x.code}: ${x.message}`)
  return x.value
}

describe('ModelService against a local hub', () => {
  it('lists the catalogue with licences, the folder, the endpoint and the GPU verdict', async () => {
    const { s } = service({ gpuProbe: async () => ({ usable: false, summary: 'no NVIDIA driver found' }) })
    await new Promise((r) => setTimeout(r, 0))
    const list = await value(s.list())
    expect(modelsResponseSchema.parse(list)).toEqual(list)
    expect(list).toMatchObject({ models_dir: s.modelsDir, endpoint: hub.hubUrl, gpu: { usable: false, summary: 'no NVIDIA driver found' } })
    expect(list.models.map((m) => [m.id, m.state, m.license?.commercial])).toEqual([
      ['tiny-turbo', 'available', false],
      ['tiny-free', 'available', true],
      ['ghost', 'available', false],
      ['tiny-gated', 'available', false],
    ])
    expect(list.models[3]).toMatchObject({ gated: true, in_catalog: true, source: null, download: null, error: null, size_bytes: 450_000 })
  })

  it('pulls in the background with progress and state events; a second pull joins it; a ready model answers at once', async () => {
    const { s, events } = service()
    hub.faults.slowMs = 1
    const ready = settled(s, 'tiny-turbo')
    // Two pulls at once (as two windows or clients might send them) start one download.
    const [first, twin] = await Promise.all([value(s.pull('tiny-turbo')), value(s.pull('tiny-turbo'))])
    expect(first).toMatchObject({ state: 'downloading', source: 'download', download: { file: null } })
    expect(twin.state).toBe('downloading')
    expect((await value(s.pull('tiny-turbo'))).state).toMatch(/downloading|ready/)
    const done = (await ready)!
    expect(modelOfferSchema.parse(done)).toEqual(done)
    const installed = await resolveInstalledModel(s.modelsDir, 'tiny-turbo')
    expect(done).toMatchObject({ state: 'ready', download: null, error: null, partial_bytes: 0, size_bytes: installed.manifest.files.reduce((a, f) => a + f.size, 0) })
    // One listing: the second pull joined the first rather than starting another.
    expect(hub.log.filter((l) => l.path.startsWith('/api/models/test/tiny-turbo'))).toHaveLength(1)
    const progress = events.filter((e) => e.type === 'model.progress')
    expect(progress.length).toBeGreaterThan(1)
    const bytes = progress.map((e) => (e.type === 'model.progress' ? e.download.bytes : 0))
    expect(bytes).toEqual([...bytes].sort((a, b) => a - b))
    expect(events[0]).toMatchObject({ type: 'model.state', id: 'tiny-turbo', model: { state: 'downloading' } })
    hub.log.length = 0
    expect(await value(s.pull('tiny-turbo'))).toMatchObject({ state: 'ready' })
    expect(hub.log).toEqual([])
  })

  it('cancel keeps the partial files (incomplete, no error); the next pull resumes them', async () => {
    const { s, events } = service()
    hub.faults.slowMs = 20
    const started = new Promise<void>((resolve) => {
      let from: number | null = null
      s.on((e) => {
        if (e.type !== 'model.progress' || e.download.file !== 'text_encoder/model.onnx') return
        from ??= e.download.bytes
        if (e.download.bytes > from + 8192) resolve()
      })
    })
    await value(s.pull('tiny-turbo'))
    await started
    expect((await s.remove('tiny-turbo'))).toMatchObject({ ok: false, code: 'busy' })
    expect((await s.verify('tiny-turbo'))).toMatchObject({ ok: false, code: 'busy' })
    const canceled = await value(s.cancel('tiny-turbo'))
    expect(canceled).toMatchObject({ state: 'incomplete', error: null, download: null, source: 'download' })
    expect(canceled.partial_bytes).toBeGreaterThan(8192)
    expect(events.at(-1)).toMatchObject({ type: 'model.state', model: { state: 'incomplete' } })
    const part = await stat(join(s.modelsDir, 'tiny-turbo', 'text_encoder', 'model.onnx.part'))
    hub.faults.slowMs = 0
    hub.log.length = 0
    const ready = settled(s, 'tiny-turbo')
    await value(s.pull('tiny-turbo'))
    expect(await ready).toMatchObject({ state: 'ready' })
    expect(hub.log.find((l) => l.path.endsWith('text_encoder/model.onnx') && l.server === 'cdn')?.range).toBe(`bytes=${part.size}-`)
  })

  it('keeps the last failure in plain words: missing repository, gated, disk full, corrupt bytes', async () => {
    const { s } = service()
    const ghost = settled(s, 'ghost')
    await value(s.pull('ghost'))
    expect(await ghost).toMatchObject({ state: 'available', error: expect.stringMatching(/test\/ghost: repository not found/) })
    expect((await value(s.list())).models.find((m) => m.id === 'ghost')).toMatchObject({ state: 'available', error: expect.stringMatching(/not found/) })

    const gated = settled(s, 'tiny-gated')
    await value(s.pull('tiny-gated'))
    expect((await gated)!.error).toMatch(/gated repository: accept its terms .* then set HF_TOKEN/)

    const full = service({ freeSpace: async () => 1000 }).s
    const disk = settled(full, 'tiny-turbo')
    await value(full.pull('tiny-turbo'))
    expect((await disk)!.error).toMatch(/not enough disk space/)

    hub.faults.corrupt.add('unet/model.onnx')
    const corrupt = settled(s, 'tiny-free')
    await value(s.pull('tiny-free'))
    expect(await corrupt).toMatchObject({ state: 'incomplete', error: expect.stringMatching(/unet\/model.onnx arrived corrupt/) })
    // A later success clears the error.
    hub.faults.corrupt.clear()
    const fixed = settled(s, 'tiny-free')
    await value(s.pull('tiny-free'))
    expect(await fixed).toMatchObject({ state: 'ready', error: null })
  })

  it('imports a folder (licence unknown), verifies it, and remove forgets it without touching the folder', async () => {
    const { s, events } = service()
    const offer = await value(s.import({ path: standIn, id: 'my-turbo' }))
    expect(offer).toMatchObject({ id: 'my-turbo', state: 'ready', source: 'import', in_catalog: false, license: null, kind: 'diffusion', family: 'sd', repo: null })
    expect(events.at(-1)).toMatchObject({ type: 'model.state', id: 'my-turbo', model: { state: 'ready' } })
    expect(await value(s.verify('my-turbo'))).toMatchObject({ id: 'my-turbo', ok: true, problems: [] })
    expect((await value(s.list())).models.map((m) => m.id)).toContain('my-turbo')
    // An import under a catalogue id takes the catalogue's licence.
    expect(await value(s.import({ path: standIn, id: 'tiny-free' }))).toMatchObject({ source: 'import', in_catalog: true, license: { commercial: true } })

    const copy = join(root, `copy-${n}`)
    await writeTinyModelFolder(copy, 'sd-turbo')
    await value(s.import({ path: copy, id: 'fragile' }))
    await writeFile(join(copy, 'unet', 'model.onnx'), 'damaged')
    const checked = await value(s.verify('fragile'))
    expect(checked.ok).toBe(false)
    expect((await s.offer('fragile'))!.error).toMatch(/verify found problems: unet\/model.onnx/)

    expect(await value(s.remove('my-turbo'))).toEqual({ id: 'my-turbo', deleted_files: false })
    expect(events.at(-1)).toEqual({ type: 'model.state', id: 'my-turbo', at: expect.any(Number), model: null })
    expect((await readdir(standIn)).length).toBeGreaterThan(0)
    expect(await s.remove('my-turbo')).toMatchObject({ ok: false, code: 'not_found' })
  })

  it('setEndpoint: the listing reports the new endpoint at once; the next pull goes there while a running one keeps its own', async () => {
    const mirror = await new FakeHub().start()
    try {
      mirror.repos.set('test/tiny-turbo', hub.repos.get('test/tiny-turbo')!)
      const { s } = service()
      // A download on the first hub, slow enough to be running when the endpoint changes.
      hub.faults.slowMs = 5
      const first = settled(s, 'tiny-turbo')
      await value(s.pull('tiny-turbo'))
      expect(s.setEndpoint(`${mirror.hubUrl}/`)).toEqual({ ok: true, value: { endpoint: mirror.hubUrl } })
      expect((await value(s.list())).endpoint).toBe(mirror.hubUrl)
      expect(s.endpoint).toBe(mirror.hubUrl)
      expect(await first).toMatchObject({ state: 'ready' })
      expect(mirror.log).toEqual([])
      hub.faults.slowMs = 0
      hub.log.length = 0

      const second = settled(s, 'tiny-free')
      await value(s.pull('tiny-free'))
      expect(await second).toMatchObject({ state: 'ready' })
      expect(mirror.log.some((l) => l.server === 'hub' && l.path.startsWith('/api/models/test/tiny-turbo'))).toBe(true)
      expect(hub.log).toEqual([])

      // null goes back to the default (here the options' endpoint, in the app HF_ENDPOINT or huggingface.co).
      expect(s.setEndpoint(null)).toEqual({ ok: true, value: { endpoint: hub.hubUrl } })
      expect((await value(s.list())).endpoint).toBe(hub.hubUrl)
    } finally {
      await mirror.stop()
    }
  })

  it('setEndpoint refuses what is not an http(s) URL without credentials, query or fragment, naming the field', () => {
    const { s } = service()
    for (const bad of ['hf-mirror.com', 'ftp://hf-mirror.com', 'https://user:pw@hf-mirror.com', 'https://hf-mirror.com/?a=1', 'https://hf-mirror.com#x', ' https://hf-mirror.com', `https://${'a'.repeat(2048)}.com`]) {
      const r = s.setEndpoint(bad)
      expect(r).toMatchObject({ ok: false, code: 'invalid_request', issues: [{ field: 'modelsEndpoint' }] })
      expect(!r.ok && r.message).toMatch(/^modelsEndpoint: must/)
    }
    expect(s.endpoint).toBe(hub.hubUrl)
  })

  it('refuses bad input with a clear error naming the field', async () => {
    const { s } = service()
    for (const id of ['../etc', 'UPPER', '', 'a/b']) {
      const r = await s.pull(id)
      expect(r).toMatchObject({ ok: false, code: 'invalid_request', issues: [{ field: 'id' }] })
      expect(!r.ok && r.message).toMatch(/^id: /)
    }
    expect(await s.pull('nope')).toMatchObject({ ok: false, code: 'not_found', message: expect.stringMatching(/^id: no model "nope" in the catalogue/) })
    expect(await s.cancel('nope')).toMatchObject({ ok: false, code: 'not_found' })
    expect(await s.verify('tiny-turbo')).toMatchObject({ ok: false, code: 'not_found' })
    expect(await s.import({ path: 'relative/folder' })).toMatchObject({ ok: false, code: 'invalid_request', message: expect.stringMatching(/^path: must be an absolute path/) })
    const empty = join(root, 'not-a-model')
    await mkdir(empty, { recursive: true })
    await writeFile(join(empty, 'readme.txt'), 'hello')
    expect(await s.import({ path: empty })).toMatchObject({ ok: false, code: 'invalid_request', message: expect.stringMatching(/^path: .*no \.onnx model here/s), issues: [{ field: 'path' }] })
    expect(await s.import({ path: join(root, 'nowhere') })).toMatchObject({ ok: false, code: 'invalid_request', message: expect.stringMatching(/^path: .*no such file or folder/) })
    expect(await s.import({ path: standIn, id: 'Bad Id' })).toMatchObject({ ok: false, code: 'invalid_request', issues: [{ field: 'id' }] })
  })
})
