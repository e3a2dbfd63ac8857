import { cpus, freemem, totalmem } from 'node:os'
import type { GpuInfo, SystemMetrics } from '../../../shared/job-status'
import { queryNvidiaSmi } from './gpu-info'

export interface MetricsOptions {
  /** How long a GPU reading is reused (nvidia-smi takes tens of ms and must not run per request). */
  gpuTtlMs?: number
  nvidiaSmi?: string
  gpuTimeoutMs?: number
}

/**
 * cpu_percent, RAM and GPUs for /status and /health. Answers at once from the latest readings and
 * refreshes them in the background, so a status poll never waits on nvidia-smi.
 */
export class SystemMetricsSampler {
  private lastCpu = cpuTimes()
  private cpuPercent = 0
  private cpuAt = Date.now()
  private gpus: GpuInfo[] = []
  private gpuAt = 0
  private gpuRefresh: Promise<void> | null = null

  constructor(private readonly opts: MetricsOptions = {}) {}

  /** Starts the first GPU reading, so the first answer already has it. */
  warmUp(): Promise<void> {
    return this.refreshGpu()
  }

  sample(): SystemMetrics {
    const now = Date.now()
    // CPU use is a difference of counters: re-sampled at most once a second for a stable figure.
    if (now - this.cpuAt >= 1000) {
      const cur = cpuTimes()
      const busy = cur.busy - this.lastCpu.busy
      const total = cur.total - this.lastCpu.total
      this.cpuPercent = total > 0 ? round1((busy / total) * 100) : this.cpuPercent
      this.lastCpu = cur
      this.cpuAt = now
    }
    if (now - this.gpuAt > (this.opts.gpuTtlMs ?? 5000)) void this.refreshGpu()
    const total = totalmem()
    const used = total - freemem()
    return {
      cpu_percent: this.cpuPercent,
      ram_used_gb: round2(used / 2 ** 30),
      ram_total_gb: round2(total / 2 ** 30),
      ram_percent: round1((used / total) * 100),
      gpu_info: this.gpus,
    }
  }

  private refreshGpu(): Promise<void> {
    this.gpuRefresh ??= queryNvidiaSmi(this.opts.nvidiaSmi, this.opts.gpuTimeoutMs).then((g) => {
      this.gpus = g
      this.gpuAt = Date.now()
      this.gpuRefresh = null
    })
    return this.gpuRefresh
  }
}

function cpuTimes(): { busy: number; total: number } {
  let busy = 0
  let total = 0
  for (const c of cpus()) {
    const t = c.times
    const all = t.user + t.nice + t.sys + t.idle + t.irq
    total += all
    busy += all - t.idle
  }
  return { busy, total }
}

const round1 = (x: number) => Math.round(x * 10) / 10
const round2 = (x: number) => Math.round(x * 100) / 100
