import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorResponseSchema } from '../../src/shared/api-responses'
import { modelEventSchema, modelOfferSchema, modelsResponseSchema, modelVerifySchema, type ModelEvent } from '../../src/shared/models-contract'
import { writeTinyModelFolder } from '../helpers/tiny-onnx/model-folder'
import { FakeHub } from '../models/helpers/fake-hub'
import { repoFromFolder } from '../models/helpers/repo-from-folder'
import { testCatalog } from '../models/helpers/test-catalog'
import { smallJob } from './helpers/images'
import { client, startServer, TEST_TOKEN, waitForState, type TestServer } from './helpers/server'

/**
 * The model manager through the real server (`adstudio serve` through the bin) against a local
 * fake Hub: a catalogue whose entries point at tiny stand-in models, pulled over HTTP, watched on
 * /events, and used by the next /generate in the server's own worker process.
 */
let root: string
let hub: FakeHub
let server: TestServer
let api: ReturnType<typeof client>
let modelsDir: string
let standIn: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'adstudio-models-api-'))
  hub = await new FakeHub().start()
  standIn = await writeTinyModelFolder(join(root, 'src-turbo'), 'sd-turbo')
  hub.repos.set('test/tiny-turbo', await repoFromFolder(standIn))
  hub.repos.set('test/gated', { ...(await repoFromFolder(standIn)), gated: true })
  const catalogFile = join(root, 'catalog.json')
  await writeFile(catalogFile, JSON.stringify(testCatalog()))
  // Not the folder the server's environment names: the flag must reach the workers too.
  modelsDir = join(root, 'api-models')
  server = await startServer({
    args: ['--models-dir', modelsDir, '--hf-endpoint', hub.hubUrl, '--catalog', catalogFile],
    env: { ADSTUDIO_DEVICE: 'cpu', HF_TOKEN: '', HUGGING_FACE_HUB_TOKEN: '' },
  })
  api = client(server)
}, 120_000)
afterAll(async () => {
  expect(await server.stop()).toBe(0)
  await hub.stop()
  await rm(root, { recursive: true, force: true })
})

/** A live reader of GET /events: every model event seen, and a way to wait for one. */
async function openEvents(query = '') {
  const ctrl = new AbortController()
  const res = await fetch(`${server.url}/events${query}`, { headers: { Authorization: `Bearer ${TEST_TOKEN}` }, signal: ctrl.signal })
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/)
  const events: ModelEvent[] = []
  const names: string[] = []
  const waiters: { pred: (e: ModelEvent) => boolean; resolve: (e: ModelEvent) => void }[] = []
  void (async () => {
    const reader = res.body!.getReader()
    let buf = ''
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return
        buf += Buffer.from(value).toString('utf8')
        let cut
        while ((cut = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, cut).split('\n')
          buf = buf.slice(cut + 2)
          const name = block.find((l) => l.startsWith('event: '))?.slice(7)
          const data = block.find((l) => l.startsWith('data: '))?.slice(6)
          if (!name || !data || !name.startsWith('model.')) continue
          const e = modelEventSchema.parse(JSON.parse(data))
          names.push(name)
          events.push(e)
          for (const w of waiters.splice(0)) {
            if (w.pred(e)) w.resolve(e)
            else waiters.push(w)
          }
        }
      }
    } catch {
      // aborted by close()
    }
  })()
  return {
    events,
    names,
    next: (pred: (e: ModelEvent) => boolean) => new Promise<ModelEvent>((resolve) => waiters.push({ pred, resolve })),
    /** The model.state that ends a download of `id` (ready, incomplete, available with an error). */
    settled: (id: string) => new Promise<ModelEvent>((resolve) => waiters.push({ pred: (e) => e.type === 'model.state' && e.id === id && e.model?.state !== 'downloading', resolve })),
    close: () => ctrl.abort(),
  }
}

const offerOf = (e: ModelEvent) => (e.type === 'model.state' ? e.model : null)

async function folderBytes(dir: string): Promise<number> {
  let n = 0
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) if (e.isFile()) n += (await stat(join(e.parentPath, e.name))).size
  return n
}

describe('the model manager over HTTP', () => {
  it('GET /models lists the catalogue with licences, the folder and the endpoint', async () => {
    const r = await api.get('/models')
    expect(r.status).toBe(200)
    const body = modelsResponseSchema.parse(r.body)
    expect(body).toMatchObject({ models_dir: modelsDir, endpoint: hub.hubUrl })
    expect(body.models.map((m) => [m.id, m.state, m.license?.commercial])).toEqual([
      ['tiny-turbo', 'available', false],
      ['tiny-free', 'available', true],
      ['ghost', 'available', false],
      ['tiny-gated', 'available', false],
    ])
    expect((await api.get('/help')).body.endpoints.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['/models', '/models/{id}/pull', '/models/import']))
    expect((await client(server, null).get('/models')).status).toBe(401)
  })

  it('pull → progress and ready on /events → listed ready with its size → /generate with bg_engine uses it', async () => {
    const stream = await openEvents()
    const filtered = await openEvents('?job_id=00000000-0000-4000-8000-000000000000')
    hub.faults.slowMs = 2
    const done = stream.settled('tiny-turbo')
    const r = await api.post('/models/tiny-turbo/pull')
    expect(r.status).toBe(202)
    expect(modelOfferSchema.parse(r.body)).toMatchObject({ id: 'tiny-turbo', state: 'downloading', source: 'download' })
    const last = offerOf(await done)
    hub.faults.slowMs = 0
    expect(last).toMatchObject({ state: 'ready', error: null, download: null })
    expect(stream.names).toContain('model.progress')
    expect(stream.names.at(-1)).toBe('model.state')
    const progress = stream.events.flatMap((e) => (e.type === 'model.progress' ? [e.download.bytes] : []))
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
    stream.close()
    filtered.close()
    expect(filtered.events).toEqual([])

    const listed = modelsResponseSchema.parse((await api.get('/models')).body).models.find((m) => m.id === 'tiny-turbo')
    expect(listed).toMatchObject({ state: 'ready', size_bytes: await folderBytes(standIn), partial_bytes: 0 })
    // Pulling a ready model changes nothing.
    expect((await api.post('/models/tiny-turbo/pull')).body).toMatchObject({ state: 'ready' })

    const job = await api.post('/generate', await smallJob({ bg_engine: 'tiny-turbo', stop_step: 1 }))
    expect(job.status).toBe(200)
    const { last: finished } = await waitForState(api, job.body.job_id, ['completed', 'failed'], 60_000)
    expect(finished).toMatchObject({ status: 'completed', error: null })
    const report = JSON.parse(await readFile(join(server.dataDir, 'jobs', job.body.job_id, 'job.json'), 'utf8'))
    expect(report.engines.background).toBe('diffusion:tiny-turbo')
  })

  it('cancel leaves it incomplete (remove refused meanwhile); the next pull resumes; remove deletes it', async () => {
    const stream = await openEvents()
    hub.faults.slowMs = 20
    hub.log.length = 0
    const flowing = stream.next((e) => e.type === 'model.progress' && e.id === 'tiny-free' && e.download.bytes > 20_000)
    expect((await api.post('/models/tiny-free/pull')).status).toBe(202)
    // A second pull joins the running one.
    expect((await api.post('/models/tiny-free/pull')).body).toMatchObject({ state: 'downloading' })
    await flowing
    const busy = await api.delete('/models/tiny-free')
    expect(busy.status).toBe(503)
    expect(errorResponseSchema.parse(busy.body)).toMatchObject({ code: 'busy', detail: expect.stringMatching(/downloading/) })
    const canceled = await api.call('DELETE', '/models/tiny-free/pull')
    expect(canceled.status).toBe(200)
    expect(modelOfferSchema.parse(canceled.body)).toMatchObject({ state: 'incomplete', error: null, download: null })
    expect(canceled.body.partial_bytes).toBeGreaterThan(20_000)
    expect(modelsResponseSchema.parse((await api.get('/models')).body).models.find((m) => m.id === 'tiny-free')).toMatchObject({ state: 'incomplete' })

    hub.faults.slowMs = 0
    hub.log.length = 0
    const done = stream.settled('tiny-free')
    expect((await api.post('/models/tiny-free/pull')).status).toBe(202)
    expect(offerOf(await done)).toMatchObject({ state: 'ready' })
    expect(hub.log.some((l) => /^bytes=[1-9]\d*-$/.test(l.range ?? ''))).toBe(true)
    stream.close()

    const removed = await api.delete('/models/tiny-free')
    expect(removed).toMatchObject({ status: 200, body: { id: 'tiny-free', deleted_files: true } })
    expect(modelsResponseSchema.parse((await api.get('/models')).body).models.find((m) => m.id === 'tiny-free')).toMatchObject({ state: 'available' })
    expect(await api.delete('/models/tiny-free')).toMatchObject({ status: 404, body: { code: 'not_found' } })
  })

  it('a repository the hub does not have: the offer says so', async () => {
    const stream = await openEvents()
    const done = stream.settled('ghost')
    expect((await api.post('/models/ghost/pull')).status).toBe(202)
    expect(offerOf(await done)).toMatchObject({ state: 'available', error: expect.stringMatching(/test\/ghost: repository not found/) })
    stream.close()
    expect(modelsResponseSchema.parse((await api.get('/models')).body).models.find((m) => m.id === 'ghost')?.error).toMatch(/repository not found/)
  })

  it('imports a stand-in folder, verifies it, and forgets it (the folder stays)', async () => {
    const r = await api.post('/models/import', { path: standIn, id: 'my-turbo' })
    expect(r.status).toBe(201)
    expect(modelOfferSchema.parse(r.body)).toMatchObject({ id: 'my-turbo', state: 'ready', source: 'import', in_catalog: false, license: null })
    const v = await api.post('/models/my-turbo/verify')
    expect(v.status).toBe(200)
    expect(modelVerifySchema.parse(v.body)).toMatchObject({ id: 'my-turbo', ok: true, problems: [] })
    expect(await api.delete('/models/my-turbo')).toMatchObject({ status: 200, body: { id: 'my-turbo', deleted_files: false } })
    expect((await readdir(standIn)).length).toBeGreaterThan(0)
  })

  it('refuses bad input with the error naming the field', async () => {
    const refused = async (method: string, path: string, body: unknown, status: number, code: string, detail: RegExp) => {
      const r = await api.call(method, path, body)
      expect(r.status, `${method} ${path}`).toBe(status)
      expect(errorResponseSchema.parse(r.body)).toMatchObject({ code, detail: expect.stringMatching(detail) })
      return r.body
    }
    expect(await refused('POST', '/models/Not_An_Id/pull', undefined, 400, 'invalid_request', /^id: must be a model id/)).toMatchObject({ issues: [{ field: 'id' }] })
    await refused('POST', '/models/..%2F..%2Fetc/pull', undefined, 400, 'invalid_request', /^id: /)
    await refused('DELETE', '/models/..%2Fapi-models', undefined, 400, 'invalid_request', /^id: /)
    await refused('POST', '/models/%2E%2E/verify', undefined, 404, 'not_found', /no such endpoint/)
    await refused('POST', '/models/nope/pull', undefined, 404, 'not_found', /no model "nope" in the catalogue/)
    await refused('DELETE', '/models/nope/pull', undefined, 404, 'not_found', /nope/)
    await refused('POST', '/models/tiny-gated/verify', undefined, 404, 'not_found', /not installed/)
    expect(await refused('POST', '/models/import', { path: standIn, id: 'x', copy: true }, 422, 'unknown_fields', /unknown fields: copy/)).toMatchObject({ unknown_fields: ['copy'] })
    const notModel = join(root, 'not-a-model')
    await mkdir(notModel, { recursive: true })
    await writeFile(join(notModel, 'notes.txt'), 'hello')
    expect(await refused('POST', '/models/import', { path: notModel }, 400, 'invalid_request', /^path: .*no \.onnx model here/s)).toMatchObject({ issues: [{ field: 'path' }] })
    await refused('POST', '/models/import', { path: 'relative/folder' }, 400, 'invalid_request', /^path: must be an absolute path/)
    await refused('POST', '/models/import', { path: '' }, 400, 'invalid_request', /^path: must not be empty/)
    await refused('POST', '/models/import', { path: standIn, id: '../x' }, 400, 'invalid_request', /^id: must be a model id/)
    await refused('POST', '/models/import', '{"path": ', 400, 'invalid_request', /malformed JSON/)
    await refused('POST', '/models/import', [1], 400, 'invalid_request', /must be a JSON object/)
    expect((await api.get('/models/import')).status).toBe(405)
  })
})
