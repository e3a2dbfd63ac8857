import { fileNameFor } from '../lib/file-names'
import { SIZE_PRESETS } from '../lib/presets'
import { requestBoxes } from './canvas-slice'
import { carryBox, requestBox, type FracBox } from './canvas-geometry'
import { paramsFromForm } from './editor-slice'
import type { StoreSlice } from './store-shape'
import { newSeed, uiError, type UiError } from './types'

/**
 * All sizes at once (issue 11): the ad made again at 1:1, 4:5, 9:16 and 1.91:1 (and the ad's own
 * size when it is none of these), each a job of its own composed with the layout rules for its
 * ratio: same scene words, seed, photo and copy. A manual position carries over as intent
 * (carryBox); each size can then be opened in the editor and adjusted on its own, and the strip
 * follows the edits made to it. Export writes every size's final in one go.
 */

export interface SizeItem {
  id: string
  width: number
  height: number
  /** The job whose final stands for this size (null until made). */
  jobId: string | null
  status: 'idle' | 'running' | 'done' | 'failed'
  error: UiError | null
}

export interface SizesState {
  sizeItems: SizeItem[]
  /** The size being adjusted in the editor: its item follows the editor's new finals. */
  sizeEditing: string | null
  sizesError: UiError | null
}

export interface SizesActions {
  makeAllSizes(): Promise<void>
  openSize(id: string): Promise<void>
  exportAllSizes(): Promise<void>
  /** The editor made a new final (create-store follows kept.final): the size being adjusted takes it. */
  onSizeFinal(jobId: string, width: number, height: number): void
}

/** The ratio as people name it: 1:1, 4:5, 9:16, 1.91:1, else W:H reduced. */
export function ratioLabel(w: number, h: number): string {
  const named: [number, string][] = [[1, '1:1'], [4 / 5, '4:5'], [9 / 16, '9:16'], [1.91, '1.91:1'], [16 / 9, '16:9']]
  const hit = named.find(([r]) => Math.abs(w / h - r) < 0.01)
  if (hit) return hit[1]
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a)
  const g = gcd(w, h)
  return `${w / g}:${h / g}`
}

const item = (id: string, width: number, height: number, jobId: string | null = null): SizeItem => ({ id, width, height, jobId, status: jobId ? 'done' : 'idle', error: null })

export const createSizesSlice: StoreSlice<SizesState & SizesActions> = (set, get, deps) => {
  const patch = (id: string, p: Partial<SizeItem>) => set((s) => ({ sizeItems: s.sizeItems.map((i) => (i.id === id ? { ...i, ...p } : i)) }))

  return {
    sizeItems: [],
    sizeEditing: null,
    sizesError: null,

    async makeAllSizes() {
      const s = get()
      const base = s.kept.final
      if (!base || s.sizeItems.some((i) => i.status === 'running')) return
      const params = s.jobs[base]?.params ?? (await get().loadJob(base))?.parameters ?? {}
      const own = { width: Number(params.width ?? s.form.width), height: Number(params.height ?? s.form.height) }
      const presets = SIZE_PRESETS.map((p) => item(p.id, p.width, p.height, p.width === own.width && p.height === own.height ? base : null))
      const custom = presets.some((p) => p.jobId) ? [] : [item(`custom-${own.width}x${own.height}`, own.width, own.height, base)]
      set({ sizeItems: [...custom, ...presets], sizeEditing: null, sizesError: null })

      const seed = Number(params.seed ?? s.form.seed ?? newSeed(deps.random))
      const boxes = requestBoxes(get())
      const carry = (b: FracBox | null | undefined, to: { width: number; height: number }) => (b ? requestBox(carryBox(b, own, to)) : null)
      const product = get().product?.ref ?? (s.kept.step1 ? ({ kind: 'job', jobId: s.kept.step1, image: 'product' } as const) : null)
      // One after another: the engine runs one job at a time anyway, and the strip fills in order.
      for (const it of get().sizeItems.filter((i) => !i.jobId)) {
        patch(it.id, { status: 'running' })
        const size = { width: it.width, height: it.height }
        const r = await deps.api.generate({
          params: { ...paramsFromForm(get().form, seed), ...size, seed, product_box: carry(boxes.product_box, size), text_box: carry(boxes.text_box, size), start_step: 1, stop_step: 3 },
          product,
        })
        if (!r.ok) {
          patch(it.id, { status: 'failed', error: uiError(r) })
          continue
        }
        patch(it.id, { jobId: r.value.job_id })
        const st = await deps.waiter.wait(r.value.job_id)
        const ok = st?.status === 'completed' && !!st.images.final
        patch(it.id, ok ? { status: 'done' } : { status: 'failed', error: { code: st?.error_code ?? 'job_failed', detail: st?.error ?? st?.message ?? 'the job vanished' } })
        if (st) void get().loadJob(r.value.job_id)
      }
    },

    async openSize(id) {
      const it = get().sizeItems.find((i) => i.id === id)
      if (!it?.jobId || it.status !== 'done') return
      await get().reopen(it.jobId)
      set({ sizeEditing: id })
    },

    onSizeFinal(jobId, width, height) {
      const id = get().sizeEditing
      const it = get().sizeItems.find((i) => i.id === id)
      if (it && it.width === width && it.height === height && it.jobId !== jobId) patch(it.id, { jobId, status: 'done' })
    },

    async exportAllSizes() {
      const done = get().sizeItems.filter((i) => i.status === 'done' && i.jobId)
      if (!done.length) return set({ sizesError: { code: 'nothing_to_export', detail: 'no size is made yet' } })
      const files: { name: string; bytes: Uint8Array }[] = []
      const problems: string[] = []
      for (const it of done) {
        const png = await deps.api.imageBytes(it.jobId!, 'final')
        if (png.ok) files.push({ name: fileNameFor(`ad_${it.width}x${it.height}`, 'png'), bytes: png.value })
        else problems.push(`${it.width}x${it.height}: ${png.message}`)
      }
      const saved = files.length ? await deps.api.saveFiles({ files, folder: get().settings.exportFolder }) : null
      if (saved && !saved.ok) return set({ sizesError: uiError(saved) })
      set({ sizesError: problems.length ? { code: 'export_partial', detail: problems.join('; ') } : null, lastExport: saved?.value ?? get().lastExport })
    },
  }
}
