import type { StoreApi } from 'zustand/vanilla'
import type { AppStore } from './store-shape'

/**
 * Follows the store for the canvas: every change goes to the undo history (which decides whether it
 * starts a step), an edit's pending box is dropped when its run ends (the new image is measured; a
 * failed run falls back to where things were), and the boxes are read again when the kept images change.
 */
export function watchCanvas(store: StoreApi<AppStore>): () => void {
  void store.getState().canvasMeasure()
  return store.subscribe((s, prev) => {
    s.historyObserve(prev)
    const ended = prev.run !== null && s.run === null
    // A run that made no new final (failed, stopped) leaves things where they were; a new final's boxes replace the pending ones once measured.
    if (ended && s.canvasPending && s.kept.final === prev.kept.final) store.setState({ canvasPending: null })
    if (s.kept.step1 !== prev.kept.step1 || s.kept.final !== prev.kept.final || ended) void store.getState().canvasMeasure()
    // A size opened from the strip follows the edits made to it.
    if (s.sizeEditing && s.kept.final && !s.run && (s.kept.final !== prev.kept.final || ended)) {
      const p = s.jobs[s.kept.final]?.params
      if (p) s.onSizeFinal(s.kept.final, Number(p.width), Number(p.height))
      else void s.loadJob(s.kept.final).then((st) => st && store.getState().onSizeFinal(st.job_id, Number(st.parameters.width), Number(st.parameters.height)))
    }
  })
}
