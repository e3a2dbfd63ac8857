import { createStore, type StoreApi } from 'zustand/vanilla'
import { CAMERA_VIEWS, COMPOSITION_MODES, TEXT_POSITIONS } from '../../shared/generate-request'
import type { JobEvent } from '../../shared/job-events'
import { createBatchSlice } from './batch-slice'
import { watchCanvas } from './canvas-watch'
import { createCanvasSlice } from './canvas-slice'
import { createSizesSlice } from './sizes-slice'
import { clampSamples, isEngineValue } from './engine-choice'
import { createEditorSlice, DEFAULT_FORM, type EditorForm } from './editor-slice'
import { createExportSlice } from './export-slice'
import { JobWaiter } from './job-waiter'
import { createJobsSlice } from './jobs-slice'
import { createModelsSlice } from './models-slice'
import { createRefineSlice } from './refine-slice'
import { missedJobEvents } from './resync'
import { createSettingsSlice } from './settings-slice'
import type { AppStore } from './store-shape'
import type { Deps } from './types'

export interface AppStoreHandle {
  store: StoreApi<AppStore>
  /** Subscribes the store to the client's pushes and loads what the first screen needs. */
  connect(): Promise<void>
  dispose(): void
}

/**
 * One vanilla store (usable without React, as the tests do) made of the slices, with the ApiClient
 * and DOM helpers injected. Job events fan out to every slice that follows jobs.
 */
export function createAppStore(deps: Deps): AppStoreHandle {
  const waiter = new JobWaiter(deps.api, deps.pollMs)
  const d = { ...deps, waiter }
  const store = createStore<AppStore>()((set, get) => ({
    ...createJobsSlice(set, get, d),
    ...createEditorSlice(set, get, d),
    ...createExportSlice(set, get, d),
    ...createBatchSlice(set, get, d),
    ...createSettingsSlice(set, get, d),
    ...createModelsSlice(set, get, d),
    ...createRefineSlice(set, get, d),
    ...createCanvasSlice(set, get, d),
    ...createSizesSlice(set, get, d),
  }))
  const unsubs: (() => void)[] = []
  let formTimer: ReturnType<typeof setTimeout> | null = null

  /** The editor's form is kept between runs of the app, written a moment after the last change. */
  const rememberForm = () =>
    store.subscribe((s, prev) => {
      if (s.form === prev.form) return
      if (formTimer) clearTimeout(formTimer)
      formTimer = setTimeout(() => void deps.api.saveState('editor', s.form), 500)
    })

  const onEvent = (e: JobEvent) => {
    const s = store.getState()
    s.applyJobEvent(e)
    s.onEditorJobEvent(e)
    s.onBatchJobEvent(e)
    if (e.type === 'job.finished' || e.type === 'job.deleted') waiter.notify(e.job_id)
    // A finished job's parameters and images are read once, for history cards and reopening.
    if (e.type === 'job.finished') void s.loadJob(e.job_id)
  }

  return {
    store,
    async connect() {
      unsubs.push(deps.api.onJobEvent(onEvent))
      unsubs.push(deps.api.onModelEvent((e) => store.getState().applyModelEvent(e)))
      // After a reconnect the pushes sent meanwhile are lost: read the list again and replay what changed.
      const resync = async () => {
        const before = store.getState().jobs
        await store.getState().refreshJobs()
        missedJobEvents(before, store.getState().jobs, deps.now()).forEach(onEvent)
      }
      if (deps.api.onResync) unsubs.push(deps.api.onResync(() => void resync()))
      unsubs.push(
        deps.api.onEngineStatus((st) => {
          const s = store.getState()
          const wasReady = s.engine?.state === 'ready'
          s.setEngineStatus(st)
          // A restarted engine lost its downloads in flight: read the models again rather than show stale bars.
          if (st.state === 'ready' && !wasReady && s.modelsLoaded) void s.loadModels()
        }),
      )
      const s = store.getState()
      const [form] = await Promise.all([deps.api.loadState('editor'), s.loadSettings(), s.loadFonts(), s.refreshJobs(), s.refreshHealth()])
      const restored = form.ok ? restoredForm(form.value) : null
      if (restored) s.setForm(restored)
      unsubs.push(rememberForm())
      // Undo steps for form changes and runs, and the canvas's boxes re-read when the kept images change.
      unsubs.push(watchCanvas(store))
      void s.restoreBatch()
      // After the form is back, so a chosen model that is gone since can fall back to built-in.
      void s.loadModels()
    },
    dispose() {
      if (formTimer) clearTimeout(formTimer)
      unsubs.splice(0).forEach((u) => u())
      waiter.dispose()
    },
  }
}

/** A saved form read back field by field: anything missing, of the wrong type or out of range keeps its default. */
export function restoredForm(raw: unknown): EditorForm | null {
  if (!raw || typeof raw !== 'object') return null
  const r = raw as Record<string, unknown>
  const out: Record<string, unknown> = { ...DEFAULT_FORM }
  for (const [k, def] of Object.entries(DEFAULT_FORM)) {
    const v = r[k]
    const nullable = k === 'seed' || k === 'fontName'
    const expected = k === 'seed' ? 'number' : k === 'fontName' ? 'string' : typeof def
    if ((v === null && nullable) || typeof v === expected) out[k] = v
  }
  const form = out as unknown as EditorForm
  if (!COMPOSITION_MODES.includes(form.compositionMode)) form.compositionMode = DEFAULT_FORM.compositionMode
  if (!TEXT_POSITIONS.includes(form.textPosition)) form.textPosition = DEFAULT_FORM.textPosition
  if (!CAMERA_VIEWS.includes(form.view)) form.view = DEFAULT_FORM.view
  // Forms saved before engines existed have none of these: they keep the built-in defaults.
  for (const k of ['bgEngine', 'textEngine', 'segmentationModel'] as const) if (!isEngineValue(form[k])) form[k] = DEFAULT_FORM[k]
  form.samples = clampSamples(form.samples)
  return form
}
