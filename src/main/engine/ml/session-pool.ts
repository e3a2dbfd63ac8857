/**
 * Model sessions for multi-model pipelines under a memory budget. Each phase (text encoders, UNet,
 * VAE) opens what it needs and gives it back; a session is kept for the next run only while the
 * kept models' file sizes fit `keepBytes` (0 = release everything after use, one model in VRAM at
 * a time apart from UNet + ControlNet, which must run side by side).
 */
import { stat, readdir } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { ProviderPlan } from './execution-providers'
import { loadSession, type LoadedSession } from './ort-session'

export type SessionLoader = (path: string, plan: ProviderPlan) => Promise<LoadedSession>

export interface SessionEvent {
  kind: 'load' | 'release' | 'reuse'
  path: string
  provider?: string
  ms?: number
  note?: string
}

interface Entry {
  loaded: LoadedSession
  bytes: number
  users: number
  lastUsed: number
}

export class ModelSessions {
  private readonly open = new Map<string, Entry>()
  private clock = 0
  /** What happened, in order: for job notes, GPU reports and tests. */
  readonly events: SessionEvent[] = []

  constructor(
    readonly plan: ProviderPlan,
    private readonly opts: { keepBytes?: number; load?: SessionLoader } = {},
  ) {}

  /** Opens (or reuses) the model, runs fn, then releases it unless the keep budget allows. */
  async use<T>(path: string, fn: (s: LoadedSession) => Promise<T>): Promise<T> {
    const entry = await this.acquire(path)
    try {
      return await fn(entry.loaded)
    } finally {
      entry.users--
      await this.trim()
    }
  }

  /** Several models at once (UNet + ControlNet for the whole denoising loop). */
  async useAll<T>(paths: readonly string[], fn: (s: LoadedSession[]) => Promise<T>): Promise<T> {
    const entries: Entry[] = []
    try {
      for (const p of paths) entries.push(await this.acquire(p))
      return await fn(entries.map((e) => e.loaded))
    } finally {
      for (const e of entries) e.users--
      await this.trim()
    }
  }

  /** Sessions open right now (for tests and status). */
  get openPaths(): string[] {
    return [...this.open.keys()]
  }

  async dispose(): Promise<void> {
    for (const [path, e] of this.open) {
      await e.loaded.session.release()
      this.events.push({ kind: 'release', path })
    }
    this.open.clear()
  }

  private async acquire(path: string): Promise<Entry> {
    const existing = this.open.get(path)
    if (existing) {
      existing.users++
      existing.lastUsed = ++this.clock
      this.events.push({ kind: 'reuse', path, provider: existing.loaded.provider })
      return existing
    }
    const bytes = await modelBytes(path)
    // Make room first: idle sessions go before a new one is created.
    await this.trim(bytes)
    const loaded = await (this.opts.load ?? loadSession)(path, this.plan)
    const entry: Entry = { loaded, bytes, users: 1, lastUsed: ++this.clock }
    this.open.set(path, entry)
    this.events.push({ kind: 'load', path, provider: loaded.provider, ms: Math.round(loaded.loadMs), note: loaded.note })
    return entry
  }

  /** Releases idle sessions, least recently used first, until the kept ones (plus `incoming`) fit. */
  private async trim(incoming = 0): Promise<void> {
    const budget = this.opts.keepBytes ?? 0
    const idle = [...this.open.entries()].filter(([, e]) => e.users === 0).sort((a, b) => a[1].lastUsed - b[1].lastUsed)
    let total = [...this.open.values()].reduce((s, e) => s + e.bytes, 0) + incoming
    for (const [path, e] of idle) {
      if (total <= budget) break
      this.open.delete(path)
      total -= e.bytes
      await e.loaded.session.release()
      this.events.push({ kind: 'release', path })
    }
  }
}

/** The graph file plus its external-data siblings (model.onnx_data, weights.pb, ...). */
export async function modelBytes(path: string): Promise<number> {
  let total = (await stat(path).catch(() => null))?.size ?? 0
  const dir = dirname(path)
  const stem = basename(path)
  const names = await readdir(dir).catch(() => [] as string[])
  for (const n of names) {
    if (n === stem) continue
    if (n.startsWith(`${stem}_data`) || n.startsWith(`${stem}.data`) || n === 'weights.pb' || n.endsWith('.onnx_data'))
      total += (await stat(join(dir, n)).catch(() => null))?.size ?? 0
  }
  return total
}
