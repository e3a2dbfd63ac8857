import { useId } from 'react'
import { EXPORT_FORMATS } from '../../lib/file-names'
import { SIZE_PRESETS } from '../../lib/presets'
import { canExport } from '../../store/selectors'
import { ErrorNote } from '../common/ErrorNote'
import { ProgressBar } from '../common/ProgressBar'
import { useApi, useApp, useStoreApi, useT } from '../store-context'

/** Export: formats with quality, several sizes at once, copy to the clipboard. */
export function ExportPanel() {
  const t = useT()
  const store = useStoreApi()
  const api = useApi()
  const formats = useApp((s) => s.exportFormats)
  const quality = useApp((s) => s.exportQuality)
  const sizes = useApp((s) => s.exportSizes)
  const exporting = useApp((s) => s.exporting)
  const error = useApp((s) => s.exportError)
  const last = useApp((s) => s.lastExport)
  const copied = useApp((s) => s.copied)
  const ready = useApp(canExport)
  const form = useApp((s) => s.form)
  const s = store.getState()
  const lossy = formats.some((f) => f !== 'png')
  const id = useId()

  return (
    <aside className="export-panel" data-testid="export-panel">
      <h2>{t('export.title')}</h2>
      <div className="field-label" id={`${id}-format`}>
        {t('export.format')}
      </div>
      <div className="checks" role="group" aria-labelledby={`${id}-format`}>
        {EXPORT_FORMATS.map((f) => (
          <label key={f} className="check">
            <input type="checkbox" checked={formats.includes(f)} onChange={() => s.toggleExportFormat(f)} data-testid={`format-${f}`} />
            {f.toUpperCase()}
          </label>
        ))}
      </div>
      <label className={`field-label ${lossy ? '' : 'muted'}`}>
        {t('export.quality')} {quality}
        <input type="range" min={40} max={100} value={quality} disabled={!lossy} onChange={(e) => s.setExportQuality(Number(e.target.value))} data-testid="quality" />
      </label>
      <div className="field-label" id={`${id}-sizes`}>
        {t('export.sizes')}
      </div>
      <div className="checks column" role="group" aria-labelledby={`${id}-sizes`}>
        <label className="check">
          <input type="checkbox" checked={sizes.includes('current')} onChange={() => s.toggleExportSize('current')} data-testid="size-current" />
          {t('export.current')} ({form.width}×{form.height})
        </label>
        {SIZE_PRESETS.map((p) => (
          <label key={p.id} className="check">
            <input type="checkbox" checked={sizes.includes(p.id)} onChange={() => s.toggleExportSize(p.id)} data-testid={`size-${p.id}`} />
            {p[t.lang]}
          </label>
        ))}
      </div>
      <div className="muted small">{t('export.otherRatio')}</div>
      <button className="primary wide" disabled={!ready} onClick={() => void s.exportAd()} data-testid="export">
        {t('export.button')}
      </button>
      {exporting && <ProgressBar percent={(exporting.done / Math.max(1, exporting.total)) * 100} label={t('export.working', exporting)} />}
      <button className="wide" disabled={!ready} onClick={() => void s.copyFinal()} data-testid="copy">
        {copied ? `✓ ${t('export.copied')}` : t('export.copy')}
      </button>
      {/* Always there, so that what appears in it is announced. */}
      <div role="status">
        {last && (
          <div className="notice small" data-testid="export-saved">
            {t('export.saved', { folder: api.kind === 'http' ? t('batch.downloads') : last.folder })}
          </div>
        )}
      </div>
      <ErrorNote error={error} testId="export-error" />
    </aside>
  )
}
