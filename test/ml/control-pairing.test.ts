import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { baseTextWidth, controlNetTextWidth, controlPairingProblem } from '../../src/main/engine/diffusion/pipeline/control-pairing'
import { generateImages } from '../../src/main/engine/diffusion/pipeline/generate'
import { readDiffusionFolder } from '../../src/main/engine/diffusion/pipeline/model-folder'
import { createRgba } from '../../src/main/engine/image/raster'
import { planProviders } from '../../src/main/engine/ml/execution-providers'
import type { GpuProbeResult } from '../../src/main/engine/ml/gpu-probe'
import { builtinCatalog } from '../../src/main/engine/models/catalog'
import { buildOffers } from '../../src/main/engine/models/model-offers'
import { importModel, removeInstalled } from '../../src/main/engine/models/model-store'
import { GenerativeEngines } from '../../src/main/engine/steps/generative/generative-engines'
import { writeTinyModelFolder } from '../helpers/tiny-onnx/model-folder'
import { testSessions } from '../helpers/tiny-onnx/sessions'
import { writeMismatchedControlFolder, writeResidualBase } from './helpers/stand-in-variants'

/**
 * Issue 13.1: TensorStack's SD/ ControlNets are SD 1.5 ones (encoder_hidden_states 768 wide) and
 * SD-Turbo is SD 2.1 (1024). Residual shapes are the same in both, so only the text width tells
 * them apart: every way a pair is made must refuse the mismatch, naming both widths.
 */
let root: string
let sd15: string
let turbo: string
const cpuProbe = async (): Promise<GpuProbeResult> => ({ plan: planProviders('cpu'), gpuUsable: false, gpus: [], findings: [], reason: 'test: CPU', elapsedMs: 0 })
const live = { download: () => null, error: () => null }
const MISMATCH = /controlnet-canny-sd15 takes 768-wide text embeddings \(encoder_hidden_states, SD 1\.x\) but the base sd-turbo-tensorstack gives 1024-wide ones \(SD 2\.x \/ SD-Turbo\): they are not a pair/

function letters(): ReturnType<typeof createRgba> {
  const layer = createRgba(128, 64)
  for (let y = 20; y < 44; y++) for (let x = 30; x < 100; x++) layer.data.set([250, 200, 40, 255], (y * 128 + x) * 4)
  return layer
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'adstudio-pairing-'))
  sd15 = await writeResidualBase(join(root, 'sd15'), 768)
  turbo = await writeResidualBase(join(root, 'turbo'), 1024)
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('ControlNet pairing by text width', () => {
  it('reads both widths from the graphs and names them in the refusal', async () => {
    const cn = join(sd15, 'controlnet-canny.onnx')
    expect(await controlNetTextWidth(cn)).toBe(768)
    expect(await baseTextWidth(await readDiffusionFolder(turbo))).toBe(1024)
    expect(await baseTextWidth(await readDiffusionFolder(sd15))).toBe(768)
    expect(await controlPairingProblem(cn, await readDiffusionFolder(sd15))).toBeNull()
    expect(await controlPairingProblem(cn, await readDiffusionFolder(turbo), { controlnet: 'controlnet-canny-sd15', base: 'sd-turbo-tensorstack' })).toMatch(MISMATCH)
    // SDXL: the two encoders' hidden states side by side (768 + 1280).
    expect(await baseTextWidth(await readDiffusionFolder(await writeTinyModelFolder(join(root, 'xl'), 'sdxl-turbo')))).toBe(2048)
  })

  it('the pipeline refuses a 768-wide ControlNet on a 1024-wide base before loading any model', async () => {
    const edges = new Uint8Array(64 * 64).fill(255, 0, 2000)
    const s = testSessions()
    const req = { model: turbo, prompt: 'gold', width: 64, height: 64, steps: 1, guidance: 0, seeds: [1], control: { image: edges, scale: 1, model: join(sd15, 'controlnet-canny.onnx') } }
    await expect(generateImages(req, s)).rejects.toThrow(/takes 768-wide text embeddings .* gives 1024-wide ones/)
    expect(s.events.filter((e) => e.kind === 'load')).toEqual([])
    // The same ControlNet on its own kind of base runs.
    const ok = await generateImages({ ...req, model: sd15 }, testSessions())
    expect(ok.info.mode).toBe('controlnet')
  })

  it('catalogue pair: controlnet-canny-sd15 needs sd15-tensorstack; on sd-turbo-tensorstack alone it is refused, with the model list saying so', async () => {
    const catalog = builtinCatalog()
    expect(catalog.models.find((m) => m.id === 'controlnet-canny-sd15')?.requires).toEqual(['sd15-tensorstack'])
    const modelsDir = join(root, 'models-catalogue')
    await importModel(modelsDir, turbo, { id: 'sd-turbo-tensorstack' })
    await importModel(modelsDir, join(sd15, 'controlnet-canny.onnx'), { id: 'controlnet-canny-sd15' })
    const engines = new GenerativeEngines({ modelsDir, device: 'cpu', probe: cpuProbe, catalog })
    try {
      const input = { vectorLayer: letters(), stylePrompt: 'gold', seed: 1, minCoverage: 0, maxSpill: 100, workingSide: 64, steps: 1, guidance: 0 }
      await expect(engines.controlNetText('controlnet-canny-sd15', input)).rejects.toThrow(MISMATCH)
      await expect(engines.controlNetText('controlnet-canny-sd15', input)).rejects.toThrow(/install sd15-tensorstack/)
      // The editor's engine select is fed from the offers: the ControlNet carries the refusal there.
      const offer = (await buildOffers(catalog, modelsDir, live)).find((o) => o.id === 'controlnet-canny-sd15')!
      expect(offer.state).toBe('ready')
      expect(offer.error).toMatch(MISMATCH)

      await importModel(modelsDir, sd15, { id: 'sd15-tensorstack' })
      expect((await buildOffers(catalog, modelsDir, live)).find((o) => o.id === 'controlnet-canny-sd15')!.error).toBeNull()
      const out = await engines.controlNetText('controlnet-canny-sd15', input)
      expect(out).toMatchObject({ model: 'controlnet-canny-sd15', base: 'sd15-tensorstack', engine: 'controlnet' })
      // Without the preferred base, another installed base of the right width is taken.
      await removeInstalled(modelsDir, 'sd15-tensorstack')
      await importModel(modelsDir, sd15, { id: 'my-sd15' })
      expect((await engines.controlNetText('controlnet-canny-sd15', input)).base).toBe('my-sd15')
    } finally {
      await engines.dispose()
    }
  })

  it('imported folders: a ControlNet in controlnet/ of another width than the text encoder is refused at import', async () => {
    const modelsDir = join(root, 'models-import')
    const bad = await writeMismatchedControlFolder(join(root, 'bad'), 1024, 768)
    await expect(importModel(modelsDir, bad, { id: 'bad' })).rejects.toThrow(/controlnet\/model\.onnx takes 768-wide text embeddings .* gives 1024-wide ones/)
    const good = await writeMismatchedControlFolder(join(root, 'good'), 1024, 1024)
    expect((await importModel(modelsDir, good, { id: 'good' })).manifest.kind).toBe('diffusion')
    // A ControlNet imported on its own reports its width.
    const { report } = await importModel(modelsDir, join(sd15, 'controlnet-canny.onnx'), { id: 'cn' })
    expect(report.details.text_width).toBe(768)
  })
})
