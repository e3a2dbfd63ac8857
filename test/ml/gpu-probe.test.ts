import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { classifyCudaError, probeGpu, type GpuProbes } from '../../src/main/engine/ml/gpu-probe'
import { defaultProbes, parseSmiQuery } from '../../src/main/engine/ml/gpu-probe-system'

const L4 = { name: 'NVIDIA L4', vramTotalGb: 22.5, vramUsedGb: 0.5 }
const healthy: Partial<GpuProbes> = {
  platform: 'linux',
  arch: 'x64',
  nvidiaSmi: async () => ({ gpus: [L4], driverVersion: '550.54.15' }),
  cudaProviderInstalled: async () => true,
  findLibraries: async (names) => names.filter((n) => n.includes('.so.12') || n === 'libcudnn.so.9'),
  tryCudaSession: async () => null,
}
const probe = (over: Partial<GpuProbes>, extra: Parameters<typeof probeGpu>[0] = {}) => probeGpu({ ...extra, probes: { ...healthy, ...over } })

describe('GPU probe', () => {
  it('uses CUDA when driver, provider, CUDA 12, cuDNN 9, VRAM and a session all check out', async () => {
    const r = await probe({}, { needVramGb: 8 })
    expect(r).toMatchObject({ gpuUsable: true, reason: 'CUDA on NVIDIA L4', plan: { providers: ['cuda', 'cpu'] } })
    expect(r.findings).toContain('CUDA session: created')
  })

  it.each([
    [{ nvidiaSmi: async () => null }, /^no NVIDIA driver found/],
    [{ nvidiaSmi: async () => ({ gpus: [L4], driverVersion: '470.82.01' }) }, /driver 470.82.01 is too old for CUDA 12/],
    [{ cudaProviderInstalled: async () => false }, /CUDA provider libraries are missing: run `npm run setup:cuda`/],
    [{ findLibraries: async () => ['libcudart.so.11.0', 'libcudnn.so.8'] }, /CUDA version mismatch: only CUDA 11 is installed/],
    [{ findLibraries: async () => ['libcudart.so.12', 'libcublas.so.12', 'libcudnn.so.8'] }, /cuDNN mismatch: cuDNN 8 is installed; onnxruntime 1.30 needs cuDNN 9/],
    [{ nvidiaSmi: async () => ({ gpus: [{ ...L4, vramUsedGb: 20 }], driverVersion: '550.1' }) }, /too little free VRAM: 2.5 GB free, the model needs about 8 GB/],
    [{ tryCudaSession: async () => 'Failed to load library libonnxruntime_providers_cuda.so with error: libcudnn_adv.so.9: cannot open shared object file' }, /failed to start: cuDNN could not be loaded/],
  ] as [Partial<GpuProbes>, RegExp][])('says why the GPU is not used (%#)', async (over, why) => {
    const r = await probe(over, { needVramGb: 8 })
    expect(r.gpuUsable).toBe(false)
    expect(r.reason).toMatch(why)
    expect(r.plan.providers).toEqual(['cpu'])
    expect(r.plan.reason).toMatch(why)
  })

  it('gives up at the deadline when the driver hangs', async () => {
    const r = await probe({ nvidiaSmi: () => new Promise(() => undefined) }, { deadlineMs: 50 })
    expect(r).toMatchObject({ gpuUsable: false, reason: expect.stringMatching(/did not answer in time/) })
    expect(r.elapsedMs).toBeLessThan(1000)
  })

  it('other platforms and the CPU setting', async () => {
    expect((await probe({ platform: 'win32' })).plan.providers).toEqual(['dml', 'cpu'])
    expect((await probe({ platform: 'darwin', arch: 'arm64' })).plan.providers).toEqual(['coreml', 'cpu'])
    expect((await probe({}, { device: 'cpu' })).reason).toBe('CPU chosen in settings')
  })

  it('parses nvidia-smi and classifies CUDA errors', () => {
    expect(parseSmiQuery('NVIDIA GeForce RTX 4090, 24564, 1024, 550.54.15\n')).toEqual({
      gpus: [{ name: 'NVIDIA GeForce RTX 4090', vramTotalGb: 23.98828125, vramUsedGb: 1 }],
      driverVersion: '550.54.15',
    })
    expect(classifyCudaError('CUDA driver version is insufficient for CUDA runtime version')).toMatch(/update the driver/)
  })

  it('runs for real on this machine within its deadline (no GPU here: a plain reason)', async () => {
    const r = await probeGpu({ deadlineMs: 10_000, probes: { ...defaultProbes() } })
    expect(r.reason.length).toBeGreaterThan(10)
    expect(r.plan.providers).toContain('cpu')
  })

  it('the report-only probe (desktop main, API server) never loads onnxruntime into its process', async () => {
    // A fresh process, since this test process has long loaded onnxruntime for other tests.
    const script = [
      "import { createRequire } from 'node:module'",
      "const { probeGpuForReport } = await import('./src/main/engine/ml/gpu-probe.ts')",
      "const report = await probeGpuForReport('auto')",
      "const loaded = () => Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes('onnxruntime-node')).length",
      "const before = loaded()",
      "await import('./src/main/engine/ml/ort-session.ts')",
      'console.log(JSON.stringify({ report, before, after: loaded() }))',
    ].join('\n')
    const root = join(import.meta.dirname, '..', '..')
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root })
    const out = JSON.parse(stdout.trim().split('\n').at(-1)!)
    expect(out.report.summary.length).toBeGreaterThan(10)
    expect(out.before).toBe(0)
    expect(out.after).toBeGreaterThan(0) // the check itself can see onnxruntime once it is loaded
  })
})
