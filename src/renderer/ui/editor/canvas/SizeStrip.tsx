import { ratioLabel } from '../../../store/sizes-slice'
import { ErrorNote } from '../../common/ErrorNote'
import { JobImage } from '../../common/JobImage'
import { useApp, useStoreApi, useT } from '../../store-context'

/**
 * All sizes at once, under the canvas: each ratio's ad as its own thumbnail (at its true shape),
 * made with one button, each opened in the editor to adjust on its own, exported together.
 */
export function SizeStrip() {
  const t = useT()
  const store = useStoreApi()
  const items = useApp((s) => s.sizeItems)
  const editing = useApp((s) => s.sizeEditing)
  const error = useApp((s) => s.sizesError)
  const hasFinal = useApp((s) => s.kept.final !== null)
  const busy = useApp((s) => s.run !== null || s.submitting)
  const making = items.some((i) => i.status === 'running')
  if (!hasFinal && !items.length) return null
  const s = store.getState()
  return (
    <section className="size-strip" data-testid="size-strip" aria-label={t('canvas.edit.sizes')}>
      <div className="size-strip-head">
        <strong>{t('canvas.edit.sizes')}</strong>
        <span className="muted small">{t('canvas.edit.sizesHint')}</span>
      </div>
      <div className="size-strip-actions">
        <button disabled={!hasFinal || making || busy} onClick={() => void s.makeAllSizes()} data-testid="make-sizes">
          {t('canvas.edit.makeSizes')}
        </button>
        <button disabled={making || !items.some((i) => i.status === 'done')} onClick={() => void s.exportAllSizes()} data-testid="export-sizes">
          {t('canvas.edit.exportSizes')}
        </button>
      </div>
      {items.length > 0 && (
        <ul className="size-strip-items">
          {items.map((i) => {
            const label = t('canvas.edit.sizeItem', { w: i.width, h: i.height, r: ratioLabel(i.width, i.height) })
            return (
              <li key={i.id} className={`size-item ${editing === i.id ? 'on' : ''}`} data-testid={`size-${i.id}`} data-status={i.status} data-job={i.jobId ?? ''}>
                <div className="size-thumb" style={{ aspectRatio: `${i.width} / ${i.height}` }}>
                  {i.status === 'done' ? <JobImage jobId={i.jobId} image="final" alt={label} /> : <div className="img-placeholder">{i.status === 'running' ? t('canvas.working') : i.status === 'failed' ? '!' : ''}</div>}
                </div>
                <span className="small">{label}</span>
                <button className="small" disabled={i.status !== 'done' || busy} aria-label={`${t('canvas.edit.openSize')}: ${label}`} onClick={() => void s.openSize(i.id)} data-testid={`open-size-${i.id}`}>
                  {t('canvas.edit.openSize')}
                </button>
                {i.error && <span className="small size-error">{i.error.detail}</span>}
              </li>
            )
          })}
        </ul>
      )}
      <ErrorNote error={error} onDismiss={() => store.setState({ sizesError: null })} testId="sizes-error" />
    </section>
  )
}
