import type { EditorForm, KeptResults } from './editor-slice'
import type { GetStore, SetStore } from './store-shape'

/**
 * Undo and redo for the editor session (tldraw's HistoryManager in small): the document is the
 * form and the kept results. Positions need no entry of their own: a manual position is the
 * product_box / text_box of the job that made the kept image, so restoring the kept job ids
 * restores the image AND its positions, without re-running (the jobs are still on disk).
 *
 * A step starts at a mark: an explicit one from a canvas edit, a form change (typing in one field
 * is one step until another field changes or a second passes), or the seed every run sets when it
 * starts. A run's results never start a step: they belong to the step of the edit that ran them,
 * so one drag = one step and undo brings back the image from before it.
 */

export interface HistoryDoc {
  form: EditorForm
  kept: KeptResults
}
export interface HistoryCounts {
  past: number
  future: number
}

/** Typing in one field within this long stays one undo step. */
export const TYPING_MERGE_MS = 1000
/** Sessions are long; the oldest steps go first beyond this. */
const MAX_STEPS = 200

export function createHistory(get: GetStore, set: SetStore, now: () => number) {
  const past: HistoryDoc[] = []
  let future: HistoryDoc[] = []
  let restoring = false
  /** Set by an explicit mark for the rest of the current synchronous action (its run's seed change joins it). */
  let justMarked = false
  let lastForm: { keys: string; at: number } | null = null

  const doc = (s: HistoryDoc): HistoryDoc => ({ form: s.form, kept: s.kept })
  const counts = () => set({ canvasHistory: { past: past.length, future: future.length } })
  const push = (d: HistoryDoc) => {
    past.push(d)
    if (past.length > MAX_STEPS) past.shift()
    future = []
    counts()
  }

  const restore = (d: HistoryDoc) => {
    restoring = true
    try {
      const tab = d.kept.final ? 'final' : d.kept.step2 ? 'step2' : d.kept.step1 ? 'step1' : get().tab
      set({ form: d.form, kept: d.kept, tab, canvasPending: null, canvasPreview: null, canvasGuides: [], canvasEditingText: false, editorError: null })
    } finally {
      restoring = false
    }
    void get().canvasMeasure()
  }

  return {
    /** A canvas edit is about to change the document. */
    mark() {
      push(doc(get()))
      justMarked = true
      lastForm = null
      queueMicrotask(() => (justMarked = false))
    },

    /** Called after every store change with the state before it. */
    observe(prev: HistoryDoc) {
      const s = get()
      if (restoring || s.form === prev.form) return
      const keys = (Object.keys(s.form) as (keyof EditorForm)[]).filter((k) => s.form[k] !== prev.form[k]).join(',')
      if (!keys) return
      if (justMarked) return
      const t = now()
      const typing = keys !== 'seed' && lastForm?.keys === keys && t - lastForm.at <= TYPING_MERGE_MS
      lastForm = keys === 'seed' ? null : { keys, at: t }
      if (!typing) push(doc(prev))
    },

    undo() {
      const s = get()
      if (s.run || s.submitting || !past.length) return
      future.push(doc(s))
      restore(past.pop()!)
      lastForm = null
      counts()
    },

    redo() {
      const s = get()
      if (s.run || s.submitting || !future.length) return
      past.push(doc(s))
      restore(future.pop()!)
      lastForm = null
      counts()
    },
  }
}
