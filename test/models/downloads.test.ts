import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { generateImages } from '../../src/main/engine/diffusion/pipeline/generate'
import type { CatalogEntry } from '../../src/main/engine/models/catalog'
import { hubSettings } from '../../src/main/engine/models/hf-hub'
import { listInstalled, removeInstalled, resolveInstalledModel, verifyInstalled } from '../../src/main/engine/models/model-store'
import { pullModel, type PullProgress } from '../../src/main/engine/models/pull-model'
import { writeTinyModelFolder } from '../helpers/tiny-onnx/model-folder'
import { testSessions } from '../helpers/tiny-onnx/sessions'
import { FakeHub } from './helpers/fake-hub'
import { repoFromFolder } from './helpers/repo-from-folder'

let root: string
let hub: FakeHub
let modelsDir: string
let n = 0

const entry = (over: Partial<CatalogEntry> = {}): CatalogEntry => ({
  id: 'tiny-turbo',
  name: 'tiny',
  kind: 'diffusion',
  family: 'sd',
  purpose: 'test',
  repo: 'test/tiny-turbo',
  revision: 'main',
  include: ['model_index.json', 'scheduler/*', 'tokenizer/*', 'text_encoder/*', 'unet/config.json', 'unet/model.onnx*', 'vae_decoder/*', 'vae_encoder/*'],
  approx_bytes: 1,
  vram_gb: 1,
  precision: 'fp32',
  providers: ['cpu'],
  license: { id: 'test', name: 'Test', commercial: false, url: 'x' },
  verified: 'test',
  ...over,
})

const fast = () => ({ modelsDir, hub: { endpoint: hub.hubUrl, token: null }, retryDelayMs: 5, freeSpace: async () => 1e12 })

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'adstudio-pull-'))
  hub = await new FakeHub().start()
  hub.repos.set('test/tiny-turbo', await repoFromFolder(await writeTinyModelFolder(join(root, 'src-turbo'), 'sd-turbo')))
  // Noise in the repository that the patterns must leave out.
  hub.repos.get('test/tiny-turbo')!.files.set('unet/diffusion_pytorch_model.safetensors', Buffer.alloc(5000, 1))
  hub.repos.get('test/tiny-turbo')!.files.set('README.md', Buffer.from('# tiny'))
})
afterAll(async () => {
  await hub.stop()
  await rm(root, { recursive: true, force: true })
})
afterEach(() => {
  hub.log.length = 0
  hub.faults.cutAfter.clear()
  hub.faults.corrupt.clear()
  hub.faults.slowMs = 0
})

async function freshDir(): Promise<void> {
  modelsDir = join(root, `models-${n++}`)
}

describe('models pull against a local hub', () => {
  it('downloads the matching files, verifies them, reports progress, and the model runs', async () => {
    await freshDir()
    const events: PullProgress[] = []
    const m = await pullModel(entry(), { ...fast(), onProgress: (p) => events.push(p), progressEveryMs: 0 })
    expect(m).toMatchObject({ id: 'tiny-turbo', source: 'download', commit: 'c0ffee'.padEnd(40, '0'), license: { commercial: false } })
    expect(m.files.map((f) => f.path)).not.toContain('unet/diffusion_pytorch_model.safetensors')
    expect(m.files.map((f) => f.path)).not.toContain('README.md')
    expect(m.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256 ?? ''))).toBe(true)
    const last = events.at(-1)!
    expect(last).toMatchObject({ phase: 'done', etaSec: 0 })
    expect(last.bytes).toBe(last.total)
    const bytes = events.filter((e) => e.phase === 'downloading').map((e) => e.bytes)
    expect(bytes).toEqual([...bytes].sort((a, b) => a - b))
    expect(events.some((e) => e.phase === 'downloading' && e.speedBps > 0)).toBe(true)
    // Large files went through the CDN redirect; the CDN never saw a token.
    expect(hub.log.some((l) => l.server === 'cdn')).toBe(true)
    const { path } = await resolveInstalledModel(modelsDir, 'tiny-turbo')
    const r = await generateImages({ model: path, prompt: 'a cat', width: 64, height: 64, steps: 1, guidance: 0, seeds: [1] }, testSessions())
    expect(r.images).toHaveLength(1)
    expect((await listInstalled(modelsDir)).map((x) => [x.id, x.status])).toEqual([['tiny-turbo', 'ready']])
  })

  it('sends the token to the hub, never to the CDN it redirects to', async () => {
    await freshDir()
    await pullModel(entry(), { ...fast(), hub: { endpoint: hub.hubUrl, token: 'hf_secret' } })
    expect(hub.log.filter((l) => l.server === 'hub').every((l) => l.auth === 'Bearer hf_secret')).toBe(true)
    expect(hub.log.filter((l) => l.server === 'cdn').every((l) => l.auth === null)).toBe(true)
  })

  it('resumes with a Range request after the connection is cut', async () => {
    await freshDir()
    hub.faults.cutAfter.set('text_encoder/model.onnx', 10_000)
    const m = await pullModel(entry(), fast())
    const ranged = hub.log.filter((l) => l.path.endsWith('text_encoder/model.onnx') && l.range && l.server === 'cdn')
    // One resumed request, from what had arrived: at most the 10 000 bytes sent before the cut (a
    // loaded machine may not have read them all when the socket dropped), never from zero.
    expect(ranged).toHaveLength(1)
    const from = Number(/^bytes=(\d+)-$/.exec(ranged[0].range ?? '')?.[1])
    expect(from).toBeGreaterThan(0)
    expect(from).toBeLessThanOrEqual(10_000)
    const src = await readFile(join(root, 'src-turbo', 'text_encoder', 'model.onnx'))
    expect(Buffer.compare(await readFile(join(m.path, 'text_encoder', 'model.onnx')), src)).toBe(0)
  })

  it('cancels, keeps the partial file, and the next pull resumes from it', async () => {
    await freshDir()
    hub.faults.slowMs = 5
    const ctrl = new AbortController()
    const run = pullModel(entry(), {
      ...fast(),
      signal: ctrl.signal,
      progressEveryMs: 0,
      onProgress: (p) => {
        if (p.file === 'text_encoder/model.onnx' && p.fileBytes > 20_000) ctrl.abort()
      },
    })
    await expect(run).rejects.toMatchObject({ code: 'stopped' })
    const part = await stat(join(modelsDir, 'tiny-turbo', 'text_encoder', 'model.onnx.part'))
    expect(part.size).toBeGreaterThan(20_000)
    expect((await listInstalled(modelsDir))[0]).toMatchObject({ status: 'incomplete' })
    hub.faults.slowMs = 0
    hub.log.length = 0
    await pullModel(entry(), fast())
    expect(hub.log.find((l) => l.path.endsWith('text_encoder/model.onnx') && l.server === 'cdn')?.range).toBe(`bytes=${part.size}-`)
    expect((await verifyInstalled(modelsDir, 'tiny-turbo')).ok).toBe(true)
  })

  it('detects corrupt bytes, deletes the partial file and writes no manifest', async () => {
    await freshDir()
    hub.faults.corrupt.add('unet/model.onnx')
    await expect(pullModel(entry(), fast())).rejects.toThrow(/unet\/model.onnx arrived corrupt \(SHA-256/)
    await expect(stat(join(modelsDir, 'tiny-turbo', 'unet', 'model.onnx.part'))).rejects.toThrow()
    await expect(resolveInstalledModel(modelsDir, 'tiny-turbo')).rejects.toThrow(/not installed/)
    // Small (non-LFS) files are checked against their git blob id.
    hub.faults.corrupt.clear()
    hub.faults.corrupt.add('scheduler/scheduler_config.json')
    await expect(pullModel(entry(), fast())).rejects.toThrow(/scheduler_config.json arrived corrupt \(git blob/)
  })

  it('says clearly what a 404 or a gated repository needs', async () => {
    await freshDir()
    await expect(pullModel(entry({ repo: 'test/nope' }), fast())).rejects.toThrow(/test\/nope: repository not found/)
    hub.repos.set('test/gated', { ...(await repoFromFolder(join(root, 'src-turbo'))), gated: true })
    await expect(pullModel(entry({ repo: 'test/gated' }), fast())).rejects.toThrow(/gated repository: accept its terms at .*test\/gated, then set HF_TOKEN/)
    await expect(pullModel(entry({ repo: 'test/gated' }), { ...fast(), hub: { endpoint: hub.hubUrl, token: 'hf_x' } })).rejects.toThrow(/this token has no access yet/)
    hub.faults.acceptedTokens.add('hf_ok')
    await expect(pullModel(entry({ repo: 'test/gated' }), { ...fast(), hub: { endpoint: hub.hubUrl, token: 'hf_ok' } })).resolves.toMatchObject({ id: 'tiny-turbo' })
    await expect(pullModel(entry({ include: ['nothing/*'] }), fast())).rejects.toThrow(/no files match nothing/)
  })

  it('checks the disk before downloading anything', async () => {
    await freshDir()
    await expect(pullModel(entry(), { ...fast(), freeSpace: async () => 1000 })).rejects.toThrow(/not enough disk space/)
    expect(hub.log.filter((l) => l.path.includes('/resolve/'))).toEqual([])
  })

  it('verify finds a damaged file; remove deletes a download', async () => {
    await freshDir()
    await pullModel(entry(), fast())
    const p = join(modelsDir, 'tiny-turbo', 'vae_decoder', 'model.onnx')
    const b = await readFile(p)
    b[100] ^= 1
    await writeFile(p, b)
    expect((await verifyInstalled(modelsDir, 'tiny-turbo')).problems).toEqual(['vae_decoder/model.onnx: SHA-256 differs (file damaged)'])
    expect(await removeInstalled(modelsDir, 'tiny-turbo')).toEqual({ deletedFiles: true })
    expect(await readdir(modelsDir)).toEqual([])
  })

  it('endpoint and token settings come from options, then HF_ENDPOINT / HF_TOKEN', () => {
    expect(hubSettings({}, {})).toEqual({ endpoint: 'https://huggingface.co', token: null })
    expect(hubSettings({}, { HF_ENDPOINT: 'https://hf-mirror.com/', HF_TOKEN: 't' })).toEqual({ endpoint: 'https://hf-mirror.com', token: 't' })
    expect(hubSettings({ endpoint: 'http://127.0.0.1:9' }, { HF_ENDPOINT: 'https://hf-mirror.com' }).endpoint).toBe('http://127.0.0.1:9')
  })
})
