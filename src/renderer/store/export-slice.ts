import type { SavedFiles } from '../../shared/api-client'
import { baseName, fileNameFor, type ExportFormat } from '../lib/file-names'
import { SIZE_PRESETS } from '../lib/presets'
import { paramsFromForm } from './editor-slice'
import type { StoreSlice } from './store-shape'
import { newSeed, uiError, type UiError } from './types'

export interface ExportState {
  exportFormats: ExportFormat[]
  /** 1-100, for JPEG and WebP. */
  exportQuality: number
  /** 'current' (the ad's own size) and/or size preset ids. */
  exportSizes: string[]
  exporting: { done: number; total: number } | null
  exportError: UiError | null
  lastExport: SavedFiles | null
  copied: boolean
}

export interface ExportActions {
  toggleExportFormat(f: ExportFormat): void
  setExportQuality(q: number): void
  toggleExportSize(id: string): void
  exportAd(): Promise<void>
  copyFinal(): Promise<void>
}

export const exportInitialState: ExportState = {
  exportFormats: ['png'],
  exportQuality: 90,
  exportSizes: ['current'],
  exporting: null,
  exportError: null,
  lastExport: null,
  copied: false,
}

const toggle = <T>(list: T[], v: T): T[] => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v])
const sameAspect = (a: { w: number; h: number }, b: { w: number; h: number }) => Math.abs(a.w / a.h - b.w / b.h) < 0.01

export const createExportSlice: StoreSlice<ExportState & ExportActions> = (set, get, deps) => ({
  ...exportInitialState,
  toggleExportFormat: (f) => set((s) => ({ exportFormats: toggle(s.exportFormats, f) })),
  setExportQuality: (q) => set({ exportQuality: Math.min(100, Math.max(1, Math.round(q))) }),
  toggleExportSize: (id) => set((s) => ({ exportSizes: toggle(s.exportSizes, id) })),

  async exportAd() {
    const s = get()
    const finalJob = s.kept.final
    if (!finalJob) return set({ exportError: { code: 'nothing_to_export', detail: 'no finished ad to export yet' } })
    if (s.exportFormats.length === 0 || s.exportSizes.length === 0) return set({ exportError: { code: 'export_nothing_chosen', detail: 'choose at least one format and one size' } })
    const params = get().jobs[finalJob]?.params ?? (await get().loadJob(finalJob))?.parameters ?? {}
    const own = { w: Number(params.width ?? s.form.width), h: Number(params.height ?? s.form.height) }
    const sizes = dedupe(s.exportSizes.map((id) => (id === 'current' ? own : sizeOf(id))).filter((x): x is { w: number; h: number } => x !== null))
    const stem = s.product && s.product.ref.kind !== 'job' ? baseName(s.product.name) : 'ad'
    set({ exporting: { done: 0, total: sizes.length }, exportError: null, lastExport: null })

    const files: { name: string; bytes: Uint8Array }[] = []
    const problems: string[] = []
    for (const size of sizes) {
      // Another aspect ratio is composed again for that canvas (same scene, seed and text), never cropped.
      const source = sameAspect(size, own) ? finalJob : await composeAt(size)
      if (typeof source !== 'string') {
        problems.push(`${size.w}x${size.h}: ${source.detail}`)
      } else {
        const png = await deps.api.imageBytes(source, 'final')
        if (!png.ok) problems.push(`${size.w}x${size.h}: ${png.message}`)
        else
          for (const format of s.exportFormats) {
            const untouched = format === 'png' && size.w === own.w && size.h === own.h && source === finalJob
            const bytes = untouched ? png.value : await deps.images.convert(png.value, { format, quality: s.exportQuality, width: size.w, height: size.h })
            files.push({ name: fileNameFor(`${stem}_${size.w}x${size.h}`, format), bytes })
          }
      }
      set((st) => ({ exporting: st.exporting && { ...st.exporting, done: st.exporting.done + 1 } }))
    }
    if (files.length === 0) return set({ exporting: null, exportError: { code: 'export_failed', detail: problems.join('; ') } })
    const saved = await deps.api.saveFiles({ files, folder: get().settings.exportFolder })
    if (!saved.ok) return set({ exporting: null, exportError: uiError(saved) })
    if (!saved.value) return set({ exporting: null }) // the Save dialog was canceled
    set({ exporting: null, lastExport: saved.value, exportError: problems.length ? { code: 'export_partial', detail: problems.join('; ') } : null })

    async function composeAt(size: { w: number; h: number }): Promise<string | UiError> {
      const st = get()
      const seed = st.form.seed ?? newSeed(deps.random)
      // The photo the ad was made from (kept with its job, named not re-sent), not whatever the form holds now;
      // an ad made without one is exported without one.
      const scene = st.kept.step1 ? st.jobs[st.kept.step1] : undefined
      const product = scene?.hasProduct
        ? { kind: 'job' as const, jobId: st.kept.step1!, image: 'product' as const }
        : scene?.params
          ? null
          : (st.product?.ref ?? null)
      const r = await deps.api.generate({ params: { ...paramsFromForm(st.form, seed), width: size.w, height: size.h, start_step: 1, stop_step: 3 }, product })
      if (!r.ok) return uiError(r)
      const done = await deps.waiter.wait(r.value.job_id)
      if (!done || done.status !== 'completed' || !done.images.final) return { code: 'job_failed', detail: done?.error ?? done?.message ?? 'the job vanished' }
      return r.value.job_id
    }
  },

  async copyFinal() {
    const jobId = get().kept.final
    if (!jobId) return set({ exportError: { code: 'nothing_to_export', detail: 'no finished ad yet' } })
    const png = await deps.api.imageBytes(jobId, 'final')
    const r = png.ok ? await deps.api.copyImage(png.value) : png
    set(r.ok ? { copied: true, exportError: null } : { copied: false, exportError: uiError(r) })
  },
})

function sizeOf(id: string): { w: number; h: number } | null {
  const p = SIZE_PRESETS.find((x) => x.id === id)
  return p ? { w: p.width, h: p.height } : null
}

function dedupe(list: { w: number; h: number }[]): { w: number; h: number }[] {
  return list.filter((s, i) => list.findIndex((t) => t.w === s.w && t.h === s.h) === i)
}
