import type { JobParams } from '../../shared/api-client'
import { diffBox, maskBox } from './box-measure'
import { contains, nudgeBox, requestBox, type FracBox, type FracPoint, type Guide, type Handle } from './canvas-geometry'
import { gestureEnd, gestureMove, type Gesture, type GestureView, type Layer } from './canvas-gesture'
import { createHistory, type HistoryCounts, type HistoryDoc } from './canvas-history'
import type { StoreSlice } from './store-shape'
import type { RunKind } from './types'

/**
 * Direct manipulation of the finished ad (issue 11). The boxes on show are measured from the kept
 * images (box-measure.ts), so they always match what the user sees; a manual position is the
 * `product_box` / `text_box` of the job that made the image, so undo, History and reload restore it
 * with the job. An edit's box is `pending` until its run ends (then the new image is measured).
 */

export type CanvasEdit = 'text-move' | 'text-resize' | 'product-move' | 'product-resize' | 'copy'

/** What each edit re-runs: the text's place = composition only; the product's = placement + composition over the same scene; the copy = text + composition. */
export const RUN_FOR_EDIT: Record<CanvasEdit, RunKind> = {
  'text-move': 'compose',
  'text-resize': 'compose',
  'product-move': 'place',
  'product-resize': 'place',
  copy: 'text',
}

export interface MeasuredBoxes {
  /** `${step1 job}/${final job}` the boxes were read from. */
  key: string
  product: FracBox | null
  text: FracBox | null
}

export interface CanvasState {
  canvasSelected: Layer | null
  canvasGesture: Gesture
  /** The moving box while a gesture or a nudge burst lasts (drawn at frame rate; no run yet). */
  canvasPreview: FracBox | null
  canvasGuides: Guide[]
  /** Boxes committed by an edit whose run has not finished yet (null for a layer: back to the layout). */
  canvasPending: Partial<Record<Layer, FracBox | null>> | null
  canvasMeasured: MeasuredBoxes | null
  canvasEditingText: boolean
  canvasView: GestureView
  canvasHistory: HistoryCounts
}

export interface CanvasActions {
  canvasSetView(v: GestureView): void
  canvasSelect(l: Layer | null): void
  canvasPointerDown(p: FracPoint, hit: { layer: Layer | null; handle?: Handle }): void
  canvasPointerMove(p: FracPoint, opts?: { noSnap?: boolean }): void
  canvasPointerUp(): Promise<void>
  /** Escape: ends a gesture without changing anything, else leaves text editing, else deselects. */
  canvasCancel(): void
  canvasNudge(key: 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown', shift: boolean): void
  /** Commits a box for a layer (a finished drag or nudge burst) and starts the run it calls for. */
  canvasCommit(layer: Layer, box: FracBox, edit: 'move' | 'resize'): Promise<void>
  canvasEditText(on: boolean): void
  /** The copy edited in place: text + composition. */
  canvasCommitCopy(text: string): Promise<void>
  /** Back to the layout's positions for the size: the manual boxes are dropped and the run they need starts. */
  canvasResetPositions(): Promise<void>
  /** Reads the boxes of the kept images (after a run, undo, reopen). */
  canvasMeasure(): Promise<void>
  undo(): void
  redo(): void
  /** The store's subscriber: records undo steps for form changes and runs (create-store.ts). */
  historyObserve(prev: HistoryDoc): void
}

/** The committed box of a layer as shown: pending edit, else measured from the images. */
export function shownBox(s: CanvasState, l: Layer): FracBox | null {
  const p = s.canvasPending?.[l]
  return p !== undefined && p !== null ? p : (s.canvasMeasured?.[l] ?? null)
}

export const canUndo = (s: CanvasState & { run: unknown; submitting: boolean }) => s.canvasHistory.past > 0 && !s.run && !s.submitting
export const canRedo = (s: CanvasState & { run: unknown; submitting: boolean }) => s.canvasHistory.future > 0 && !s.run && !s.submitting

/** How long a burst of arrow-key nudges waits for the next press before it re-runs (one undo step). */
export const NUDGE_SETTLE_MS = 400

export const createCanvasSlice: StoreSlice<CanvasState & CanvasActions> = (set, get, deps) => {
  const history = createHistory(get, set, deps.now)
  let nudgeTimer: ReturnType<typeof setTimeout> | null = null
  const measureCache = new Map<string, MeasuredBoxes>()

  const paramsOf = (jobId: string | null): Record<string, unknown> | null => (jobId ? (get().jobs[jobId]?.params ?? null) : null)
  const boxParam = (v: unknown): FracBox | null => (Array.isArray(v) && v.length === 4 && v.every((n) => typeof n === 'number') ? (v as FracBox) : null)

  const decodeImage = async (jobId: string, image: 'mask' | 'step1' | 'final') => {
    if (!deps.images.decode) return null
    const r = await deps.api.imageBytes(jobId, image)
    return r.ok ? deps.images.decode(r.value).catch(() => null) : null
  }

  const runFor = async (kind: RunKind) => {
    const s = get()
    if (kind === 'compose') await s.recompose()
    else if (kind === 'text') await s.regenerateText()
    else await s.placeProduct()
  }

  return {
    canvasSelected: null,
    canvasGesture: { kind: 'idle' },
    canvasPreview: null,
    canvasGuides: [],
    canvasPending: null,
    canvasMeasured: null,
    canvasEditingText: false,
    canvasView: { screenWidth: 540, screenHeight: 540 },
    canvasHistory: { past: 0, future: 0 },

    canvasSetView: (canvasView) => set({ canvasView }),
    canvasSelect: (l) => set({ canvasSelected: l, canvasEditingText: false }),

    canvasPointerDown(p, hit) {
      const s = get()
      if (s.canvasEditingText) return
      const layer = hit.layer
      const box = layer && shownBox(s, layer)
      if (!layer || !box) return set({ canvasSelected: null, canvasGesture: { kind: 'idle' } })
      const canEdit = !s.run && !s.submitting
      const gesture: Gesture = !canEdit
        ? { kind: 'idle' }
        : hit.handle
          ? { kind: 'resizing', layer, handle: hit.handle, start: p, startBox: box }
          : { kind: 'pointing', layer, start: p, startBox: box }
      set({ canvasSelected: layer, canvasGesture: gesture, canvasGuides: [] })
    },

    canvasPointerMove(p, opts) {
      const s = get()
      if (s.canvasGesture.kind === 'idle') return
      const f = gestureMove(s.canvasGesture, p, { width: s.form.width, height: s.form.height }, s.canvasView, !!opts?.noSnap)
      set({ canvasGesture: f.gesture, canvasPreview: f.preview, canvasGuides: f.guides })
    },

    async canvasPointerUp() {
      const s = get()
      const done = gestureEnd(s.canvasGesture, s.canvasPreview)
      set({ canvasGesture: { kind: 'idle' }, canvasGuides: [], canvasPreview: done ? s.canvasPreview : null })
      if (done) await get().canvasCommit(done.layer, done.box, done.edit)
    },

    canvasCancel() {
      const s = get()
      if (s.canvasGesture.kind !== 'idle') return set({ canvasGesture: { kind: 'idle' }, canvasPreview: null, canvasGuides: [] })
      if (s.canvasEditingText) return set({ canvasEditingText: false })
      set({ canvasSelected: null })
    },

    canvasNudge(key, shift) {
      const s = get()
      const l = s.canvasSelected
      if (!l || s.run || s.submitting || s.canvasEditingText) return
      const from = s.canvasPreview ?? shownBox(s, l)
      if (!from) return
      set({ canvasPreview: nudgeBox(from, key, shift, { width: s.form.width, height: s.form.height }) })
      if (nudgeTimer) clearTimeout(nudgeTimer)
      nudgeTimer = setTimeout(() => {
        nudgeTimer = null
        const box = get().canvasPreview
        if (box) void get().canvasCommit(l, box, 'move')
      }, NUDGE_SETTLE_MS)
    },

    async canvasCommit(layer, box, edit) {
      if (get().run || get().submitting) return set({ canvasPreview: null })
      history.mark()
      set((s) => ({ canvasPending: { ...s.canvasPending, [layer]: requestBox(box) }, canvasPreview: null, canvasSelected: layer }))
      await runFor(RUN_FOR_EDIT[`${layer}-${edit}`])
    },

    canvasEditText: (on) => set((s) => ({ canvasEditingText: on && !s.run && !s.submitting && !!shownBox(s, 'text'), canvasSelected: on ? 'text' : s.canvasSelected })),

    async canvasCommitCopy(text) {
      set({ canvasEditingText: false })
      if (text === get().form.text || !text.trim()) return
      history.mark()
      get().setForm({ text })
      await runFor(RUN_FOR_EDIT.copy)
    },

    async canvasResetPositions() {
      const s = get()
      if (s.run || s.submitting) return
      const manual = requestBoxes(s)
      if (!manual.product_box && !manual.text_box) return
      history.mark()
      set({ canvasPending: { product: null, text: null }, canvasPreview: null })
      // The product's place needs placement again; the copy's alone only the composition.
      await runFor(manual.product_box ? 'place' : 'compose')
    },

    async canvasMeasure() {
      // Mid-run the kept images are half old, half new: measure when the run has ended.
      if (get().run) return
      const { step1, final } = get().kept
      if (!step1 || !final) return set({ canvasMeasured: null, canvasPending: null })
      const key = `${step1}/${final}`
      const cached = measureCache.get(key)
      if (cached) return set((st) => ({ canvasMeasured: cached, canvasPending: st.run ? st.canvasPending : null }))
      const [mask, s1, fin] = await Promise.all([decodeImage(step1, 'mask'), decodeImage(step1, 'step1'), decodeImage(final, 'final')])
      // Without a decoder (or images), the requested boxes are the best knowledge there is.
      const product = mask ? maskBox(mask) : boxParam(paramsOf(step1)?.product_box)
      const text = s1 && fin ? diffBox(s1, fin) : boxParam(paramsOf(final)?.text_box)
      const m: MeasuredBoxes = { key, product, text }
      if (mask || (s1 && fin)) measureCache.set(key, m)
      const k = get().kept
      if (`${k.step1}/${k.final}` === key) set((st) => ({ canvasMeasured: m, canvasPending: st.run ? st.canvasPending : null }))
    },

    undo: () => history.undo(),
    redo: () => history.redo(),
    historyObserve: (prev) => history.observe(prev),
  }
}

/**
 * The boxes every run sends: a manual position is kept by sending it again (the kept jobs' own
 * product_box / text_box), and the edit in progress overrides its layer. Unset: the layout decides.
 */
export function requestBoxes(s: Pick<CanvasState, 'canvasPending'> & { kept: { step1: string | null; final: string | null }; jobs: Record<string, { params: Record<string, unknown> | null }> }): Pick<JobParams, 'product_box' | 'text_box'> {
  const param = (id: string | null, k: string): FracBox | null => {
    const v = id ? s.jobs[id]?.params?.[k] : null
    return Array.isArray(v) && v.length === 4 ? (v as FracBox) : null
  }
  return {
    product_box: s.canvasPending && 'product' in s.canvasPending ? (s.canvasPending.product ?? null) : param(s.kept.step1, 'product_box'),
    text_box: s.canvasPending && 'text' in s.canvasPending ? (s.canvasPending.text ?? null) : param(s.kept.final, 'text_box'),
  }
}

/** Whether a point on the canvas hits a shown layer (text above product, as drawn). */
export function hitLayer(s: CanvasState, p: FracPoint): Layer | null {
  for (const l of ['text', 'product'] as const) {
    const b = shownBox(s, l)
    if (b && contains(b, p)) return l
  }
  return null
}
