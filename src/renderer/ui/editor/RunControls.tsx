import { canRecompose, canRegenerateText, editorRunView, etaLeft, formatSeconds, isEditorBusy } from '../../store/selectors'
import { ErrorNote } from '../common/ErrorNote'
import { ProgressBar } from '../common/ProgressBar'
import { useNow } from '../common/use-now'
import { useApp, useStoreApi, useT } from '../store-context'

/** The run buttons (each re-runs only what it names), the live progress with a counting-down ETA, Stop. */
export function RunControls() {
  const t = useT()
  const store = useStoreApi()
  const busy = useApp(isEditorBusy)
  const canText = useApp(canRegenerateText)
  const canCompose = useApp(canRecompose)
  const submitting = useApp((s) => s.submitting)
  const view = useApp(editorRunView)
  const error = useApp((s) => s.editorError)
  const notice = useApp((s) => s.editorNotice)
  const now = useNow(500, !!view?.progress)
  const s = store.getState()

  let label = ''
  let percent = 0
  if (submitting) label = t('run.submitting')
  else if (view?.summary.status === 'queued') label = t('run.queued', { n: view.summary.queue_position ?? 1 })
  else if (view?.progress) {
    const p = view.progress
    percent = p.percent
    const sub = t.dyn(`substep.${p.subStep}`, 'status.running')
    label = `${t.dyn(`step.${p.step}`, 'status.running')} · ${sub === t('status.running') ? p.subStep.replace(/_/g, ' ') : sub} · ${t('run.eta', { t: formatSeconds(etaLeft(p, now)) })}`
  } else if (view) label = t('status.running')

  return (
    <div className="run-controls">
      <div className="run-buttons">
        <button className="primary" disabled={busy} onClick={() => void s.generate()} data-testid="generate">
          {t('run.generate')}
        </button>
        <button disabled={busy} onClick={() => void s.newBackground()} data-testid="new-background">
          {t('run.newBackground')}
        </button>
        <button disabled={!canText} onClick={() => void s.regenerateText()} data-testid="regenerate-text">
          {t('run.regenerateText')}
        </button>
        <button disabled={!canCompose} onClick={() => void s.recompose()} data-testid="recompose">
          {t('run.recompose')}
        </button>
        {busy && (
          <button className="danger" disabled={!view} onClick={() => void s.stopRun()} data-testid="stop">
            {t('run.stop')}
          </button>
        )}
      </div>
      {busy && <ProgressBar percent={percent} label={label} testId="run-progress" />}
      <ErrorNote error={error} onDismiss={() => s.dismissEditorError()} testId="editor-error" />
      {notice && !error && (
        <div className="notice" data-testid="editor-notice" data-code={notice.code}>
          {t.dyn(`notice.${notice.code}`, 'status.completed')}
        </div>
      )}
    </div>
  )
}
