import type { ApiClient, ClientResult } from '../../src/shared/api-client'
import type { ModelDownload, ModelEvent, ModelOffer } from '../../src/shared/models-contract'

/**
 * The model manager half of the fake ApiClient: a small catalogue (one non-commercial, one gated),
 * pulls that stay "downloading" until the test reports progress and then ready or a failure. Action
 * answers come without events, like a backend whose event arrives later; tests emit events themselves.
 */
type ModelApi = Pick<ApiClient, 'listModels' | 'pullModel' | 'cancelModelPull' | 'removeModel' | 'importModel' | 'verifyModel' | 'onModelEvent'>

const MIT = { id: 'mit', name: 'MIT', commercial: true, url: 'https://opensource.org/license/mit' }
const NC = { id: 'sai-nc', name: 'Stability AI Non-Commercial Research Community License', commercial: false, url: 'https://stability.ai/license' }

export function offer(o: Partial<ModelOffer> & Pick<ModelOffer, 'id' | 'kind'>): ModelOffer {
  return {
    name: o.id,
    family: o.kind === 'segmentation' ? null : 'sd',
    purpose: `${o.id} for tests`,
    repo: `test/${o.id}`,
    size_bytes: 1000,
    vram_gb: 2,
    license: MIT,
    gated: false,
    in_catalog: true,
    state: 'available',
    source: null,
    partial_bytes: 0,
    download: null,
    error: null,
    notes: null,
    ...o,
  }
}

export const FAKE_CATALOGUE: ModelOffer[] = [
  offer({ id: 'sd-turbo', kind: 'diffusion', name: 'SD-Turbo', license: NC, size_bytes: 2_600_000_000, vram_gb: 4 }),
  offer({ id: 'sd15', kind: 'diffusion', name: 'Stable Diffusion 1.5', size_bytes: 4_300_000_000, vram_gb: 6, gated: true }),
  offer({ id: 'canny', kind: 'controlnet', name: 'ControlNet canny' }),
  offer({ id: 'birefnet-lite', kind: 'segmentation', name: 'BiRefNet lite' }),
]

export function createFakeModels() {
  const models = new Map(FAKE_CATALOGUE.map((m) => [m.id, structuredClone(m)]))
  const listeners = new Set<(e: ModelEvent) => void>()
  const failures = { list: null as ClientResult<never> | null }
  /** Where the listing says downloads come from (the fake settings move it, as main does). */
  const hub = { endpoint: 'https://huggingface.co' }
  const ok = <T>(value: T): ClientResult<T> => ({ ok: true, value })
  const missing = (id: string): ClientResult<never> => ({ ok: false, code: 'not_found', message: `no model "${id}"` })
  const emit = (e: ModelEvent) => listeners.forEach((l) => l(e))
  const copy = (id: string) => structuredClone(models.get(id)!)

  const api: ModelApi = {
    listModels: async () => failures.list ?? ok({ models: [...models.values()].map((m) => structuredClone(m)), models_dir: '/home/me/.adstudio/models', endpoint: hub.endpoint, gpu: { usable: false, summary: 'no GPU found (fake)' } }),
    async pullModel(id) {
      const m = models.get(id)
      if (!m) return missing(id)
      if (m.gated) return { ok: false, code: 'invalid_request', message: `${id} is gated: set HF_TOKEN` }
      Object.assign(m, { state: 'downloading', error: null, download: { file: null, file_index: 0, file_count: 0, bytes: m.partial_bytes, total: 0, speed_bps: 0, eta_sec: null } })
      return ok(copy(id))
    },
    async cancelModelPull(id) {
      const m = models.get(id)
      if (!m) return missing(id)
      Object.assign(m, { state: 'incomplete', partial_bytes: m.download?.bytes ?? 0, download: null })
      return ok(copy(id))
    },
    async removeModel(id) {
      const m = models.get(id)
      if (!m) return missing(id)
      if (m.in_catalog) Object.assign(m, { state: 'available', source: null, partial_bytes: 0, download: null })
      else models.delete(id)
      return ok({ id, deleted_files: m.source !== 'import' })
    },
    async importModel(req) {
      if (!req.path.startsWith('/')) return { ok: false, code: 'invalid_request', message: `${req.path}: not a model folder or .onnx file` }
      const id = req.id ?? req.path.split('/').pop()!.replace(/\.onnx$/, '').toLowerCase()
      const kind = req.path.endsWith('.onnx') ? 'segmentation' : 'diffusion'
      models.set(id, offer({ id, kind, state: 'ready', source: 'import', in_catalog: false, license: null, repo: null }))
      return ok(copy(id))
    },
    async verifyModel(id) {
      const m = models.get(id)
      if (!m) return missing(id)
      return ok(m.state === 'ready' ? { id, ok: true, problems: [], checked_files: 3 } : { id, ok: false, problems: ['unet/model.onnx: missing'], checked_files: 0 })
    },
    onModelEvent: (cb) => (listeners.add(cb), () => void listeners.delete(cb)),
  }

  /** Bytes arrive: a progress event (the offer on the "server" follows). */
  function progress(id: string, bytes: number, total = models.get(id)!.size_bytes ?? 1000) {
    const download: ModelDownload = { file: 'unet/model.onnx', file_index: 0, file_count: 3, bytes, total, speed_bps: 1_000_000, eta_sec: (total - bytes) / 1_000_000 }
    models.get(id)!.download = download
    emit({ type: 'model.progress', id, at: Date.now(), download })
  }

  /** The download ends: ready, or incomplete with the reason in plain words. */
  function finish(id: string, outcome: { error?: string } = {}) {
    const m = models.get(id)!
    Object.assign(m, outcome.error ? { state: 'incomplete', error: outcome.error, partial_bytes: m.download?.bytes ?? 0, download: null } : { state: 'ready', source: 'download', download: null, partial_bytes: 0 })
    emit({ type: 'model.state', id, at: Date.now(), model: copy(id) })
  }

  /** Makes a model ready without events (as if pulled with the CLI before the app started). */
  function install(id: string) {
    Object.assign(models.get(id)!, { state: 'ready', source: 'download' })
  }

  return { api, models, failures, hub, emit, progress, finish, install }
}
