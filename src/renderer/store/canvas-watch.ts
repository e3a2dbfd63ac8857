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
  })
}
