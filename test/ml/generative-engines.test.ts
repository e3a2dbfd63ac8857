import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRgba } from '../../src/main/engine/image/raster'
import { planProviders } from '../../src/main/engine/ml/execution-providers'
import type { GpuProbeResult } from '../../src/main/engine/ml/gpu-probe'
import { builtinCatalog } from '../../src/main/engine/models/catalog'
import { importModel } from '../../src/main/engine/models/model-store'
import { GenerativeEngines } from '../../src/main/engine/steps/generative/generative-engines'
import { writeTinyModelFolder } from '../helpers/tiny-onnx/model-folder'
import { buildBiRefNet } from '../helpers/tiny-onnx/segmentation'

let root: string
let engines: GenerativeEngines
const cpuProbe = async (): Promise<GpuProbeResult> => ({ plan: planProviders('cpu'), gpuUsable: false, gpus: [], findings: [], reason: 'test: CPU', elapsedMs: 0 })

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'adstudio-engines-'))
  const modelsDir = join(root, 'models')
  await importModel(modelsDir, await writeTinyModelFolder(join(root, 'turbo'), 'sd-turbo'), { id: 'sd-turbo' })
  const ts = await writeTinyModelFolder(join(root, 'ts'), 'controlnet', { tensorstack: true })
  await importModel(modelsDir, ts, { id: 'sd15-tensorstack' })
  await importModel(modelsDir, await writeTinyModelFolder(join(root, 'sd15'), 'sd15'), { id: 'sd15' })
  await importModel(modelsDir, join(ts, 'controlnet-canny.onnx'), { id: 'controlnet-canny-sd15' })
  await importModel(modelsDir, await writeTinyModelFolder(join(root, 'fused'), 'controlnet-fused'), { id: 'fused-canny' })
  await writeFile(join(root, 'seg.onnx'), buildBiRefNet(64))
  await importModel(modelsDir, join(root, 'seg.onnx'), { id: 'birefnet-lite' })
  engines = new GenerativeEngines({ modelsDir, device: 'cpu', probe: cpuProbe, catalog: builtinCatalog() })
})
afterAll(async () => {
  await engines.dispose()
  await rm(root, { recursive: true, force: true })
})

describe('GenerativeEngines (what EngineContext would own)', () => {
  it('step 1 scene with catalogue defaults (sd-turbo: 2 steps, no guidance)', async () => {
    const out = await engines.sceneBackground('sd-turbo', { canvas: { width: 128, height: 128 }, prompt: 'beach', product: null, seeds: [1, 2], workingSide: 64 })
    expect(out.samples).toHaveLength(2)
    expect(out.notes).toMatchObject({ cfg: false, scheduler: 'euler' })
    await expect(engines.sceneBackground('birefnet-lite', { canvas: { width: 64, height: 64 }, prompt: '', product: null, seeds: [1] })).rejects.toThrow(/step 1 needs a diffusion model/)
    await expect(engines.sceneBackground('nope', { canvas: { width: 64, height: 64 }, prompt: '', product: null, seeds: [1] })).rejects.toThrow(/not installed: run `adstudio models pull nope`/)
  })

  it('step 1 applies the catalogue scheduler (sd15: euler_a over the folder\'s own class); a request choice wins', async () => {
    expect(builtinCatalog().models.find((m) => m.id === 'sd15')?.defaults?.scheduler).toBe('euler_a')
    const scene = (scheduler?: 'ddim') => engines.sceneBackground('sd15', { canvas: { width: 64, height: 64 }, prompt: 'beach', product: null, seeds: [1], workingSide: 64, steps: 2, guidance: 0, scheduler })
    const byCatalogue = await scene()
    expect(byCatalogue.notes).toMatchObject({ scheduler: 'euler_a', scheduler_note: 'scheduler euler_a chosen (the folder names EulerDiscreteScheduler)' })
    expect((await scene('ddim')).notes.scheduler).toBe('ddim')
    // No catalogue choice: the folder's own class runs.
    expect((await engines.sceneBackground('sd-turbo', { canvas: { width: 64, height: 64 }, prompt: 'beach', product: null, seeds: [1], workingSide: 64 })).notes.scheduler).toBe('euler')
  })

  it('step 2 with a ControlNet finds its base model (the catalogue requires sd15-tensorstack)', async () => {
    const layer = createRgba(128, 64)
    for (let y = 20; y < 44; y++) for (let x = 30; x < 100; x++) layer.data.set([250, 200, 40, 255], (y * 128 + x) * 4)
    const out = await engines.controlNetText('controlnet-canny-sd15', { vectorLayer: layer, stylePrompt: 'gold', seed: 1, minCoverage: 0, maxSpill: 100, workingSide: 64 })
    expect(out).toMatchObject({ model: 'controlnet-canny-sd15', base: 'sd15-tensorstack', engine: 'controlnet' })
  })

  it('step 2 with a folder whose UNet has the ControlNet fused in: the folder is its own base', async () => {
    const layer = createRgba(128, 64)
    for (let y = 20; y < 44; y++) for (let x = 30; x < 100; x++) layer.data.set([250, 200, 40, 255], (y * 128 + x) * 4)
    const out = await engines.controlNetText('fused-canny', { vectorLayer: layer, stylePrompt: 'gold', seed: 1, minCoverage: 0, maxSpill: 100, workingSide: 64 })
    expect(out).toMatchObject({ model: 'fused-canny', base: 'fused-canny', engine: 'controlnet' })
    await expect(engines.controlNetText('sd-turbo', { vectorLayer: layer, stylePrompt: 'gold', seed: 1, workingSide: 64 })).rejects.toThrow(/not a ControlNet/)
  })

  it('segmentation engine by id, loaded once; the probe decides the providers', async () => {
    const a = await engines.segmenter('birefnet-lite')
    expect(await engines.segmenter('birefnet-lite')).toBe(a)
    expect((await a.segment(createRgba(32, 32))).width).toBe(32)
    await expect(engines.segmenter('sd-turbo')).rejects.toThrow(/not a segmentation model/)
    expect((await engines.plan()).probe.reason).toBe('test: CPU')
  })
})
