import type { IpcMainInvokeEvent, WebContents } from 'electron'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, type AppSettings } from '../../src/shared/api-client'
import { ModelService } from '../../src/main/engine/models/model-service'
import { EngineHost } from '../../src/main/shell/engine-host'
import { createIpcHandlers } from '../../src/main/shell/ipc-handlers'
import { registerIpcHandlers, type IpcMainLike } from '../../src/main/shell/ipc-router'
import { ShellFiles } from '../../src/main/shell/json-files'
import { drawProductPhoto } from '../helpers/synthetic-product'
import { writeTinyModelFolder } from '../helpers/tiny-onnx/model-folder'
import { testCatalog } from '../models/helpers/test-catalog'
import { fakeWorkerFactory } from './fake-worker'

/**
 * Main's IPC surface end to end without Electron: the real handlers and router, the real job service
 * behind the engine host, a fake engine process. Calls go in as the preload sends them.
 */
describe('IPC handlers against the engine host', () => {
  let host: EngineHost
  let models: ModelService
  let dir: string
  const channels = new Map<string, (e: IpcMainInvokeEvent, p: unknown) => unknown>()
  const applied: [AppSettings, AppSettings][] = []
  const drags: string[] = []
  let dragStarts = true
  const opened: string[] = []
  const sender = { id: 7 } as WebContents
  const call = async (channel: string, payload?: unknown) => channels.get(channel)!({ sender, senderFrame: null } as unknown as IpcMainInvokeEvent, payload) as Promise<{ ok: boolean; value?: unknown; code?: string }>

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ipc-handlers-'))
    // Jobs whose text says "hold" stay running until stopped; the rest complete with a final image.
    const factory = fakeWorkerFactory({
      onRun: (w, m) => {
        if (m.params.text_content === 'hold') return
        void writeFile(join(dir, 'data', 'jobs', m.job_id, 'final.png'), 'png').then(() => {
          w.emit({ type: 'image', job_id: m.job_id, image: 'final', path: join(dir, 'data', 'jobs', m.job_id, 'final.png') })
          w.emit({ type: 'done', job_id: m.job_id, outcome: 'completed', message: 'ok', error: null, images: ['final'], ran_steps: [1, 2, 3], stopped_early: null, timings_ms: {}, engines: {} })
        })
      },
    })
    host = new EngineHost({ dataDir: join(dir, 'data'), workerFactory: factory, onStatus: () => undefined, onJobEvent: () => undefined, log: () => undefined, version: '9.9.9', jobOptions: { stopGraceMs: 200 } })
    await host.start()
    const files = new ShellFiles(dir)
    await files.load()
    const ipc: IpcMainLike = { handle: (c, l) => void channels.set(c, l), removeHandler: () => undefined }
    // Nothing listens on this endpoint: the model tests here never download.
    models = new ModelService({ modelsDir: join(dir, 'models'), catalog: testCatalog(), hub: { endpoint: 'http://127.0.0.1:9', token: null } })
    const handlers = createIpcHandlers({
      host,
      files,
      version: '9.9.9',
      appInfo: () => ({ kind: 'electron', version: '9.9.9', platform: 'test', locale: 'ko-KR', dataDir: dir, fontsDir: null, device: null, canConfigureEngine: true, apiUrl: null }),
      checkFont: async () => null,
      listFonts: async () => ({ fonts: ['A/A.ttf'], details: [] }),
      saveDialog: async () => null,
      pickFolder: async () => '/picked',
      openFolder: async (folder) => (opened.push(folder), { ok: true, value: null }),
      writeClipboardPng: async () => true,
      startDrag: async (_ctx, file) => (drags.push(file), dragStarts),
      defaultExportFolder: () => dir,
      applySettings: async (before, after) => (applied.push([before, after]), after),
      models,
    })
    registerIpcHandlers(ipc, handlers, (e) => e.sender === sender, () => undefined)
  })
  afterAll(async () => {
    await models.close()
    await host.close()
  })

  it('generates from a dropped file, lists, reads, drags out and deletes the job', async () => {
    const photo = join(dir, 'p.png')
    await writeFile(photo, (await drawProductPhoto({ width: 64, height: 64, transparent: true })).png)
    const r = await call('job:generate', { params: { text_content: '할인', width: 256, height: 256 }, product: { kind: 'path', path: photo } })
    expect(r).toMatchObject({ ok: true, value: { status: 'started' } })
    const id = (r.value as { job_id: string }).job_id
    for (let i = 0; i < 200; i++) {
      const st = await call('job:get', { jobId: id })
      if ((st.value as { status?: string } | undefined)?.status === 'completed') break
      await new Promise((res) => setTimeout(res, 10))
    }
    expect(await call('job:get', { jobId: id })).toMatchObject({ ok: true, value: { status: 'completed', images: { final: `/jobs/${id}/images/final.png` } } })
    expect(await call('job:list')).toMatchObject({ ok: true, value: [{ job_id: id, status: 'completed' }] })
    expect(await call('drag:start', { jobId: id, image: 'final' })).toEqual({ ok: true, value: null })
    expect(drags).toEqual([join(dir, 'data', 'jobs', id, 'final.png')])
    expect(await call('drag:start', { jobId: id, image: 'step2' })).toMatchObject({ ok: false, code: 'not_found' })
    // A drag Electron would not start (no icon) is reported, not answered ok.
    dragStarts = false
    expect(await call('drag:start', { jobId: id, image: 'final' })).toMatchObject({ ok: false, code: 'internal', message: expect.stringMatching(/no icon/) })
    dragStarts = true
    expect(await call('engine:health')).toMatchObject({ ok: true, value: { status: 'healthy', total_jobs: 1, version: '9.9.9' } })
    expect(await call('job:delete', { jobId: id })).toEqual({ ok: true, value: { job_id: id } })
    expect(await call('job:get', { jobId: id })).toMatchObject({ ok: false, code: 'not_found' })
  })

  it('stops a running job and refuses to delete it before', async () => {
    const r = await call('job:generate', { params: { text_content: 'hold', width: 256, height: 256 } })
    const id = (r.value as { job_id: string }).job_id
    await new Promise((res) => setTimeout(res, 20))
    expect(await call('job:delete', { jobId: id })).toMatchObject({ ok: false, code: 'invalid_request' })
    expect(await call('job:stop', { jobId: id })).toEqual({ ok: true, value: { job_id: id, status: 'stopped' } })
  })

  it('saves exports into a folder, keeps UI state and settings', async () => {
    const out = join(dir, 'exports')
    const saved = await call('export:save', { files: [{ name: 'ad.png', bytes: new Uint8Array([137, 80]) }], folder: out })
    expect(saved).toEqual({ ok: true, value: { folder: out, paths: [join(out, 'ad.png')] } })
    expect(await readFile(join(out, 'ad.png'))).toEqual(Buffer.from([137, 80]))
    expect(await call('export:save', { files: [{ name: 'ad.png', bytes: new Uint8Array([1]) }], folder: null })).toEqual({ ok: true, value: null })

    expect(await call('state:save', { key: 'batch', value: { version: 1, items: [] } })).toEqual({ ok: true, value: null })
    expect(await call('state:load', { key: 'batch' })).toEqual({ ok: true, value: { version: 1, items: [] } })
    expect(await call('state:save', { key: 'batch', value: 'x'.repeat(2_100_000) })).toMatchObject({ ok: false })

    expect(await call('settings:get')).toEqual({ ok: true, value: DEFAULT_SETTINGS })
    expect(await call('settings:set', { device: 'cpu', language: 'ko' })).toMatchObject({ ok: true, value: { device: 'cpu', language: 'ko' } })
    expect(applied.at(-1)![0].device).toBe('auto')
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'))).toMatchObject({ device: 'cpu', language: 'ko' })
    expect(await call('dialog:pick-folder')).toEqual({ ok: true, value: '/picked' })
    expect(await call('folder:open', { folder: 'fonts' })).toEqual({ ok: true, value: null })
    expect(await call('folder:open', { folder: '/etc' })).toMatchObject({ ok: false, code: 'invalid_request' })
    expect(opened).toEqual(['fonts'])
  })

  it('settings: a bad models endpoint is refused by name and changes nothing; a good one is saved and used for the next downloads', async () => {
    const listed = async () => ((await call('models:list')).value as { endpoint: string }).endpoint
    expect(await listed()).toBe('http://127.0.0.1:9')
    const saved = await readFile(join(dir, 'settings.json'), 'utf8').catch(() => null)
    for (const bad of ['hf-mirror.com', 'file:///etc', 'https://me:secret@hf-mirror.com', 'https://hf-mirror.com/?x=1', 'x'.repeat(3000)]) {
      const r = await call('settings:set', { modelsEndpoint: bad })
      expect(r).toMatchObject({ ok: false, code: 'invalid_request', message: expect.stringMatching(/^modelsEndpoint: must/) })
    }
    expect(await readFile(join(dir, 'settings.json'), 'utf8').catch(() => null)).toBe(saved)
    expect(await listed()).toBe('http://127.0.0.1:9')

    expect(await call('settings:set', { modelsEndpoint: 'https://hf-mirror.com/' })).toMatchObject({ ok: true, value: { modelsEndpoint: 'https://hf-mirror.com/' } })
    expect(await listed()).toBe('https://hf-mirror.com')
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'))).toMatchObject({ modelsEndpoint: 'https://hf-mirror.com/' })
    expect(applied.at(-1)![1].modelsEndpoint).toBe('https://hf-mirror.com/')

    // Back to the default: the endpoint the service was made with (in the app, HF_ENDPOINT or huggingface.co).
    expect(await call('settings:set', { modelsEndpoint: null })).toMatchObject({ ok: true, value: { modelsEndpoint: null } })
    expect(await listed()).toBe('http://127.0.0.1:9')
  })

  it('models: lists the catalogue, imports a folder, verifies and forgets it; bad ids and fields are refused by name', async () => {
    const list = await call('models:list')
    expect(list).toMatchObject({ ok: true, value: { models_dir: join(dir, 'models'), endpoint: 'http://127.0.0.1:9' } })
    expect((list.value as { models: { id: string; license: { commercial: boolean } }[] }).models.map((m) => [m.id, m.license.commercial])).toContainEqual(['tiny-free', true])
    const folder = await writeTinyModelFolder(join(dir, 'my-model'), 'sd-turbo')
    expect(await call('models:import', { path: folder, id: 'mine' })).toMatchObject({ ok: true, value: { id: 'mine', state: 'ready', source: 'import', license: null } })
    expect(await call('models:verify', { id: 'mine' })).toMatchObject({ ok: true, value: { id: 'mine', ok: true } })
    expect(await call('models:remove', { id: 'mine' })).toEqual({ ok: true, value: { id: 'mine', deleted_files: false } })
    expect(await call('models:cancel', { id: 'tiny-turbo' })).toMatchObject({ ok: true, value: { id: 'tiny-turbo', state: 'available' } })

    expect(await call('models:pull', { id: '../etc' })).toMatchObject({ ok: false, code: 'invalid_request', issues: [{ field: 'id' }] })
    expect(await call('models:pull', { id: 'nope' })).toMatchObject({ ok: false, code: 'not_found' })
    expect(await call('models:import', { path: folder, extra: 1 })).toMatchObject({ ok: false, code: 'unknown_fields', issues: [{ field: 'extra' }] })
    expect(await call('models:import', { path: join(dir, 'data') })).toMatchObject({ ok: false, code: 'invalid_request', issues: [{ field: 'path' }] })
  })
})
