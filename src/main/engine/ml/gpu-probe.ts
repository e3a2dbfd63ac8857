/**
 * Finds out, within a deadline, whether the GPU can be used and says why not in plain words:
 * no NVIDIA driver, provider libraries missing, CUDA / cuDNN version mismatch, too little VRAM.
 * Every outside fact comes through an injectable probe, so each answer is testable without a GPU.
 */
import { planProviders, type DevicePreference, type ProviderPlan } from './execution-providers'
import { defaultProbes } from './gpu-probe-system'

export interface NvidiaGpu {
  name: string
  vramTotalGb: number
  vramUsedGb: number
}

export interface GpuProbes {
  platform: NodeJS.Platform
  arch: string
  /** nvidia-smi: null when there is no driver (binary missing, failing or hanging). */
  nvidiaSmi(): Promise<{ gpus: NvidiaGpu[]; driverVersion: string | null } | null>
  /** onnxruntime-node's CUDA provider libraries (installed by `npm run setup:cuda`). */
  cudaProviderInstalled(): Promise<boolean>
  /** Which of these shared libraries the loader can find (libcudart.so.12, libcudnn.so.9...). */
  findLibraries(names: string[]): Promise<string[]>
  /** Creates a tiny session on CUDA: null when it works, else the error message. */
  tryCudaSession(): Promise<string | null>
}

export interface GpuProbeResult {
  /** The provider plan to use: CUDA first only when everything checked out. */
  plan: ProviderPlan
  gpuUsable: boolean
  gpus: NvidiaGpu[]
  /** What was found, one fact per line. */
  findings: string[]
  /** Why the GPU is (not) used, in one sentence. */
  reason: string
  elapsedMs: number
}

/** CUDA 12.x needs at least this Linux driver (NVIDIA's compatibility table for 12.0 GA). */
const MIN_DRIVER_CUDA12 = [525, 60]

export interface ProbeOptions {
  device?: DevicePreference
  /** VRAM the chosen model needs (catalogue vram_gb); free VRAM below it means CPU. */
  needVramGb?: number
  deadlineMs?: number
  probes?: Partial<GpuProbes>
}

export async function probeGpu(o: ProbeOptions = {}): Promise<GpuProbeResult> {
  const t0 = performance.now()
  const p: GpuProbes = { ...defaultProbes(), ...o.probes }
  const device = o.device ?? 'auto'
  const findings: string[] = []
  const done = (gpuUsable: boolean, reason: string, gpus: NvidiaGpu[] = []): GpuProbeResult => {
    const plan = planProviders(device, p.platform, p.arch, gpuUsable)
    return { plan: gpuUsable ? { ...plan, reason } : { providers: plan.providers, reason: `${reason}; ${plan.reason}` }, gpuUsable, gpus, findings, reason, elapsedMs: Math.round(performance.now() - t0) }
  }
  if (device === 'cpu') return done(false, 'CPU chosen in settings')
  if (p.platform === 'win32') return done(false, 'Windows: the GPU is used through DirectML (no CUDA build for Windows)')
  if (p.platform === 'darwin') return done(false, 'macOS: the GPU is used through CoreML')
  if (p.platform !== 'linux' || p.arch !== 'x64') return done(false, `no CUDA build of onnxruntime for ${p.platform}/${p.arch}`)

  const deadline = o.deadlineMs ?? 8000
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<GpuProbeResult>((resolve) => {
    timer = setTimeout(() => {
      findings.push(`the probe did not finish within ${deadline / 1000} s`)
      resolve(done(false, 'the GPU did not answer in time (driver busy or hung): using CPU for now'))
    }, deadline)
  })
  try {
    return await Promise.race([linuxProbe(p, o.needVramGb ?? 0, findings, done), timeout])
  } finally {
    clearTimeout(timer)
  }
}

async function linuxProbe(p: GpuProbes, needVramGb: number, findings: string[], done: (ok: boolean, reason: string, gpus?: NvidiaGpu[]) => GpuProbeResult): Promise<GpuProbeResult> {
  const smi = await p.nvidiaSmi()
  if (!smi || !smi.gpus.length) {
    findings.push('nvidia-smi: not found or no GPU listed')
    return done(false, 'no NVIDIA driver found (nvidia-smi is missing or lists no GPU)')
  }
  const gpus = smi.gpus
  for (const g of gpus) findings.push(`GPU: ${g.name}, ${g.vramTotalGb.toFixed(1)} GB VRAM (${(g.vramTotalGb - g.vramUsedGb).toFixed(1)} GB free)`)
  findings.push(`NVIDIA driver ${smi.driverVersion ?? 'version unknown'}`)
  const [major, minor] = (smi.driverVersion ?? '').split('.').map(Number)
  if (Number.isFinite(major) && (major < MIN_DRIVER_CUDA12[0] || (major === MIN_DRIVER_CUDA12[0] && minor < MIN_DRIVER_CUDA12[1])))
    return done(false, `the NVIDIA driver ${smi.driverVersion} is too old for CUDA 12 (needs ${MIN_DRIVER_CUDA12.join('.')} or newer): update the driver`, gpus)
  if (!(await p.cudaProviderInstalled())) {
    findings.push('onnxruntime CUDA provider: not installed')
    return done(false, 'the CUDA provider libraries are missing: run `npm run setup:cuda` once', gpus)
  }
  findings.push('onnxruntime CUDA provider: installed')
  const found = await p.findLibraries(['libcudart.so.12', 'libcublas.so.12', 'libcudnn.so.9', 'libcudart.so.11.0', 'libcudnn.so.8'])
  findings.push(`CUDA/cuDNN libraries found: ${found.length ? found.join(', ') : 'none'}`)
  if (!found.includes('libcudart.so.12') || !found.includes('libcublas.so.12')) {
    const why = found.includes('libcudart.so.11.0') ? 'only CUDA 11 is installed; onnxruntime 1.30 needs CUDA 12.x' : 'the CUDA 12 runtime (libcudart.so.12, libcublas.so.12) is not on the library path'
    return done(false, `CUDA version mismatch: ${why}`, gpus)
  }
  if (!found.includes('libcudnn.so.9')) {
    const why = found.includes('libcudnn.so.8') ? 'cuDNN 8 is installed; onnxruntime 1.30 needs cuDNN 9' : 'cuDNN 9 (libcudnn.so.9) is not on the library path'
    return done(false, `cuDNN mismatch: ${why}`, gpus)
  }
  const best = Math.max(...gpus.map((g) => g.vramTotalGb - g.vramUsedGb))
  if (needVramGb > 0 && best < needVramGb)
    return done(false, `too little free VRAM: ${best.toFixed(1)} GB free, the model needs about ${needVramGb} GB (close other GPU programs or pick a smaller model)`, gpus)
  const err = await p.tryCudaSession()
  if (err) {
    findings.push(`CUDA session: ${err}`)
    return done(false, `the CUDA provider failed to start: ${classifyCudaError(err)}`, gpus)
  }
  findings.push('CUDA session: created')
  return done(true, `CUDA on ${gpus[0].name}`, gpus)
}

/** The usual CUDA provider load errors, in words a user can act on. */
export function classifyCudaError(message: string): string {
  if (/libcudnn/i.test(message)) return 'cuDNN could not be loaded (install cuDNN 9 for CUDA 12)'
  if (/libcublas|libcudart|libcufft|libcurand/i.test(message)) return 'a CUDA 12 library could not be loaded (install the CUDA 12 runtime)'
  if (/driver version is insufficient|CUDA driver/i.test(message)) return 'the NVIDIA driver is older than the CUDA runtime (update the driver)'
  if (/out of memory/i.test(message)) return 'the GPU is out of memory'
  if (/no CUDA-capable device|cudaErrorNoDevice/i.test(message)) return 'no CUDA device is visible to this process'
  return message.split('\n')[0]
}

/**
 * The probe without its trial CUDA session, for long-lived processes that only report (the API
 * server, the desktop shell): they must not hold a GPU context or onnxruntime for their whole life.
 * The engine process that runs jobs makes the full probe before it loads a model.
 */
export async function probeGpuForReport(device: DevicePreference): Promise<{ usable: boolean; summary: string }> {
  const r = await probeGpu({ device, probes: { tryCudaSession: async () => null } })
  return { usable: r.gpuUsable, summary: r.reason }
}
