import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateImages } from '../../src/main/engine/diffusion/pipeline/generate'
import { modelsCommand } from '../../src/main/engine/cli/models-command'
import { builtinCatalog } from '../../src/main/engine/models/catalog'
import type { RepoFile } from '../../src/main/engine/models/hf-hub'
import { resolveInstalledModel, verifyInstalled } from '../../src/main/engine/models/model-store'
import { pullModel, selectFiles, weightSiblings, type PullProgress } from '../../src/main/engine/models/pull-model'
import { writeTinyModelFolder } from '../helpers/tiny-onnx/model-folder'
import { testSessions } from '../helpers/tiny-onnx/sessions'
import { externalDataUnet } from '../ml/helpers/stand-in-variants'
import { FakeHub } from './helpers/fake-hub'
import { repoFromFolder } from './helpers/repo-from-folder'
import { testEntry } from './helpers/test-catalog'

/**
 * Issue 13.2: onnxruntime/sdxl-turbo's text_encoder_2 holds a 1.39 GB fp16 graph with its weights
 * inside and a 2.78 GB model.onnx.data beside it that the graph does not name (Olive copied the
 * unoptimised folder, then overwrote model.onnx). A pull reads each graph's external-data entries
 * and fetches only the weight files named there.
 */
let root: string
let hub: FakeHub
const STALE = 300_000

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'adstudio-weights-'))
  hub = await new FakeHub().start()
  const repo = await repoFromFolder(await writeTinyModelFolder(join(root, 'src'), 'sd-turbo'))
  // unet/: a graph whose weights live in model.onnx_data (named by the graph), as >2 GB exports do.
  const unet = externalDataUnet(1024, 'model.onnx_data')
  repo.files.set('unet/model.onnx', Buffer.from(unet.graph))
  repo.files.set('unet/model.onnx_data', Buffer.from(unet.data))
  // text_encoder/: the Olive leftover, a weights file no graph names; and a stale weights.pb in unet/.
  repo.files.set('text_encoder/model.onnx.data', Buffer.alloc(STALE, 7))
  repo.files.set('unet/weights.pb', Buffer.alloc(STALE / 3, 9))
  for (const p of ['unet/model.onnx_data', 'text_encoder/model.onnx.data', 'unet/weights.pb']) repo.lfs!.add(p)
  hub.repos.set('test/olive', repo)
})
afterAll(async () => {
  await hub.stop()
  await rm(root, { recursive: true, force: true })
})

describe('pulling only the weight files a graph references', () => {
  it('tells weight files from graphs, configs and tokenizer files', () => {
    const f = (path: string): RepoFile => ({ path, size: 1, sha256: null, gitBlobId: null })
    const files = ['model_index.json', 'tokenizer/vocab.json', 'tokenizer/merges.txt', 'unet/model.onnx', 'unet/config.json', 'unet/model.onnx_data', 'unet/weights.pb', 'text_encoder/model.onnx', 'text_encoder/model.onnx.data', 'scheduler/scheduler_config.json', 'notes/data.bin'].map(f)
    expect([...weightSiblings(files)].sort()).toEqual(['text_encoder/model.onnx.data', 'unet/model.onnx_data', 'unet/weights.pb'])
  })

  it('adstudio models pull says which weight files it left on the Hub and the bytes saved', async () => {
    const entry = testEntry({ id: 'olive-cli', repo: 'test/olive', include: ['model_index.json', 'scheduler/*', 'tokenizer/*', 'text_encoder/*', 'unet/*', 'vae_decoder/*', 'vae_encoder/*'] })
    const catalogPath = join(root, 'olive-catalog.json')
    await writeFile(catalogPath, JSON.stringify({ version: 1, models: [entry] }))
    const lines: string[] = []
    const io = { out: (l: string) => lines.push(l), err: () => undefined }
    expect(await modelsCommand(['pull', 'olive-cli', '--models-dir', join(root, 'models-cli'), '--catalog', catalogPath, '--endpoint', hub.hubUrl], io)).toBe(0)
    expect(lines.join('\n')).toMatch(/skipped 2 weight file\(s\) no graph uses \(text_encoder\/model\.onnx\.data, unet\/weights\.pb\): .* not downloaded/)
  })

  it('downloads the named model.onnx_data, leaves the unnamed weight files on the Hub, reports the bytes saved, and the model runs', async () => {
    const modelsDir = join(root, 'models')
    const entry = testEntry({ id: 'olive', repo: 'test/olive', include: ['model_index.json', 'scheduler/*', 'tokenizer/*', 'text_encoder/*', 'unet/*', 'vae_decoder/*', 'vae_encoder/*'] })
    const events: PullProgress[] = []
    const m = await pullModel(entry, { modelsDir, hub: { endpoint: hub.hubUrl, token: null }, retryDelayMs: 5, freeSpace: async () => 1e12, onProgress: (p) => events.push(p), progressEveryMs: 0 })
    const paths = m.files.map((x) => x.path)
    expect(paths).toContain('unet/model.onnx_data')
    expect(paths).not.toContain('text_encoder/model.onnx.data')
    expect(paths).not.toContain('unet/weights.pb')
    // Never requested at all (neither the hub nor its CDN saw them).
    expect(hub.log.filter((l) => /model\.onnx\.data|weights\.pb/.test(l.path))).toEqual([])
    expect(await readdir(join(modelsDir, 'olive', 'text_encoder'))).not.toContain('model.onnx.data')
    const done = events.at(-1)!
    expect(done.phase).toBe('done')
    expect(done.skipped).toEqual([
      { path: 'text_encoder/model.onnx.data', size: STALE },
      { path: 'unet/weights.pb', size: STALE / 3 },
    ])
    const saved = done.skipped.reduce((s, x) => s + (x.size ?? 0), 0)
    expect(saved).toBe(STALE + STALE / 3)
    // Progress adds up without the skipped files.
    expect(done.bytes).toBe(done.total)
    expect(done.total).toBe(m.files.reduce((s, x) => s + x.size, 0))
    expect(Math.max(...events.map((e) => e.bytes))).toBe(done.total)
    expect((await verifyInstalled(modelsDir, 'olive')).ok).toBe(true)
    const { path } = await resolveInstalledModel(modelsDir, 'olive')
    const r = await generateImages({ model: path, prompt: 'a cat', width: 64, height: 64, steps: 2, guidance: 0, seeds: [1] }, testSessions())
    expect(r.images[0]).toMatchObject({ width: 64, height: 64 })
  })

  it('the catalogue entry for onnxruntime/sdxl-turbo matches text_encoder_2/model.onnx.data, which the graph check then leaves out', () => {
    const entry = builtinCatalog().models.find((e) => e.id === 'sdxl-turbo-fp16')!
    const listing = ['model_index.json', 'scheduler/scheduler_config.json', 'tokenizer/vocab.json', 'text_encoder/model.onnx', 'text_encoder_2/model.onnx', 'text_encoder_2/model.onnx.data', 'unet/model.onnx', 'vae_decoder/model.onnx'].map(
      (path): RepoFile => ({ path, size: path.endsWith('.data') ? 2_780_000_000 : 1, sha256: null, gitBlobId: null }),
    )
    const chosen = selectFiles(entry, listing)
    expect([...weightSiblings(chosen)]).toEqual(['text_encoder_2/model.onnx.data'])
  })
})
