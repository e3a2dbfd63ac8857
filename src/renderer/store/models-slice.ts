import type { ClientResult } from '../../shared/api-client'
import type { ModelEvent, ModelOffer, ModelsResponse, ModelVerify } from '../../shared/models-contract'
import { engineFallbacks, type DroppedEngine } from './engine-choice'
import type { StoreSlice } from './store-shape'
import { uiError, type UiError } from './types'

/** What a model's buttons are doing now (one at a time per model). */
export type ModelAction = 'pull' | 'cancel' | 'remove' | 'verify'

export interface ModelsState {
  /** The catalogue merged with what is installed, in the engine's order. */
  modelOffers: ModelOffer[]
  modelsDir: string | null
  modelsEndpoint: string | null
  modelsGpu: ModelsResponse['gpu']
  /** true once a listing arrived: only then can a chosen model be known to be gone. */
  modelsLoaded: boolean
  modelsLoading: boolean
  modelsError: UiError | null
  modelBusy: Record<string, ModelAction>
  /** Why the last action on a model was refused (a download's own failure is the offer's `error`). */
  modelErrors: Record<string, UiError>
  /** The last verification of each model. */
  modelChecks: Record<string, ModelVerify>
  modelImporting: boolean
  modelImportError: UiError | null
  /** Models the editor had chosen that are gone; the form went back to built-in (said once, dismissable). */
  engineNotice: DroppedEngine[]
}

export interface ModelsActions {
  loadModels(): Promise<void>
  pullModel(id: string): Promise<void>
  cancelModelPull(id: string): Promise<void>
  /** Deletes a download or forgets an import; the UI asks for confirmation first. */
  removeModel(id: string): Promise<void>
  /** The registered model, or null when it was refused (the reason is in modelImportError). */
  importModel(path: string, id?: string): Promise<ModelOffer | null>
  verifyModel(id: string): Promise<void>
  applyModelEvent(e: ModelEvent): void
  /** Puts back built-in engines where the form (or the batch) names a model that is not ready any more. */
  checkEngines(): void
  dismissEngineNotice(): void
}

export const modelsInitialState: ModelsState = {
  modelOffers: [],
  modelsDir: null,
  modelsEndpoint: null,
  modelsGpu: null,
  modelsLoaded: false,
  modelsLoading: false,
  modelsError: null,
  modelBusy: {},
  modelErrors: {},
  modelChecks: {},
  modelImporting: false,
  modelImportError: null,
  engineNotice: [],
}

const without = <T>(rec: Record<string, T>, id: string): Record<string, T> => {
  const { [id]: _gone, ...rest } = rec
  return rest
}

export const createModelsSlice: StoreSlice<ModelsState & ModelsActions> = (set, get, deps) => {
  /**
   * State events seen per model. An action's answer is older than any state event that arrived
   * while it was in flight (a tiny download can finish before its pull request answers), so the
   * answer is applied only when no event came in between.
   */
  const stateEvents = new Map<string, number>()
  const seen = (id: string) => stateEvents.get(id) ?? 0

  const putOffer = (offer: ModelOffer) =>
    set((s) => {
      const i = s.modelOffers.findIndex((m) => m.id === offer.id)
      const modelOffers = i < 0 ? [...s.modelOffers, offer] : s.modelOffers.map((m, j) => (j === i ? offer : m))
      return { modelOffers }
    })

  const patchOffer = (id: string, patch: Partial<ModelOffer>) =>
    set((s) => ({ modelOffers: s.modelOffers.map((m) => (m.id === id ? { ...m, ...patch } : m)) }))

  const checkEngines = () => {
    const s = get()
    if (!s.modelsLoaded) return
    const form = engineFallbacks(s.form, s.modelOffers)
    if (form.dropped.length) {
      s.setForm(form.patch)
      set((st) => ({ engineNotice: [...st.engineNotice, ...form.dropped] }))
    }
    const batch = engineFallbacks(s.batchSettings, s.modelOffers)
    if (batch.dropped.length) s.setBatchSettings(batch.patch)
  }

  /** Runs one action on a model: busy while it runs, its refusal kept beside the model. */
  const act = async <T>(id: string, action: ModelAction, call: () => Promise<ClientResult<T>>): Promise<T | null> => {
    if (get().modelBusy[id]) return null
    set((s) => ({ modelBusy: { ...s.modelBusy, [id]: action }, modelErrors: without(s.modelErrors, id) }))
    const r = await call()
    set((s) => ({ modelBusy: without(s.modelBusy, id), modelErrors: r.ok ? s.modelErrors : { ...s.modelErrors, [id]: uiError(r) } }))
    return r.ok ? r.value : null
  }

  /** An action that answers the model's new offer. */
  const actOnOffer = async (id: string, action: ModelAction, call: () => ReturnType<typeof deps.api.pullModel>) => {
    const before = seen(id)
    const offer = await act(id, action, call)
    if (offer && seen(id) === before) putOffer(offer)
    checkEngines()
  }

  return {
    ...modelsInitialState,

    async loadModels() {
      set({ modelsLoading: true })
      const before = new Map(stateEvents)
      const r = await deps.api.listModels()
      if (!r.ok) return set({ modelsLoading: false, modelsError: uiError(r) })
      // A model whose state changed while the list was on its way keeps the newer offer from the event.
      const current = new Map(get().modelOffers.map((m) => [m.id, m]))
      const newer = (m: ModelOffer) => (seen(m.id) !== (before.get(m.id) ?? 0) ? (current.get(m.id) ?? m) : m)
      set({
        modelsLoading: false,
        modelsError: null,
        modelsLoaded: true,
        modelOffers: r.value.models.map(newer),
        modelsDir: r.value.models_dir,
        modelsEndpoint: r.value.endpoint,
        modelsGpu: r.value.gpu,
      })
      checkEngines()
    },

    pullModel: (id) => actOnOffer(id, 'pull', () => deps.api.pullModel(id)),
    cancelModelPull: (id) => actOnOffer(id, 'cancel', () => deps.api.cancelModelPull(id)),

    async removeModel(id) {
      const before = seen(id)
      const done = await act(id, 'remove', () => deps.api.removeModel(id))
      if (!done) return
      if (seen(id) === before) {
        // A catalogue model goes back to "available"; an import that is not in the catalogue leaves the list.
        const offer = get().modelOffers.find((m) => m.id === id)
        if (offer?.in_catalog) patchOffer(id, { state: 'available', source: null, partial_bytes: 0, download: null, error: null })
        else set((s) => ({ modelOffers: s.modelOffers.filter((m) => m.id !== id) }))
      }
      set((s) => ({ modelChecks: without(s.modelChecks, id) }))
      checkEngines()
    },

    async importModel(path, id) {
      if (get().modelImporting) return null
      set({ modelImporting: true, modelImportError: null })
      const r = await deps.api.importModel(id ? { path, id } : { path })
      if (!r.ok) {
        set({ modelImporting: false, modelImportError: uiError(r) })
        return null
      }
      putOffer(r.value)
      set({ modelImporting: false })
      return r.value
    },

    async verifyModel(id) {
      const check = await act(id, 'verify', () => deps.api.verifyModel(id))
      if (check) set((s) => ({ modelChecks: { ...s.modelChecks, [id]: check } }))
    },

    applyModelEvent(e) {
      if (e.type === 'model.state') {
        stateEvents.set(e.id, seen(e.id) + 1)
        if (e.model) putOffer(e.model)
        else set((s) => ({ modelOffers: s.modelOffers.filter((m) => m.id !== e.id) }))
        return checkEngines()
      }
      const offer = get().modelOffers.find((m) => m.id === e.id)
      // A late progress report after a cancel must not bring the bar back; while our own pull is
      // still answering, the offer has not switched to downloading yet but the bytes are real.
      if (!offer || (offer.state !== 'downloading' && get().modelBusy[e.id] !== 'pull')) return
      patchOffer(e.id, { state: 'downloading', download: e.download })
    },

    checkEngines,
    dismissEngineNotice: () => set({ engineNotice: [] }),
  }
}
