import type { ImageRef } from '../../shared/api-client'
import type { CutoutCheckInfo } from '../../shared/job-status'
import { DEFAULT_FORM, type EditorForm } from './editor-slice'
import type { JobEvent } from '../../shared/job-events'
import { applyPattern, baseName, fileNameFor, fillTextTemplate, type ExportFormat } from '../lib/file-names'
import { restoredBatch, toSaved } from './batch-persist'
import type { StoreSlice } from './store-shape'
import { newSeed, uiError, type UiError } from './types'

export type BatchItemStatus = 'pending' | 'running' | 'done' | 'failed' | 'canceled'

export interface BatchItem {
  id: string
  name: string
  /** null when the file could not be kept across a restart (browser-picked bytes). */
  ref: ImageRef | null
  thumbUrl: string | null
  status: BatchItemStatus
  jobId: string | null
  progress: number
  error: UiError | null
  outputs: string[]
  /** The engine's cutout check of the last run ("check cutout" when doubtful). */
  check?: CutoutCheckInfo | null
  /** A cutout corrected in Refine cutout: sent as product_mask when the item runs. */
  productMask?: ImageRef | null
  /** The seed of the last run, kept so a re-run after a cutout fix changes only the cutout. */
  seed?: number
}

/**
 * The editor's settings (without its seed: each item gets its own; without scene variations: a batch
 * keeps one ad per product), plus where and how to save.
 */
export interface BatchSettings extends Omit<EditorForm, 'seed' | 'samples'> {
  /** May contain {name}: the product file's name. */
  text: string
  format: ExportFormat
  quality: number
  /** Output file name pattern: {name}, {n}, {w}, {h}, {date}. */
  pattern: string
  folder: string | null
}

export type BatchRun = 'idle' | 'running' | 'paused' | 'canceling'

export interface BatchState {
  batchItems: BatchItem[]
  batchSettings: BatchSettings
  batchRun: BatchRun
  batchError: UiError | null
}

export interface BatchActions {
  addBatchFiles(files: { name: string; ref: ImageRef; thumbUrl: string | null }[]): void
  removeBatchItem(id: string): void
  clearBatch(): void
  setBatchSettings(patch: Partial<BatchSettings>): void
  startBatch(): Promise<void>
  pauseBatch(): void
  resumeBatch(): Promise<void>
  cancelBatch(): Promise<void>
  retryBatchItem(id: string): Promise<void>
  restoreBatch(): Promise<void>
  onBatchJobEvent(e: JobEvent): void
}

const { seed: _seed, samples: _samples, ...EDITOR_DEFAULTS } = DEFAULT_FORM

export const DEFAULT_BATCH_SETTINGS: BatchSettings = {
  ...EDITOR_DEFAULTS,
  text: '{name}',
  format: 'png',
  quality: 90,
  pattern: '{name}_ad',
  folder: null,
}

export const batchInitialState: BatchState = { batchItems: [], batchSettings: DEFAULT_BATCH_SETTINGS, batchRun: 'idle', batchError: null }

export const createBatchSlice: StoreSlice<BatchState & BatchActions> = (set, get, deps) => {
  let looping = false
  let idSeq = 0

  const patchItem = (id: string, patch: Partial<BatchItem>) =>
    set((s) => ({ batchItems: s.batchItems.map((i) => (i.id === id ? { ...i, ...patch } : i)) }))

  const persist = () => {
    const s = get()
    void deps.api.saveState('batch', toSaved(s.batchItems, s.batchSettings, s.batchRun === 'running'))
  }

  /** Runs pending items one after another until none is left, or until paused or canceled. */
  const loop = async () => {
    if (looping) return
    looping = true
    try {
      while (get().batchRun === 'running') {
        const item = get().batchItems.find((i) => i.status === 'pending')
        if (!item) {
          set({ batchRun: 'idle' })
          break
        }
        await runItem(item)
        persist()
      }
    } finally {
      looping = false
      persist()
    }
  }

  const runItem = async (item: BatchItem): Promise<void> => {
    const cfg = get().batchSettings
    if (!item.ref) return patchItem(item.id, { status: 'failed', error: { code: 'file_missing', detail: `${item.name}: add the file again` } })
    const name = baseName(item.name)
    const params = {
      start_step: 1,
      stop_step: 3,
      bg_prompt: cfg.bgPrompt.trim() || undefined,
      text_content: cfg.text.trim() ? fillTextTemplate(cfg.text, name) : null,
      font_name: cfg.fontName,
      text_style: cfg.textStyle || null,
      composition_mode: cfg.compositionMode,
      text_position: cfg.textPosition,
      width: cfg.width,
      height: cfg.height,
      seed: item.seed ?? newSeed(deps.random),
      bg_engine: cfg.bgEngine,
      text_engine: cfg.textEngine,
      segmentation_model: cfg.segmentationModel,
    }
    patchItem(item.id, { status: 'running', progress: 0, error: null, seed: params.seed })
    persist()
    const r = await deps.api.generate({ params, product: item.ref, productMask: item.productMask ?? null })
    if (!r.ok) return patchItem(item.id, { status: 'failed', error: uiError(r) })
    patchItem(item.id, { jobId: r.value.job_id })
    persist()
    const st = await deps.waiter.wait(r.value.job_id)
    if (st?.cutout_check !== undefined) patchItem(item.id, { check: st.cutout_check })
    if (!st || st.status !== 'completed' || !st.images.final) {
      const canceled = st?.status === 'stopped' || get().batchRun === 'canceling'
      return patchItem(item.id, canceled ? { status: 'canceled' } : { status: 'failed', error: { code: st?.error_code ?? 'job_failed', detail: st?.error ?? st?.message ?? 'the job vanished' } })
    }
    const png = await deps.api.imageBytes(r.value.job_id, 'final')
    if (!png.ok) return patchItem(item.id, { status: 'failed', error: uiError(png) })
    const index = get().batchItems.findIndex((i) => i.id === item.id)
    const stem = applyPattern(cfg.pattern, { name, n: index + 1, total: get().batchItems.length, width: cfg.width, height: cfg.height })
    const bytes = cfg.format === 'png' ? png.value : await deps.images.convert(png.value, { format: cfg.format, quality: cfg.quality, width: cfg.width, height: cfg.height })
    const saved = await deps.api.saveFiles({ files: [{ name: fileNameFor(stem, cfg.format), bytes }], folder: cfg.folder })
    if (!saved.ok || !saved.value) return patchItem(item.id, { status: 'failed', error: saved.ok ? { code: 'export_failed', detail: 'not saved' } : uiError(saved) })
    patchItem(item.id, { status: 'done', progress: 100, outputs: saved.value.paths })
  }

  return {
    ...batchInitialState,

    addBatchFiles(files) {
      const added: BatchItem[] = files.map((f) => ({
        id: `b${deps.now().toString(36)}-${(idSeq++).toString(36)}`,
        name: f.name,
        ref: f.ref,
        thumbUrl: f.thumbUrl,
        status: 'pending',
        jobId: null,
        progress: 0,
        error: null,
        outputs: [],
      }))
      set((s) => ({ batchItems: [...s.batchItems, ...added] }))
      persist()
    },

    removeBatchItem(id) {
      set((s) => ({ batchItems: s.batchItems.filter((i) => i.id !== id || i.status === 'running') }))
      persist()
    },

    clearBatch() {
      if (get().batchRun !== 'idle') return
      set({ batchItems: [] })
      persist()
    },

    setBatchSettings(patch) {
      set((s) => ({ batchSettings: { ...s.batchSettings, ...patch } }))
      persist()
    },

    async startBatch() {
      if (get().batchRun === 'running') return
      // Electron writes into a folder: ask once for it up front rather than once per file.
      if (deps.api.kind === 'electron' && !get().batchSettings.folder) {
        const picked = await deps.api.pickFolder()
        if (!picked.ok) return set({ batchError: uiError(picked) })
        if (!picked.value) return
        set((s) => ({ batchSettings: { ...s.batchSettings, folder: picked.value } }))
      }
      set((s) => ({ batchRun: 'running', batchError: null, batchItems: s.batchItems.map((i) => (i.status === 'canceled' ? { ...i, status: 'pending' as const } : i)) }))
      await loop()
    },

    pauseBatch() {
      if (get().batchRun === 'running') set({ batchRun: 'paused' })
      persist()
    },

    async resumeBatch() {
      if (get().batchRun !== 'paused') return
      set({ batchRun: 'running' })
      await loop()
    },

    async cancelBatch() {
      const running = get().batchItems.find((i) => i.status === 'running')
      set((s) => ({ batchRun: 'canceling', batchItems: s.batchItems.map((i) => (i.status === 'pending' ? { ...i, status: 'canceled' as const } : i)) }))
      if (running?.jobId) await deps.api.stop(running.jobId)
      if (!looping) set({ batchRun: 'idle' })
      else {
        // The loop ends after the running item settles.
        while (looping) await new Promise((r) => setTimeout(r, 20))
        set({ batchRun: 'idle' })
      }
      persist()
    },

    async retryBatchItem(id) {
      patchItem(id, { status: 'pending', error: null, progress: 0, jobId: null })
      if (get().batchRun === 'idle') await get().startBatch()
    },

    async restoreBatch() {
      const r = await deps.api.loadState('batch')
      if (!r.ok || !r.value) return
      const restored = restoredBatch(r.value)
      if (!restored) return
      set({ batchItems: restored.items, batchSettings: { ...DEFAULT_BATCH_SETTINGS, ...restored.settings }, batchRun: restored.running ? 'running' : 'idle' })
      // Saved engines may name a model removed since (or the models may have been listed before this).
      get().checkEngines()
      if (restored.running) await loop()
    },

    onBatchJobEvent(e) {
      if (e.type !== 'job.progress') return
      const item = get().batchItems.find((i) => i.jobId === e.job_id)
      if (item) patchItem(item.id, { progress: e.progress_percent })
    },
  }
}
