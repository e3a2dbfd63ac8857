import { useId, useRef, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { EXPORT_FORMATS, type ExportFormat } from '../../lib/file-names'
import { filesFromDrop, looksLikeImage, refForFile } from '../../lib/file-input'
import { STYLE_PRESETS } from '../../lib/presets'
import { batchCounts } from '../../store/selectors'
import { SceneChips } from '../editor/EditorForm'
import { EngineFields } from '../editor/EngineFields'
import { SizeFields } from '../editor/SizeFields'
import { ErrorNote } from '../common/ErrorNote'
import { CheckCutoutBadge } from '../editor/refine/CheckCutoutBadge'
import { JobImage } from '../common/JobImage'
import { ProgressBar } from '../common/ProgressBar'
import { useApi, useApp, useStoreApi, useT } from '../store-context'

/** Many products with shared settings: one list, per-item status, start/pause/resume/cancel. */
export function BatchScreen() {
  const t = useT()
  const api = useApi()
  const store = useStoreApi()
  const items = useApp((s) => s.batchItems)
  const cfg = useApp((s) => s.batchSettings)
  const run = useApp((s) => s.batchRun)
  const error = useApp((s) => s.batchError)
  const counts = useApp(useShallow(batchCounts))
  const [over, setOver] = useState(false)
  const input = useRef<HTMLInputElement>(null)
  const s = store.getState()
  const set = s.setBatchSettings
  const id = useId()

  const add = async (files: File[]) => {
    // Everything dropped is listed; a file that is not a picture is reported on its own row when it runs.
    const list = await Promise.all(files.filter((f) => looksLikeImage(f) || f.type === '' || f.size > 0).map(async (f) => ({ name: f.name, ref: await refForFile(api, f), thumbUrl: looksLikeImage(f) ? URL.createObjectURL(f) : null })))
    s.addBatchFiles(list)
  }

  return (
    <div className="batch" data-testid="batch">
      <h1 className="sr-only">{t('batch.title')}</h1>
      <div className="form-panel">
        <h2>{t('batch.shared')}</h2>
        <section className="panel-section">
          <label className="field-label" htmlFor={`${id}-bg`}>
            {t('bg.title')}
          </label>
          <textarea id={`${id}-bg`} rows={2} value={cfg.bgPrompt} placeholder={t('bg.placeholder')} onChange={(e) => set({ bgPrompt: e.target.value })} data-testid="batch-bg" />
          <SceneChips prompt={cfg.bgPrompt} onChange={(bgPrompt) => set({ bgPrompt })} />
        </section>
        <section className="panel-section">
          <label className="field-label" htmlFor={`${id}-text`}>
            {t('text.title')}
          </label>
          <input id={`${id}-text`} value={cfg.text} onChange={(e) => set({ text: e.target.value })} aria-describedby={`${id}-text-hint`} data-testid="batch-text" />
          <div id={`${id}-text-hint`} className="muted small">
            {t('batch.textHint')}
          </div>
        </section>
        <section className="panel-section">
          <label className="field-label" htmlFor={`${id}-style`}>
            {t('style.title')}
          </label>
          <select id={`${id}-style`} value={cfg.textStyle} onChange={(e) => set({ textStyle: e.target.value })}>
            {STYLE_PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p[t.lang]}
              </option>
            ))}
          </select>
        </section>
        <section className="panel-section">
          <h2>{t('engines.title')}</h2>
          <EngineFields value={cfg} onChange={set} testId="batch-engine" />
        </section>
        <section className="panel-section">
          <label className="field-label" htmlFor={`${id}-size`}>
            {t('size.title')}
          </label>
          <SizeFields id={`${id}-size`} width={cfg.width} height={cfg.height} onChange={(width, height) => set({ width, height })} testId="batch-size" />
        </section>
        <section className="panel-section">
          <label className="field-label" htmlFor={`${id}-format`}>
            {t('batch.output')}
          </label>
          <div className="row">
            <select id={`${id}-format`} value={cfg.format} onChange={(e) => set({ format: e.target.value as ExportFormat })} data-testid="batch-format">
              {EXPORT_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {f.toUpperCase()}
                </option>
              ))}
            </select>
            {cfg.format !== 'png' && <input type="number" aria-label={t('export.quality')} min={40} max={100} value={cfg.quality} onChange={(e) => set({ quality: Number(e.target.value) })} />}
          </div>
          <div className="field-label">
            {t('batch.folder')}
          </div>
          <div className="row">
            <span className={cfg.folder ? 'path' : ''} data-testid="batch-folder">{cfg.folder ?? (api.kind === 'http' ? t('batch.downloads') : '—')}</span>
            {api.kind === 'electron' && (
              <button onClick={() => void api.pickFolder().then((r) => r.ok && r.value && set({ folder: r.value }))}>{t('batch.chooseFolder')}</button>
            )}
          </div>
          <label className="field-label" htmlFor={`${id}-pattern`}>
            {t('batch.pattern')}
          </label>
          <input id={`${id}-pattern`} value={cfg.pattern} onChange={(e) => set({ pattern: e.target.value })} aria-describedby={`${id}-pattern-hint`} data-testid="batch-pattern" />
          <div id={`${id}-pattern-hint`} className="muted small">
            {t('batch.patternHint')}
          </div>
        </section>
      </div>
      <div className="center-panel">
        <div
          className={`drop-zone batch-drop ${over ? 'over' : ''}`}
          data-testid="batch-drop"
          onDragOver={(e) => (e.preventDefault(), setOver(true))}
          onDragLeave={() => setOver(false)}
          onDrop={(e) => {
            e.preventDefault()
            setOver(false)
            void filesFromDrop(e.dataTransfer).then(add)
          }}
        >
          <span>{t('batch.drop')}</span>
          <button onClick={() => input.current?.click()}>{t('batch.choose')}</button>
          <input ref={input} type="file" multiple hidden data-testid="batch-input" onChange={(e) => (void add([...(e.target.files ?? [])]), (e.target.value = ''))} />
        </div>
        <div className="batch-controls">
          {run === 'idle' && (
            <button className="primary" disabled={counts.pending + counts.canceled === 0} onClick={() => void s.startBatch()} data-testid="batch-start">
              {t('batch.start')}
            </button>
          )}
          {run === 'running' && <button onClick={() => s.pauseBatch()} data-testid="batch-pause">{t('batch.pause')}</button>}
          {run === 'paused' && <button className="primary" onClick={() => void s.resumeBatch()} data-testid="batch-resume">{t('batch.resume')}</button>}
          {(run === 'running' || run === 'paused') && <button className="danger" onClick={() => void s.cancelBatch()} data-testid="batch-cancel">{t('batch.cancel')}</button>}
          {run === 'idle' && items.length > 0 && <button className="link" onClick={() => s.clearBatch()}>{t('batch.clear')}</button>}
          <span className="muted" role="status" data-testid="batch-counts">
            {t('batch.counts', counts)}
          </span>
        </div>
        <ErrorNote error={error} />
        {items.length === 0 && <div className="muted empty">{t('batch.empty')}</div>}
        <ul className="batch-list">
          {items.map((i) => (
            <li key={i.id} className={`batch-item status-${i.status}`} data-testid="batch-item" data-status={i.status} data-name={i.name}>
              <div className="thumb small">
                {i.status === 'done' && i.jobId ? <JobImage jobId={i.jobId} image="final" /> : i.thumbUrl ? <img src={i.thumbUrl} alt="" onError={(e) => (e.currentTarget.style.visibility = 'hidden')} /> : <div className="img-placeholder" />}
              </div>
              <div className="batch-body">
                <div className="row">
                  <span className="file-name">{i.name}</span>
                  <span className="badges">
                    <CheckCutoutBadge item={i} />
                    <span className={`badge status-${i.status}`}>{t(`batch.item.${i.status}`)}</span>
                  </span>
                </div>
                {i.status === 'running' && <ProgressBar percent={i.progress} name={i.name} />}
                {i.status === 'done' && <div className="muted small path">{i.outputs.join(', ')}</div>}
                <ErrorNote error={i.error} testId="batch-item-error" />
              </div>
              <div className="card-actions">
                {(i.status === 'failed' || i.status === 'canceled') && <button className="link" onClick={() => void s.retryBatchItem(i.id)} aria-label={`${t('batch.retry')}: ${i.name}`}>{t('batch.retry')}</button>}
                {i.status !== 'running' && <button className="link" onClick={() => s.removeBatchItem(i.id)} aria-label={`${t('batch.remove')}: ${i.name}`}>{t('batch.remove')}</button>}
              </div>
            </li>
          ))}
        </ul>
      </div>
    </div>
  )
}
