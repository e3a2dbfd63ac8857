import { useState, type DragEvent } from 'react'
import { takeProductPhoto } from '../../lib/take-photo'
import type { CanvasTab } from '../../store/types'
import { JobImage } from '../common/JobImage'
import { useApi, useApp, useStoreApi, useT } from '../store-context'
import { EditCanvas } from './canvas/EditCanvas'
import { EditToolbar } from './canvas/EditToolbar'

const TABS: CanvasTab[] = ['step1', 'step2', 'final']

/** The result of each step in tabs, and a before/after slider over the finished ad. */
export function CanvasView() {
  const t = useT()
  const store = useStoreApi()
  const tab = useApp((s) => s.tab)
  const kept = useApp((s) => s.kept)
  const compare = useApp((s) => s.compare)
  const product = useApp((s) => s.product)
  const form = useApp((s) => s.form)
  const busy = useApp((s) => s.run !== null || s.submitting)
  const api = useApi()
  const [split, setSplit] = useState(50)
  const [over, setOver] = useState(false)
  const nothing = !kept.step1 && !kept.step2 && !kept.final
  // The canvas is the largest target on screen: a photo dropped anywhere on it becomes the product photo.
  // Only files count, so dragging the finished ad out of the window is not mistaken for a drop.
  const hasFiles = (e: DragEvent) => [...e.dataTransfer.types].includes('Files')

  return (
    <div
      className={`canvas ${over ? 'drop-over' : ''}`}
      data-testid="canvas"
      onDragOver={(e) => {
        if (!hasFiles(e)) return
        e.preventDefault()
        setOver(true)
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false)
      }}
      onDrop={(e) => {
        if (!hasFiles(e)) return
        e.preventDefault()
        setOver(false)
        void takeProductPhoto(api, store, [...e.dataTransfer.files][0])
      }}
    >
      {over && (
        <div className="canvas-drop-hint" data-testid="canvas-drop-hint">
          {t('canvas.dropPhoto')}
        </div>
      )}
      <div className="canvas-tabs">
        {/* The compare toggle is not a tab: it sits beside the tab list, not in it. */}
        <div className="tab-row" role="tablist" aria-label={t('canvas.tabs')}>
          {TABS.map((k) => (
            <button key={k} role="tab" aria-selected={tab === k && !compare} className={tab === k && !compare ? 'on' : ''} data-testid={`tab-${k}`} onClick={() => (store.getState().setTab(k), store.getState().setCompare(false))}>
              {t(`canvas.${k}`)}
              {kept[k] && <span className="dot" />}
            </button>
          ))}
        </div>
        <button className={`compare-toggle ${compare ? 'on' : ''}`} disabled={!kept.final} aria-pressed={compare} data-testid="compare" onClick={() => store.getState().setCompare(!compare)}>
          {t('canvas.compare')}
        </button>
      </div>
      <div className="stage" style={{ aspectRatio: `${form.width} / ${form.height}` }} data-testid="stage">
        {nothing ? (
          <div className="stage-empty">{busy ? t('canvas.working') : product ? t('canvas.pressGenerate') : t('canvas.empty')}</div>
        ) : compare && kept.final ? (
          <div className="compare">
            {product?.previewUrl ? <img src={product.previewUrl} className="compare-before" alt={t('canvas.before')} /> : <JobImage jobId={kept.step1} image="step1" className="compare-before" />}
            <div className="compare-after" style={{ clipPath: `inset(0 0 0 ${split}%)` }}>
              <JobImage jobId={kept.final} image="final" />
            </div>
            <input type="range" min={0} max={100} value={split} onChange={(e) => setSplit(Number(e.target.value))} className="compare-slider" aria-label={t('canvas.compare')} />
            <span className="compare-label left">{t('canvas.before')}</span>
            <span className="compare-label right">{t('canvas.after')}</span>
          </div>
        ) : tab === 'final' && kept.final && kept.step1 ? (
          // The finished ad is a canvas: select, move and resize the product and the copy (issue 11).
          <EditCanvas />
        ) : kept[tab] ? (
          <div className={tab === 'step2' ? 'checker' : ''}>
            <JobImage jobId={kept[tab]} image={tab} testId={`canvas-${tab}`} className="stage-img" draggableOut={tab === 'final'} />
          </div>
        ) : (
          <div className="stage-empty muted">{busy ? t('canvas.working') : t('canvas.noImage')}</div>
        )}
      </div>
      {kept.final && !compare && tab === 'final' && <EditToolbar />}
    </div>
  )
}
