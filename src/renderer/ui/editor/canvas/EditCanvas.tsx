import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react'
import { shownBox } from '../../../store/canvas-slice'
import type { FracBox, Handle } from '../../../store/canvas-geometry'
import type { Layer } from '../../../store/canvas-gesture'
import { useApp, useStoreApi, useT } from '../../store-context'
import { CopyEditor } from './CopyEditor'
import { DragPreview } from './DragPreview'
import { Guides } from './Guides'
import { LayerBox } from './LayerBox'
import { useLoadedJobUrl } from './use-job-url'
import './edit-canvas.css'

const ARROWS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'])

/**
 * The final tab as a canvas (issue 11): the ad, its two layers as boxes to select, move and resize,
 * snap guides, the local preview while dragging, and the copy edited in place. Pointer and keyboard
 * events become plain calls on the store (canvas-slice.ts), where the gesture states live.
 */
export function EditCanvas() {
  const t = useT()
  const store = useStoreApi()
  const root = useRef<HTMLDivElement>(null)
  const kept = useApp((s) => s.kept)
  const busy = useApp((s) => s.run !== null || s.submitting)
  const selected = useApp((s) => s.canvasSelected)
  const preview = useApp((s) => s.canvasPreview)
  const pending = useApp((s) => s.canvasPending)
  const guides = useApp((s) => s.canvasGuides)
  const editing = useApp((s) => s.canvasEditingText)
  const gesture = useApp((s) => s.canvasGesture)
  const productBox = useApp((s) => shownBox(s, 'product'))
  const textBox = useApp((s) => shownBox(s, 'text'))
  const measured = useApp((s) => s.canvasMeasured)
  const copy = useApp((s) => s.form.text)
  const final = useLoadedJobUrl(kept.final, 'final')
  const step1 = useLoadedJobUrl(kept.step1, 'step1')
  // The preview stays up after release until the real render is on screen.
  const [ghost, setGhost] = useState<{ layer: Layer; from: FracBox; to: FracBox; url: string; step1Url: string | null } | null>(null)

  useEffect(() => {
    const el = root.current
    if (!el) return
    const ro = new ResizeObserver(() => store.getState().canvasSetView({ screenWidth: el.clientWidth, screenHeight: el.clientHeight }))
    ro.observe(el)
    return () => ro.disconnect()
  }, [store])

  const movingLayer: Layer | null = gesture.kind !== 'idle' ? gesture.layer : selected
  useEffect(() => {
    const to = preview ?? (movingLayer ? pending?.[movingLayer] : null)
    const from = movingLayer ? measured?.[movingLayer] : null
    if (to && from && final.url) setGhost({ layer: movingLayer!, from, to, url: final.url, step1Url: step1.url })
    else if (!busy && final.jobId === kept.final) setGhost(null)
  }, [preview, pending, movingLayer, measured, final.url, final.jobId, step1.url, busy, kept.final])

  const point = (e: { clientX: number; clientY: number }) => {
    const r = root.current!.getBoundingClientRect()
    return { x: (e.clientX - r.left) / r.width, y: (e.clientY - r.top) / r.height }
  }
  const press = (e: ReactPointerEvent, layer: Layer | null, handle?: Handle) => {
    if (e.button !== 0) return
    e.stopPropagation()
    // Keys act on the layer that was pressed: it takes the focus (the surface itself is not focusable).
    if (layer) (e.currentTarget as HTMLElement).closest<HTMLElement>('.layer-box')?.focus({ preventScroll: true })
    store.getState().canvasPointerDown(point(e), { layer, handle })
  }
  const onKey = (e: KeyboardEvent<HTMLElement>) => {
    const s = store.getState()
    if (ARROWS.has(e.key)) {
      e.preventDefault()
      s.canvasNudge(e.key as 'ArrowLeft', e.shiftKey)
    } else if (e.key === 'Escape') s.canvasCancel()
    else if (e.key === 'Enter' && s.canvasSelected === 'text') s.canvasEditText(true)
    // Delete and Backspace remove nothing here: a layer of the ad is not an object that can be deleted.
    else if (e.key === 'Delete' || e.key === 'Backspace') e.preventDefault()
  }

  return (
    <div
      ref={root}
      className={`edit-canvas ${busy ? 'busy' : ''}`}
      data-testid="edit-canvas"
      data-final={final.jobId ?? ''}
      // The layers are the focusable controls (LayerBox); the surface only takes the pointer.
      role="group"
      aria-label={t('canvas.edit.label')}
      aria-describedby="edit-canvas-hint"
      onPointerDown={(e) => press(e, null)}
      onPointerMove={(e) => {
        const s = store.getState()
        // Captured only once a gesture is under way: a plain click or double-click stays on the layer it hit.
        if (s.canvasGesture.kind !== 'idle' && !root.current!.hasPointerCapture(e.pointerId)) root.current!.setPointerCapture(e.pointerId)
        s.canvasPointerMove(point(e), { noSnap: e.altKey })
      }}
      onPointerUp={() => void store.getState().canvasPointerUp()}
      onPointerCancel={() => store.getState().canvasCancel()}
    >
      {final.url ? <img src={final.url} className="stage-img" alt={t('canvas.final')} data-testid="canvas-final" data-job={final.jobId ?? ''} draggable={false} /> : <div className="img-placeholder stage-img" />}
      {ghost && <DragPreview layer={ghost.layer} from={ghost.from} to={ghost.to} finalUrl={ghost.url} step1Url={ghost.step1Url} />}
      {productBox && <LayerBox layer="product" box={preview && movingLayer === 'product' ? preview : productBox} selected={selected === 'product'} disabled={busy} onPress={press} onKey={onKey} onFocus={() => store.getState().canvasSelect('product')} onEditCopy={() => undefined} />}
      {textBox && !editing && <LayerBox layer="text" box={preview && movingLayer === 'text' ? preview : textBox} selected={selected === 'text'} disabled={busy} onPress={press} onKey={onKey} onFocus={() => store.getState().canvasSelect('text')} onEditCopy={() => store.getState().canvasEditText(true)} />}
      <Guides guides={guides} />
      {editing && textBox && (
        <CopyEditor
          box={textBox}
          initial={copy}
          onDone={(v) => {
            const s = store.getState()
            if (v === null) s.canvasEditText(false)
            else void s.canvasCommitCopy(v)
            root.current?.querySelector<HTMLElement>('.layer-box.text')?.focus({ preventScroll: true })
          }}
        />
      )}
      {busy && <div className="edit-busy" aria-hidden>{t('canvas.edit.working')}</div>}
    </div>
  )
}
