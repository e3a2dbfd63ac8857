/** The real probes behind gpu-probe.ts: nvidia-smi, onnxruntime's bin folder, ldconfig, a tiny CUDA session. */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { GpuProbes, NvidiaGpu } from './gpu-probe'

function run(cmd: string, args: string[], timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, killSignal: 'SIGKILL', windowsHide: true }, (err, stdout) => resolve(err ? null : String(stdout)))
  })
}

export function parseSmiQuery(csv: string): { gpus: NvidiaGpu[]; driverVersion: string | null } {
  const gpus: NvidiaGpu[] = []
  let driverVersion: string | null = null
  for (const line of csv.split(/\r?\n/)) {
    const cells = line.split(',').map((c) => c.trim())
    if (cells.length < 4) continue
    const driver = cells.pop()!
    const used = Number(cells.pop())
    const total = Number(cells.pop())
    if (!Number.isFinite(total)) continue
    driverVersion ??= driver
    gpus.push({ name: cells.join(', '), vramTotalGb: total / 1024, vramUsedGb: Number.isFinite(used) ? used / 1024 : 0 })
  }
  return { gpus, driverVersion }
}

function ortBinDir(): string | null {
  try {
    const pkg = dirname(createRequire(import.meta.url).resolve('onnxruntime-node/package.json'))
    return join(pkg, 'bin', 'napi-v6', process.platform, process.arch)
  } catch {
    return null
  }
}

/** An 89-byte ONNX graph (y = Identity(x), float32[1]) made with test/helpers/tiny-onnx. */
const PROBE_MODEL = 'CAgSEmFkc3R1ZGlvLXRpbnktb25ueDo7ChAKAXgSAXkiCElkZW50aXR5EgVwcm9iZVoPCgF4EgoKCAgBEgQKAggBYg8KAXkSCgoICAESBAoCCAFCBAoAEA8='

export function defaultProbes(): GpuProbes {
  return {
    platform: process.platform,
    arch: process.arch,
    async nvidiaSmi() {
      const out = await run('nvidia-smi', ['--query-gpu=name,memory.total,memory.used,driver_version', '--format=csv,noheader,nounits'], 4000)
      return out === null ? null : parseSmiQuery(out)
    },
    async cudaProviderInstalled() {
      const dir = ortBinDir()
      return !!dir && existsSync(join(dir, 'libonnxruntime_providers_cuda.so')) && existsSync(join(dir, 'libonnxruntime_providers_shared.so'))
    },
    async findLibraries(names) {
      const found = new Set<string>()
      const cache = (await run('ldconfig', ['-p'], 3000)) ?? (await run('/sbin/ldconfig', ['-p'], 3000)) ?? ''
      for (const n of names) if (cache.includes(n)) found.add(n)
      const dirs = [...(process.env.LD_LIBRARY_PATH ?? '').split(':'), '/usr/local/cuda/lib64', '/usr/lib/x86_64-linux-gnu'].filter(Boolean)
      for (const d of dirs) for (const f of await readdir(d).catch(() => [] as string[])) if (names.includes(f)) found.add(f)
      return names.filter((n) => found.has(n))
    },
    async tryCudaSession() {
      try {
        // Loaded here only: a probe that skips the trial session (the Electron main process, the
        // API server) must not pull onnxruntime's native binding into its process.
        const { ort } = await import('./ort-session')
        const s = await ort.InferenceSession.create(Buffer.from(PROBE_MODEL, 'base64'), { executionProviders: ['cuda'] })
        await s.run({ x: new ort.Tensor('float32', Float32Array.of(1), [1]) })
        await s.release()
        return null
      } catch (e) {
        return e instanceof Error ? e.message : String(e)
      }
    },
  }
}
