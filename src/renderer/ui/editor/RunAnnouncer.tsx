import { useEffect, useRef, useState } from 'react'
import { editorRunView, isEditorBusy } from '../../store/selectors'
import { useApp, useT } from '../store-context'

/**
 * Tells a screen reader what the editor's run is doing: each step as it starts, then that the ad is
 * ready or why it stopped. Step names only, not every percent (a polite region that talked at every
 * progress event would drown everything else out). Errors announce themselves (ErrorNote is an alert).
 */
export function RunAnnouncer() {
  const t = useT()
  const busy = useApp(isEditorBusy)
  const queued = useApp((s) => (editorRunView(s)?.summary.status === 'queued' ? (editorRunView(s)?.summary.queue_position ?? 1) : null))
  const step = useApp((s) => editorRunView(s)?.progress?.step ?? null)
  const final = useApp((s) => s.kept.final)
  const error = useApp((s) => s.editorError)
  const notice = useApp((s) => s.editorNotice)
  const [message, setMessage] = useState('')
  const wasBusy = useRef(false)

  useEffect(() => {
    if (busy) {
      wasBusy.current = true
      if (queued !== null) setMessage(t('run.queued', { n: queued }))
      else setMessage(step ? `${t('announce.working')}: ${t.dyn(`step.${step}`, 'status.running')}` : t('announce.working'))
      return
    }
    if (!wasBusy.current) return
    wasBusy.current = false
    if (error) setMessage('')
    else if (notice) setMessage(t.dyn(`notice.${notice.code}`, 'status.completed'))
    else if (final) setMessage(t('announce.done'))
    // t changes identity each render; the message follows the run, not the language.
  }, [busy, queued, step, final, error, notice])

  return (
    <div className="sr-only" role="status" data-testid="run-announcer">
      {message}
    </div>
  )
}
