/**
 * The catalogue and the models folder merged into what the app offers: one ModelOffer per
 * catalogue entry (in catalogue order), then whatever else is installed (imports, or downloads of
 * entries a later catalogue dropped). Pure apart from reading the folder; the service adds what
 * only it knows (downloads in flight, the last failure).
 */
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { ModelDownload, ModelOffer } from '../../../shared/models-contract'
import type { Catalog, CatalogEntry } from './catalog'
import { chooseControlBase } from '../diffusion/pipeline/control-pairing'
import { listInstalled, resolveInstalledModel, type InstalledModel } from './model-store'

/** What the service knows beside the disk. */
export interface LiveState {
  download: (id: string) => ModelDownload | null
  error: (id: string) => string | null
}

const sumSizes = (m: InstalledModel) => m.manifest?.files.reduce((s, f) => s + f.size, 0) ?? 0

/** Everything an unfinished download left on disk: finished files and .part files alike. */
async function bytesUnder(dir: string): Promise<number> {
  let n = 0
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [])) {
    if (e.isFile()) n += (await stat(join(e.parentPath, e.name)).catch(() => null))?.size ?? 0
  }
  return n
}

function catalogOffer(e: CatalogEntry, installed: InstalledModel | undefined, partial: number, live: LiveState): ModelOffer {
  const download = live.download(e.id)
  const state = download ? 'downloading' : (installed?.status ?? 'available')
  const size = installed?.status === 'ready' ? sumSizes(installed) : download && download.total > 0 ? download.total : e.approx_bytes
  return {
    id: e.id,
    name: e.name,
    kind: e.kind,
    family: e.family ?? null,
    purpose: e.purpose,
    repo: e.repo,
    size_bytes: size,
    vram_gb: e.vram_gb,
    license: e.license,
    gated: e.gated ?? false,
    in_catalog: true,
    state,
    // A folder without a manifest can only be an unfinished download.
    source: installed?.manifest?.source ?? (installed || download ? 'download' : null),
    partial_bytes: state === 'incomplete' || state === 'downloading' ? partial : 0,
    download,
    error: live.error(e.id),
    notes: e.notes ?? null,
  }
}

function installedOffer(m: InstalledModel & { manifest: NonNullable<InstalledModel['manifest']> }, live: LiveState): ModelOffer {
  const { manifest } = m
  return {
    id: m.id,
    name: m.id,
    kind: manifest.kind,
    family: manifest.family ?? null,
    purpose: null,
    repo: manifest.repo ?? null,
    size_bytes: sumSizes(m),
    vram_gb: null,
    // An import's licence is unknown to us: the UI asks the user to check the model's card.
    license: manifest.license ?? null,
    gated: false,
    in_catalog: false,
    state: m.status === 'missing' ? 'missing' : 'ready',
    source: manifest.source,
    partial_bytes: 0,
    download: null,
    error: live.error(m.id),
    notes: manifest.source === 'import' ? `imported from ${manifest.path}` : null,
  }
}

export async function buildOffers(catalog: Catalog, modelsDir: string, live: LiveState, only?: string): Promise<ModelOffer[]> {
  const installed = (await listInstalled(modelsDir)).filter((m) => only === undefined || m.id === only)
  const byId = new Map(installed.map((m) => [m.id, m]))
  const offers: ModelOffer[] = []
  for (const e of catalog.models) {
    if (only !== undefined && e.id !== only) continue
    const m = byId.get(e.id)
    const unfinished = live.download(e.id) !== null || m?.status === 'incomplete'
    offers.push(catalogOffer(e, m, unfinished ? await bytesUnder(join(modelsDir, e.id)) : 0, live))
  }
  for (const m of installed) {
    if (catalog.models.some((e) => e.id === m.id)) continue
    // A stray folder without a manifest and without a catalogue entry cannot be pulled or used.
    if (m.manifest) offers.push(installedOffer({ ...m, manifest: m.manifest }, live))
  }
  for (const o of offers) if (o.kind === 'controlnet' && o.state === 'ready' && o.error === null) o.error = await pairingError(catalog, modelsDir, o.id)
  return offers
}

/**
 * A ready ControlNet that no installed base can take (each one that takes residuals has another
 * text width) says so where it is listed, so it is refused before a job runs. None installed yet is
 * not an error: step 2 then names the base to pull.
 */
async function pairingError(catalog: Catalog, modelsDir: string, id: string): Promise<string | null> {
  try {
    const { path } = await resolveInstalledModel(modelsDir, id)
    const bases = (await listInstalled(modelsDir)).filter((m) => m.status === 'ready' && m.manifest?.kind === 'diffusion')
    const preferred = catalog.models.find((e) => e.id === id)?.requires ?? []
    const choice = await chooseControlBase(path, id, bases.map((m) => ({ id: m.id, path: m.manifest!.path })), preferred)
    return !choice.ok && choice.mismatch ? choice.message : null
  } catch {
    return null
  }
}
