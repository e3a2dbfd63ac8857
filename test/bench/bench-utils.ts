import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'

export interface Row {
  name: string
  median: number
  unit: string
  runs?: number
  target?: string
  note?: string
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

export async function timeRuns(runs: number, work: () => Promise<unknown> | unknown): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    await work()
    out.push(performance.now() - t0)
  }
  return out
}

/** Peak resident memory (VmHWM) of a process, from /proc; null where there is no /proc. */
export async function peakRssMb(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8')
    const m = /VmHWM:\s+(\d+) kB/.exec(status)
    return m ? Number(m[1]) / 1024 : null
  } catch {
    return null
  }
}

/** Runs a command, returning its wall time and the highest VmHWM seen while polling it. */
export function runTimed(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ ms: number; code: number | null; peakMb: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] })
    let peak: number | null = null
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    const poll = setInterval(async () => {
      const v = await peakRssMb(child.pid!)
      if (v !== null) peak = Math.max(peak ?? 0, v)
    }, 25)
    child.on('error', reject)
    child.on('close', (code) => {
      clearInterval(poll)
      resolve({ ms: performance.now() - t0, code, peakMb: peak, stderr })
    })
  })
}

export function printTable(rows: Row[]): void {
  const header = ['measure', 'median', 'unit', 'runs', 'target', 'note']
  const lines = rows.map((r) => [r.name, r.median.toFixed(r.median < 10 ? 2 : 0), r.unit, String(r.runs ?? ''), r.target ?? '', r.note ?? ''])
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)))
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`
  console.log(fmt(header))
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`)
  for (const l of lines) console.log(fmt(l))
}
