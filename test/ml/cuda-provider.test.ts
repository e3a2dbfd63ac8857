import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateImages } from '../../src/main/engine/diffusion/pipeline/generate'
import { probeGpu } from '../../src/main/engine/ml/gpu-probe'
import { writeTinyModelFolder } from '../helpers/tiny-onnx/model-folder'
import { testSessions } from '../helpers/tiny-onnx/sessions'

/**
 * Runs only on a machine with a CUDA GPU (ADSTUDIO_TEST_DEVICE=gpu): the pipelines must load on the
 * CUDA provider, not silently on the CPU fallback; prints provider load and per-step latency.
 */
describe.skipIf(process.env.ADSTUDIO_TEST_DEVICE !== 'gpu')('CUDA provider (GPU machines only)', () => {
  it('probe says yes, and every model of a pipeline loads on CUDA', async () => {
    const probe = await probeGpu({ deadlineMs: 20_000 })
    console.log(`[gpu] ${probe.reason}\n  ${probe.findings.join('\n  ')}`)
    expect(probe.gpuUsable).toBe(true)
    const root = await mkdtemp(join(tmpdir(), 'adstudio-cuda-'))
    try {
      for (const variant of ['sd-turbo', 'sdxl-turbo', 'controlnet'] as const) {
        const dir = await writeTinyModelFolder(join(root, variant), variant, { fp16: variant === 'sd-turbo' })
        const s = testSessions()
        const r = await generateImages(
          { model: dir, prompt: 'a cat', width: 512, height: 512, steps: 4, guidance: variant === 'controlnet' ? 5 : 0, seeds: [1], control: variant === 'controlnet' ? { image: new Uint8Array(512 * 512), scale: 1 } : undefined },
          s,
        )
        const loads = s.events.filter((e) => e.kind === 'load')
        console.log(`[gpu] ${variant}: ${loads.map((e) => `${e.path.split('/').at(-2)} ${e.provider} ${e.ms} ms`).join(', ')}; steps ${r.info.stepMs.join(', ')} ms; phases ${JSON.stringify(r.info.phaseMs)}`)
        expect(loads.every((e) => e.provider === 'cuda')).toBe(true)
      }
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })
})
