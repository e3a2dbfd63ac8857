/**
 * `models pull <id>`: list the catalogue entry's repository at its revision, pick the files its
 * patterns name, check the disk, download each (resumable, verified, atomic), then write the
 * manifest last, so a folder without one is never mistaken for a finished model.
 *
 * Weight files beside a graph (model.onnx.data, model.onnx_data, weights.pb) come last, and only
 * those a downloaded graph names in its external-data entries: exporters such as Olive copy the
 * unoptimised folder and overwrite model.onnx, leaving gigabytes of weights no graph reads.
 */
import { stat } from 'node:fs/promises'
import { join, posix } from 'node:path'
import { EngineError } from '../errors'
import { readOnnxSignature } from '../ml/onnx-signature'
import type { CatalogEntry } from './catalog'
import { ensureDiskSpace, freeBytes, type FreeSpaceProbe } from './disk-space'
import { downloadFile } from './download-file'
import { matchesAny } from './glob'
import { authHeaders, fileUrl, hubError, hubSettings, listRepo, type HubSettings, type RepoFile } from './hf-hub'
import { writeManifest, type ModelManifest } from './model-store'

export interface PullProgress {
  id: string
  phase: 'listing' | 'downloading' | 'done'
  file: string | null
  fileIndex: number
  fileCount: number
  fileBytes: number
  fileTotal: number | null
  bytes: number
  total: number
  /** Bytes per second over the last few seconds. */
  speedBps: number
  /** Seconds left at that speed; null while unknown. */
  etaSec: number | null
  /** Weight files the patterns matched but no graph references: not downloaded (size from the listing). */
  skipped: { path: string; size: number | null }[]
}

export interface PullOptions {
  modelsDir: string
  hub?: Partial<HubSettings>
  signal?: AbortSignal
  onProgress?: (p: PullProgress) => void
  freeSpace?: FreeSpaceProbe
  retries?: number
  retryDelayMs?: number
  idleTimeoutMs?: number
  /** Minimum milliseconds between progress events while bytes flow. */
  progressEveryMs?: number
}

const DIFFUSION_LAYOUT = ['model_index.json', 'unet/model.onnx', 'text_encoder/model.onnx', 'vae_decoder/model.onnx', 'scheduler/scheduler_config.json', 'tokenizer/vocab.json']

/** Speed over a sliding window, so one stall or burst does not swing the ETA wildly. */
class Meter {
  private samples: [number, number][] = []
  constructor(private readonly windowMs = 5000) {}
  add(t: number, total: number): number {
    this.samples.push([t, total])
    while (this.samples.length > 2 && t - this.samples[0][0] > this.windowMs) this.samples.shift()
    const [t0, b0] = this.samples[0]
    return t > t0 ? ((total - b0) * 1000) / (t - t0) : 0
  }
}

/** Files that can only be a graph's weights: beside a selected .onnx, and not config, text or pictures. */
export function weightSiblings(files: readonly RepoFile[]): Set<string> {
  const graphDirs = new Set(files.filter((f) => f.path.endsWith('.onnx')).map((f) => posix.dirname(f.path)))
  const notWeights = /\.(onnx|json|txt|md|ya?ml|py|png|jpe?g|webp)$/i
  return new Set(files.filter((f) => !notWeights.test(f.path) && graphDirs.has(posix.dirname(f.path))).map((f) => f.path))
}

/** The repository paths of the external-data files the given (downloaded) graphs reference. */
async function referencedWeights(dir: string, graphs: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>()
  for (const g of graphs) {
    for (const loc of (await readOnnxSignature(join(dir, g))).externalFiles) out.add(posix.normalize(posix.join(posix.dirname(g), loc)))
  }
  return out
}

export function selectFiles(entry: CatalogEntry, listing: RepoFile[]): RepoFile[] {
  const chosen = listing.filter((f) => matchesAny(f.path, entry.include))
  if (!chosen.length) throw new EngineError('model_unavailable', `${entry.repo}@${entry.revision}: no files match ${entry.include.join(', ')} (the repository layout may have changed)`)
  for (const pinned of entry.files ?? []) {
    const f = chosen.find((c) => c.path === pinned.path)
    if (!f) continue
    // The catalogue's pinned hash is the stricter truth: a moved branch must not slip through.
    if (pinned.sha256) f.sha256 = pinned.sha256
    if (pinned.size !== undefined) f.size = pinned.size
  }
  if (entry.kind === 'diffusion') {
    const missing = DIFFUSION_LAYOUT.filter((p) => !chosen.some((c) => c.path === p))
    if (missing.length) throw new EngineError('model_unavailable', `${entry.repo}: not in the Optimum ONNX layout the engine reads (missing ${missing.join(', ')})`)
  }
  return chosen
}

export async function pullModel(entry: CatalogEntry, o: PullOptions): Promise<ModelManifest> {
  const hub = hubSettings(o.hub)
  const dir = join(o.modelsDir, entry.id)
  const emit = (p: Omit<PullProgress, 'id'>) => o.onProgress?.({ id: entry.id, ...p })
  emit({ phase: 'listing', file: null, fileIndex: 0, fileCount: 0, fileBytes: 0, fileTotal: null, bytes: 0, total: 0, speedBps: 0, etaSec: null, skipped: [] })
  const listing = await listRepo(hub, entry.repo, entry.revision, o.signal)
  if (listing.gated && !hub.token) throw hubError(401, { 'x-error-code': 'GatedRepo' }, entry.repo, 'listing', hub)
  // Pin the download to the commit the revision resolved to, so all files come from one snapshot.
  const revision = listing.commit ?? entry.revision
  const selected = selectFiles(entry, listing.files)
  const siblings = weightSiblings(selected)
  // Graphs and small files first; weights after, once the graphs have said which they read.
  const graphsAndSmall = selected.filter((f) => !siblings.has(f.path))
  let weights = selected.filter((f) => siblings.has(f.path))

  /** Bytes already on disk: complete (positive) or a .part to resume (negative). */
  const haveOf = async (f: RepoFile) => {
    const done = await stat(join(dir, f.path)).catch(() => null)
    if (done && f.size !== null && done.size === f.size) return f.size
    return -((await stat(join(dir, `${f.path}.part`)).catch(() => null))?.size ?? 0)
  }
  const sizeOf = (f: RepoFile) => f.size ?? 0
  const haveFirst = await Promise.all(graphsAndSmall.map(haveOf))
  let haveWeights = await Promise.all(weights.map(haveOf))
  const missing = (list: RepoFile[], have: number[]) => list.reduce((s, f, k) => s + Math.max(0, sizeOf(f) - Math.abs(have[k])), 0)
  await ensureDiskSpace(o.modelsDir, missing(graphsAndSmall, haveFirst), o.freeSpace ?? freeBytes)

  let total = selected.reduce((s, f) => s + sizeOf(f), 0)
  let bytes = [...haveFirst, ...haveWeights].reduce((s, h) => s + Math.abs(h), 0)
  let fileCount = selected.length
  let skipped: PullProgress['skipped'] = []
  const meter = new Meter()
  let last = 0
  const records: ModelManifest['files'] = []
  const fetchAll = async (list: RepoFile[], have: number[]) => {
    for (let k = 0; k < list.length; k++) {
      const f = list[k]
      if (have[k] > 0) {
        records.push({ path: f.path, size: have[k], sha256: f.sha256 })
        continue
      }
      const fileIndex = records.length
      let fileBytes = -have[k]
      const progress = (force: boolean) => {
        const now = performance.now()
        if (!force && now - last < (o.progressEveryMs ?? 250)) return
        last = now
        const speedBps = meter.add(now, bytes)
        emit({ phase: 'downloading', file: f.path, fileIndex, fileCount, fileBytes, fileTotal: f.size, bytes, total, speedBps, etaSec: speedBps > 0 ? Math.max(0, (total - bytes) / speedBps) : null, skipped })
      }
      progress(true)
      const r = await downloadFile(
        { url: fileUrl(hub, entry.repo, revision, f.path), headers: authHeaders(hub), dest: join(dir, f.path), size: f.size, sha256: f.sha256, gitBlobId: f.gitBlobId, label: `${entry.id}/${f.path}` },
        {
          signal: o.signal,
          retries: o.retries,
          retryDelayMs: o.retryDelayMs,
          idleTimeoutMs: o.idleTimeoutMs,
          httpError: (status, headers) => hubError(status, headers, entry.repo, f.path, hub),
          onBytes: (d) => {
            bytes += d
            fileBytes += d
            progress(false)
          },
        },
      )
      progress(true)
      records.push({ path: f.path, size: r.size, sha256: r.sha256 })
    }
  }

  await fetchAll(graphsAndSmall, haveFirst)
  if (weights.length) {
    // Only the weights a graph names; what the patterns matched but no graph reads stays on the Hub.
    const wanted = await referencedWeights(dir, graphsAndSmall.filter((f) => f.path.endsWith('.onnx')).map((f) => f.path))
    const keep = weights.map((f) => wanted.has(f.path))
    skipped = weights.filter((_, k) => !keep[k]).map((f) => ({ path: f.path, size: f.size }))
    total -= weights.reduce((s, f, k) => s + (keep[k] ? 0 : sizeOf(f)), 0)
    bytes -= haveWeights.reduce((s, h, k) => s + (keep[k] ? 0 : Math.abs(h)), 0)
    fileCount -= skipped.length
    haveWeights = haveWeights.filter((_, k) => keep[k])
    weights = weights.filter((_, k) => keep[k])
    await ensureDiskSpace(o.modelsDir, missing(weights, haveWeights), o.freeSpace ?? freeBytes)
    await fetchAll(weights, haveWeights)
  }
  const files = [...graphsAndSmall, ...weights]
  const main = entry.kind === 'diffusion' ? null : (files.find((f) => f.path.endsWith('.onnx'))?.path ?? null)
  const manifest: ModelManifest = {
    id: entry.id,
    kind: entry.kind,
    family: entry.family ?? null,
    source: 'download',
    path: dir,
    main,
    repo: entry.repo,
    revision: entry.revision,
    commit: listing.commit,
    license: entry.license,
    files: records,
    installed_at: new Date().toISOString(),
  }
  await writeManifest(o.modelsDir, manifest)
  emit({ phase: 'done', file: null, fileIndex: files.length, fileCount: files.length, fileBytes: 0, fileTotal: null, bytes: total, total, speedBps: 0, etaSec: 0, skipped })
  return manifest
}
