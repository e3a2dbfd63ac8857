import { composePlan, textPlan } from '../../store/rerun-plan'
import { canRecompose, canRegenerateText, editorRunView, etaLeft, formatSeconds, isEditorBusy, needsPhoto } from '../../store/selectors'
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
  const noPhoto = useApp(needsPhoto)
  // Primitives only: a selector answering a new object each time would re-render forever.
  const textReason = useApp((st) => (st.kept.step1 ? textPlan(st).reason : null))
  const composeReason = useApp((st) => (st.kept.step1 && st.kept.step2 ? composePlan(st).reason : null))
  const size = useApp((st) => `${st.form.width}×${st.form.height}`)
  const [w, h] = size.split('×')
  const why = composeReason ?? textReason
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
        <button className="primary" disabled={busy || noPhoto} aria-describedby={noPhoto ? 'run-needs-photo' : undefined} onClick={() => void s.generate()} data-testid="generate">
          {t('run.generate')}
        </button>
        <button disabled={busy || noPhoto} aria-describedby={noPhoto ? 'run-needs-photo' : undefined} onClick={() => void s.newBackground()} data-testid="new-background">
          {t('run.newBackground')}
        </button>
        <button disabled={!canText || (textReason === 'size' && noPhoto)} onClick={() => void s.regenerateText()} data-testid="regenerate-text" data-plan={textReason ?? 'text'}>
          {textReason === 'size' ? t('run.textNewSize', { w, h }) : t('run.regenerateText')}
        </button>
        <button disabled={!canCompose || (composeReason === 'size' && noPhoto)} onClick={() => void s.recompose()} data-testid="recompose" data-plan={composeReason ?? 'compose'}>
          {composeReason === 'size' ? t('run.composeNewSize', { w, h }) : composeReason === 'text' ? t('run.composeNewText') : t('run.recompose')}
        </button>
        {busy && (
          <button className="danger" disabled={!view} onClick={() => void s.stopRun()} data-testid="stop">
            {t('run.stop')}
          </button>
        )}
      </div>
      {noPhoto && !busy && (
        <div className="muted small run-hint" id="run-needs-photo" data-testid="needs-photo">
          {t('run.needsPhoto')}
        </div>
      )}
      {why && !busy && (
        <div className="muted small run-hint" data-testid="rerun-why" data-reason={why}>
          {t(why === 'size' ? 'run.why.size' : 'run.why.text')}
        </div>
      )}
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
