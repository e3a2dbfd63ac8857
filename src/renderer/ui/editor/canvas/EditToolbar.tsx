import { useEffect } from 'react'
import { canRedo, canUndo, requestBoxes } from '../../../store/canvas-slice'
import { JobImage } from '../../common/JobImage'
import { useApp, useStoreApi, useT } from '../../store-context'

const inTextField = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT' && !['checkbox', 'radio', 'range', 'button'].includes((el as HTMLInputElement).type)))

/**
 * Undo / Redo as buttons and as Ctrl+Z / Ctrl+Shift+Z (Cmd on a Mac, Ctrl+Y too) anywhere in the
 * editor, except inside a text field, where the field's own undo works on what is being typed.
 */
export function EditToolbar() {
  const t = useT()
  const store = useStoreApi()
  const undo = useApp(canUndo)
  const redo = useApp(canRedo)
  const selected = useApp((s) => s.canvasSelected)
  const hasText = useApp((s) => !!(s.canvasPending?.text ?? s.canvasMeasured?.text))
  const busy = useApp((s) => s.run !== null || s.submitting)
  const final = useApp((s) => s.kept.final)
  const manual = useApp((s) => {
    const b = requestBoxes(s)
    return !!(b.product_box || b.text_box)
  })

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || inTextField(e.target)) return
      // A modal (Refine cutout) has its own undo: the editor's must not run underneath it.
      if (e.defaultPrevented || store.getState().refine || (e.target instanceof Element && e.target.closest('[role="dialog"]'))) return
      const k = e.key.toLowerCase()
      const redo = (k === 'z' && e.shiftKey) || k === 'y'
      if (k !== 'z' && !redo) return
      e.preventDefault()
      if (redo) store.getState().redo()
      else store.getState().undo()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [store])

  const name = selected && t(selected === 'product' ? 'canvas.edit.product' : 'canvas.edit.text')
  return (
    <div className="edit-toolbar" role="toolbar" aria-label={t('canvas.edit.label')}>
      <button disabled={!undo} onClick={() => store.getState().undo()} data-testid="undo" aria-keyshortcuts="Control+Z">
        ↶ {t('canvas.edit.undo')}
      </button>
      <button disabled={!redo} onClick={() => store.getState().redo()} data-testid="redo" aria-keyshortcuts="Control+Shift+Z">
        ↷ {t('canvas.edit.redo')}
      </button>
      <button disabled={!hasText || busy} onClick={() => store.getState().canvasEditText(true)} data-testid="edit-copy">
        {t('canvas.edit.editCopy')}
      </button>
      <button disabled={!manual || busy} onClick={() => void store.getState().canvasResetPositions()} data-testid="reset-positions">
        {t('canvas.edit.reset')}
      </button>
      {/* Dragging on the canvas moves layers: the finished ad is dragged out to other apps from here. */}
      <span className="drag-out muted small">
        <JobImage jobId={final} image="final" className="drag-out-thumb" testId="drag-out" draggableOut />⇱ {t('canvas.dragOut')}
      </span>
      <span className="muted small" role="status" data-testid="canvas-selection">
        {name ? t('canvas.edit.selected', { name }) : ''}
      </span>
      <p id="edit-canvas-hint" className="muted small edit-hint">
        {t('canvas.edit.hint')}
      </p>
    </div>
  )
}
