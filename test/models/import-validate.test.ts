import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ort } from '../../src/main/engine/ml/ort-session'
import { readOnnxSignature } from '../../src/main/engine/ml/onnx-signature'
import { builtinCatalog, licenseLine, parseCatalog } from '../../src/main/engine/models/catalog'
import { importModel, listInstalled, removeInstalled, resolveInstalledModel, verifyInstalled } from '../../src/main/engine/models/model-store'
import { validateModelPath } from '../../src/main/engine/models/validate-model'
import { globToRegExp } from '../../src/main/engine/models/glob'
import { buildControlNet } from '../helpers/tiny-onnx/controlnet'
import { writeTinyModelFolder } from '../helpers/tiny-onnx/model-folder'
import { buildBiRefNet } from '../helpers/tiny-onnx/segmentation'
import { buildUnet } from '../helpers/tiny-onnx/unets'
import { ProtoWriter } from '../helpers/tiny-onnx/proto-writer'

let root: string
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'adstudio-import-'))
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('ONNX signatures without a session', () => {
  it('match what onnxruntime reports, for every stand-in', async () => {
    const models = [buildUnet({ hiddenDim: 768, pooledDim: 1280, timestep: 'batch-int64', sampleType: 'float16' }), buildControlNet({ hiddenDim: 768 }), buildBiRefNet(64)]
    for (const [i, bytes] of models.entries()) {
      const p = join(root, `sig-${i}.onnx`)
      await writeFile(p, bytes)
      const sig = await readOnnxSignature(p)
      const s = await ort.InferenceSession.create(p)
      const meta = (m: readonly ort.InferenceSession.ValueMetadata[]) => m.map((x) => ({ name: x.name, type: 'type' in x ? x.type : '', shape: 'shape' in x ? [...x.shape] : [] }))
      expect(sig.inputs).toEqual(meta(s.inputMetadata))
      expect(sig.outputs).toEqual(meta(s.outputMetadata))
      await s.release()
    }
  })

  it('lists external weight files and rejects non-ONNX files', async () => {
    // A graph whose one initializer points at model.onnx_data (data_location EXTERNAL).
    const w = new ProtoWriter()
    w.int(1, 8)
    w.message(7, (g) => {
      g.message(5, (t) => {
        t.packedInts(1, [4]).int(2, 1).string(8, 'weight')
        t.message(13, (kv) => kv.string(1, 'location').string(2, 'model.onnx_data'))
        t.int(14, 1)
      })
      g.message(11, (v) => v.string(1, 'x').message(2, (tp) => tp.message(1, (tt) => tt.int(1, 1))))
    })
    const p = join(root, 'ext.onnx')
    await writeFile(p, w.finish())
    expect((await readOnnxSignature(p)).externalFiles).toEqual(['model.onnx_data'])
    await writeFile(join(root, 'junk.onnx'), 'hello, not a model')
    await expect(readOnnxSignature(join(root, 'junk.onnx'))).rejects.toThrow(/junk.onnx/)
  })
})

describe('import and validation', () => {
  it('imports a diffusion folder in place; remove keeps the user folder', async () => {
    const dir = await writeTinyModelFolder(join(root, 'My SDXL Turbo'), 'sdxl-turbo')
    const modelsDir = join(root, 'models-a')
    const { manifest, report } = await importModel(modelsDir, dir)
    expect(manifest).toMatchObject({ id: 'my-sdxl-turbo', kind: 'diffusion', family: 'sdxl', source: 'import', path: dir })
    expect(report.details).toMatchObject({ scheduler: 'euler_a', unet_in_channels: 4 })
    expect((await resolveInstalledModel(modelsDir, 'my-sdxl-turbo')).path).toBe(dir)
    expect((await verifyInstalled(modelsDir, 'my-sdxl-turbo')).ok).toBe(true)
    await expect(importModel(modelsDir, dir)).rejects.toThrow(/already installed/)
    expect(await removeInstalled(modelsDir, 'my-sdxl-turbo')).toEqual({ deletedFiles: false })
    expect((await stat(join(dir, 'unet', 'model.onnx'))).isFile()).toBe(true)
    expect(await listInstalled(modelsDir)).toEqual([])
  })

  it('imports single-graph models: segmentation and ControlNet, by their inputs', async () => {
    const modelsDir = join(root, 'models-b')
    const seg = join(root, 'BiRefNet_lite.onnx')
    await writeFile(seg, buildBiRefNet(64))
    const cn = join(root, 'cn')
    await writeTinyModelFolder(cn, 'controlnet')
    const { manifest: s } = await importModel(modelsDir, seg)
    expect(s).toMatchObject({ id: 'birefnet_lite', kind: 'segmentation', main: 'BiRefNet_lite.onnx' })
    expect((await resolveInstalledModel(modelsDir, 'birefnet_lite')).path).toBe(seg)
    const only = await validateModelPath(join(cn, 'controlnet'))
    expect(only).toMatchObject({ kind: 'controlnet', main: 'model.onnx', problems: [] })
    expect((await validateModelPath(cn)).details).toMatchObject({ controlnet: true })
  })

  it('lists what is wrong with a broken folder and refuses to import it', async () => {
    const dir = await writeTinyModelFolder(join(root, 'broken'), 'sd15')
    await writeFile(join(dir, 'unet', 'config.json'), JSON.stringify({ in_channels: 9 }))
    await writeFile(join(dir, 'vae_decoder', 'model.onnx'), buildBiRefNet(64))
    const report = await validateModelPath(dir)
    expect(report.problems).toEqual([
      'unet: sample has 4 channels but unet/config.json says in_channels 9',
      expect.stringMatching(/^vae_decoder: no input latent_sample \(it has input_image float32\[1,3,64,64\]\)$/),
    ])
    await expect(importModel(join(root, 'models-c'), dir)).rejects.toThrow(/cannot be used:\n {2}- unet: sample has 4 channels/)
    await rm(join(dir, 'text_encoder'), { recursive: true })
    expect((await validateModelPath(dir)).problems[0]).toMatch(/missing text_encoder\/model.onnx/)
    await expect(validateModelPath(join(root, 'nowhere'))).rejects.toThrow(/no such file or folder/)
  })
})

describe('catalogue', () => {
  it('parses, shows licences, and marks the non-commercial models', () => {
    const c = builtinCatalog()
    expect(c.models.length).toBeGreaterThanOrEqual(6)
    const nc = c.models.filter((m) => !m.license.commercial).map((m) => m.id)
    expect(nc).toEqual(expect.arrayContaining(['sd-turbo', 'sdxl-turbo']))
    expect(licenseLine(c.models.find((m) => m.id === 'sdxl-turbo')!)).toMatch(/NON-COMMERCIAL/)
    for (const m of c.models) expect(m.include.length).toBeGreaterThan(0)
    expect(() => parseCatalog({ version: 1, models: [c.models[0], c.models[0]] })).toThrow(/duplicate id/)
  })

  it('patterns match within and across path segments', () => {
    expect(globToRegExp('unet/*').test('unet/model.onnx')).toBe(true)
    expect(globToRegExp('unet/*').test('unet/sub/x')).toBe(false)
    expect(globToRegExp('unet/model.onnx*').test('unet/model.onnx_data')).toBe(true)
    expect(globToRegExp('**/*.json').test('a/b/c.json')).toBe(true)
  })
})
