import { useShallow } from 'zustand/react/shallow'
import { historyList } from '../../store/selectors'
import { ErrorNote } from '../common/ErrorNote'
import { JobImage } from '../common/JobImage'
import { ProgressBar } from '../common/ProgressBar'
import { useApp, useStoreApi, useT } from '../store-context'

/** Every job with a thumbnail; reopen one into the editor with its parameters. */
export function HistoryScreen() {
  const t = useT()
  const store = useStoreApi()
  // A new array each time: compared item by item, or every store change would re-render (and loop).
  const jobs = useApp(useShallow(historyList))
  const error = useApp((s) => s.jobsError)
  const s = store.getState()
  const fmt = new Intl.DateTimeFormat(t.lang === 'ko' ? 'ko-KR' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' })

  return (
    <div className="history" data-testid="history">
      <div className="screen-head">
        <h1>{t('history.title')}</h1>
        <button onClick={() => void s.refreshJobs()}>{t('history.refresh')}</button>
      </div>
      <ErrorNote error={error} />
      {jobs.length === 0 && <div className="muted empty">{t('history.empty')}</div>}
      <div className="history-grid">
        {jobs.map((j) => {
          const thumb = j.images.final ? 'final' : j.images.step2 ? 'step2' : 'step1'
          const text = typeof j.params?.text_content === 'string' ? j.params.text_content : ''
          return (
            <div className="history-card" key={j.summary.job_id} data-testid="history-card" data-status={j.summary.status}>
              <div className="thumb">{j.images[thumb] ? <JobImage jobId={j.summary.job_id} image={thumb} /> : <div className="img-placeholder" />}</div>
              <div className="card-body">
                <span className={`badge status-${j.summary.status}`}>{t(`status.${j.summary.status}`)}</span>
                <span className="muted small">{fmt.format(new Date(j.summary.created_at * 1000))}</span>
                {text && <div className="card-text">{text}</div>}
                {j.summary.status === 'running' && <ProgressBar percent={j.summary.progress_percent} />}
                {j.summary.status === 'failed' && <div className="muted small">{j.summary.message}</div>}
              </div>
              <div className="card-actions">
                <button onClick={() => void s.reopen(j.summary.job_id)} disabled={j.summary.status === 'running' || j.summary.status === 'queued'} data-testid="reopen">
                  {t('history.reopen')}
                </button>
                <button className="link danger" onClick={() => void s.deleteJob(j.summary.job_id)} disabled={j.summary.status === 'running'}>
                  {t('history.delete')}
                </button>
              </div>
            </div>
          )
        })}
      </div>
    </div>
  )
}
