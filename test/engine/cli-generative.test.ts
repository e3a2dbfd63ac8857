import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importModel } from '../../src/main/engine/models/model-store'
import { runCli } from '../helpers/run-cli'
import { drawProductPhoto } from '../helpers/synthetic-product'
import { writeTinyModelFolder } from '../helpers/tiny-onnx/model-folder'
import { buildBiRefNet } from '../helpers/tiny-onnx/segmentation'

// The generative path through the real CLI, with tiny stand-in models (real input/output names and
// shapes) installed the way a user imports a folder: the wiring from request to job.json is real.
let root: string
let env: NodeJS.ProcessEnv
let cutout: string
let photo: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'adstudio-gen-cli-'))
  const modelsDir = join(root, 'models')
  await importModel(modelsDir, await writeTinyModelFolder(join(root, 'turbo'), 'sd-turbo'), { id: 'sd-turbo' })
  const ts = await writeTinyModelFolder(join(root, 'ts'), 'controlnet', { tensorstack: true })
  await importModel(modelsDir, ts, { id: 'sd-turbo-tensorstack' })
  await importModel(modelsDir, join(ts, 'controlnet-canny.onnx'), { id: 'controlnet-canny-sd15' })
  await writeFile(join(root, 'seg.onnx'), buildBiRefNet(1024))
  await importModel(modelsDir, join(root, 'seg.onnx'), { id: 'birefnet-lite' })
  env = { ADSTUDIO_MODELS_DIR: modelsDir, ADSTUDIO_DEVICE: 'cpu' }
  cutout = join(root, 'bottle.png')
  await writeFile(cutout, (await drawProductPhoto({ width: 300, height: 420, transparent: true })).png)
  photo = join(root, 'photo.png')
  await writeFile(photo, (await drawProductPhoto({ width: 300, height: 300, backdrop: 'plain' })).png)
}, 120_000)
afterAll(() => rm(root, { recursive: true, force: true }))

describe('adstudio make with installed generative engines', () => {
  it('--bg-engine sd-turbo --samples 2: a diffusion scene, the product pasted back, both variations written', async () => {
    const out = join(root, 'scene')
    const run = await runCli(['make', '--product', cutout, '--out', out, '--size', '512x512', '--bg-engine', 'sd-turbo', '--samples', '2', '--seed', '9', '--stop-step', '1'], env)
    expect(run.stderr).not.toMatch(/error/)
    expect(run.code).toBe(0)
    expect((await readdir(out)).sort()).toEqual(['job.json', 'mask.png', 'scene.png', 'step1.png', 'step1_sample_1.png', 'step1_sample_2.png'])
    const job = JSON.parse(await readFile(join(out, 'job.json'), 'utf8'))
    expect(job.engines.background).toBe('diffusion:sd-turbo')
    expect(job.parameters).toMatchObject({ bg_engine: 'sd-turbo', samples: 2, seed: 9 })
    // Which scheduler ran, and why, is on record (a folder's class we do not implement would say so).
    expect(JSON.stringify(job)).toContain('"scheduler_note":"scheduler euler from EulerDiscreteScheduler"')
    const a = await sharp(join(out, 'step1.png')).raw().toBuffer()
    // Sample 1 is step 1 itself (as in a job folder); sample 2 is the next seed's scene.
    expect(a.equals(await sharp(join(out, 'step1_sample_1.png')).raw().toBuffer())).toBe(true)
    expect(a.equals(await sharp(join(out, 'step1_sample_2.png')).raw().toBuffer())).toBe(false)
  })

  it('--text-engine controlnet-canny-sd15: styled letters or a recorded fallback to the vector text', async () => {
    const out = join(root, 'text')
    const run = await runCli(['make', '--product', cutout, '--out', out, '--size', '512x512', '--text', 'SALE', '--text-engine', 'controlnet-canny-sd15', '--seed', '3'], env)
    expect(run.stderr).not.toMatch(/error/)
    expect(run.code).toBe(0)
    const job = JSON.parse(await readFile(join(out, 'job.json'), 'utf8'))
    expect(job.text.controlnet).toMatchObject({ model: 'controlnet-canny-sd15', base: 'sd-turbo-tensorstack' })
    if (job.engines.text === 'builtin-vector-3d') expect(job.notes.text_fallback).toMatch(/\w/)
    else expect(job.engines.text).toBe('controlnet:controlnet-canny-sd15')
    expect((await readdir(out))).toContain('final.png')
  })

  it('--model birefnet-lite segments with the installed BiRefNet', async () => {
    const out = join(root, 'seg')
    const run = await runCli(['make', '--product', photo, '--out', out, '--model', 'birefnet-lite', '--stop-step', '1', '--size', '256x256'], env)
    // The stand-in's mask is a channel mean + sigmoid: it may find no product, which is a clear bad-input answer.
    if (run.code === 2) expect(run.stderr).toMatch(/product_image: no product could be separated/)
    else {
      expect(run.code).toBe(0)
      expect(JSON.parse(await readFile(join(out, 'job.json'), 'utf8')).engines.cutout).toBe('birefnet-lite')
    }
  })

  it('an engine that is not installed is a bad-input error that says how to get it', async () => {
    const run = await runCli(['make', '--product', cutout, '--out', join(root, 'missing'), '--bg-engine', 'sdxl-turbo', '--stop-step', '1', '--size', '256x256'], env)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/adstudio models pull sdxl-turbo/)
  })
})
