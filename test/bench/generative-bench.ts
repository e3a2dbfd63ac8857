import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateImages, type DiffusionRequest } from '../../src/main/engine/diffusion/pipeline/generate'
import type { CatalogEntry } from '../../src/main/engine/models/catalog'
import { pullModel } from '../../src/main/engine/models/pull-model'
import { FakeHub } from '../models/helpers/fake-hub'
import { repoFromFolder } from '../models/helpers/repo-from-folder'
import { writeTinyModelFolder } from '../helpers/tiny-onnx/model-folder'
import { testSessions } from '../helpers/tiny-onnx/sessions'
import { median, type Row } from './bench-utils'

/**
 * What our own code costs around the models, measured with the tiny stand-ins (whose UNet is a 1x1
 * convolution, so nearly all of a step is host work: scheduler math, CFG, fp32 tensors, feeds). On a
 * GPU the real UNet step is tens to hundreds of milliseconds; this overhead must stay well below it.
 * And how fast a pull moves bytes (HTTP, SHA-256, write) from a local hub, which a real CDN cannot beat.
 */
export async function generativeBench(runs: number): Promise<Row[]> {
  const root = await mkdtemp(join(tmpdir(), 'adstudio-bench-gen-'))
  const rows: Row[] = []
  try {
    const sd = await writeTinyModelFolder(join(root, 'sd'), 'sd-turbo')
    const sdxl = await writeTinyModelFolder(join(root, 'sdxl'), 'sdxl-turbo')
    const cases: { name: string; req: DiffusionRequest }[] = [
      { name: 'diffusion host work per step, 512² SD shape, no CFG', req: { model: sd, prompt: 'marble floor', width: 512, height: 512, steps: 4, guidance: 0, seeds: [1] } },
      { name: 'diffusion host work per step, 1024² SDXL shape, CFG', req: { model: sdxl, prompt: 'marble floor', negativePrompt: 'blurry', width: 1024, height: 1024, steps: 4, guidance: 5, seeds: [1] } },
    ]
    for (const c of cases) {
      const sessions = testSessions()
      const perStep: number[] = []
      const decode: number[] = []
      await generateImages(c.req, sessions) // warm: sessions created, JIT settled
      for (let i = 0; i < runs; i++) {
        const r = await generateImages(c.req, sessions)
        perStep.push(median(r.info.stepMs))
        decode.push(r.info.phaseMs.decode ?? 0)
      }
      await sessions.dispose()
      rows.push({ name: c.name, median: median(perStep), unit: 'ms', runs, note: 'stand-in UNet (1x1 conv): an upper bound on our overhead' })
      rows.push({ name: `${c.name.replace('host work per step', 'decode + image conversion')}`, median: median(decode), unit: 'ms', runs, note: 'stand-in VAE decoder' })
    }
    rows.push(await pullThroughput(root, runs))
  } finally {
    await rm(root, { recursive: true, force: true })
  }
  return rows
}

async function pullThroughput(root: string, runs: number): Promise<Row> {
  const src = join(root, 'big')
  await mkdir(join(src, 'onnx'), { recursive: true })
  const size = 256 * 1024 * 1024
  await writeFile(join(src, 'onnx', 'model.onnx'), randomBytes(size))
  const hub = await new FakeHub().start()
  try {
    hub.repos.set('bench/big', await repoFromFolder(src))
    const entry: CatalogEntry = {
      id: 'bench-big',
      name: 'bench',
      kind: 'segmentation',
      purpose: 'bench',
      repo: 'bench/big',
      revision: 'main',
      include: ['onnx/model.onnx'],
      approx_bytes: size,
      vram_gb: 1,
      precision: 'fp32',
      providers: ['cpu'],
      license: { id: 'test', name: 'Test', commercial: true, url: 'x' },
      verified: 'bench',
    }
    const speeds: number[] = []
    for (let i = 0; i < Math.min(runs, 3); i++) {
      const modelsDir = join(root, `models-${i}`)
      const t0 = performance.now()
      await pullModel(entry, { modelsDir, hub: { endpoint: hub.hubUrl, token: null }, freeSpace: async () => 1e12 })
      speeds.push(size / 1e6 / ((performance.now() - t0) / 1000))
      await rm(modelsDir, { recursive: true, force: true })
    }
    return { name: 'model pull from a local hub (256 MB, SHA-256 checked)', median: median(speeds), unit: 'MB/s', runs: speeds.length, note: 'HTTP + hash + write; a real CDN link is the limit in practice' }
  } finally {
    await hub.stop()
  }
}
