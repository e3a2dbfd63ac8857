import { execFile } from 'node:child_process'
import type { GpuInfo } from '../../../shared/job-status'

export const NVIDIA_SMI_QUERY = ['--query-gpu=index,name,utilization.gpu,memory.used,memory.total', '--format=csv,noheader,nounits']

/**
 * GPUs as nvidia-smi reports them, or [] when there is none: no binary, no driver, an error or no
 * answer within `timeoutMs` all mean "no GPU information", never a failure of the caller.
 */
export function queryNvidiaSmi(command = 'nvidia-smi', timeoutMs = 2000): Promise<GpuInfo[]> {
  return new Promise((resolve) => {
    execFile(command, NVIDIA_SMI_QUERY, { timeout: timeoutMs, killSignal: 'SIGKILL', windowsHide: true }, (err, stdout) => {
      resolve(err ? [] : parseNvidiaSmi(String(stdout)))
    })
  })
}

/** Parses `index, name, util %, used MiB, total MiB` lines; "[N/A]" fields become null. */
export function parseNvidiaSmi(csv: string): GpuInfo[] {
  const out: GpuInfo[] = []
  for (const line of csv.split(/\r?\n/)) {
    const cells = line.split(',').map((c) => c.trim())
    if (cells.length < 5) continue
    // A GPU name may itself contain commas: the numbers are always the last three cells.
    const [index, ...rest] = cells
    const total = num(rest.pop())
    const used = num(rest.pop())
    const util = num(rest.pop())
    const idx = Number(index)
    if (!Number.isInteger(idx)) continue
    const gb = (mib: number | null) => (mib === null ? null : round2(mib / 1024))
    out.push({
      index: idx,
      name: rest.join(', '),
      gpu_util: util,
      vram_used_gb: gb(used),
      vram_total_gb: gb(total),
      vram_percent: used !== null && total ? round2((used / total) * 100) : null,
    })
  }
  return out
}

function num(cell: string | undefined): number | null {
  const n = Number(cell)
  return cell === undefined || cell === '' || !Number.isFinite(n) ? null : n
}

const round2 = (x: number) => Math.round(x * 100) / 100
