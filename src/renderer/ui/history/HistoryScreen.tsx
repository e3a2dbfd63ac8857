import { useShallow } from 'zustand/react/shallow'
import { groupHistory } from '../../store/history-groups'
import { historyList } from '../../store/selectors'
import { ErrorNote } from '../common/ErrorNote'
import { JobImage } from '../common/JobImage'
import { useApp, useT } from '../store-context'
import { HistoryVersion } from './HistoryVersion'
import { ProductThumb } from './ProductThumb'

/**
 * Your ads, one card per product photo: the newest finished ad on top, then every run made from
 * that photo (new scenes, text and composition re-runs, exports at other sizes), newest first, each
 * saying what it actually made and reopenable into the editor.
 */
export function HistoryScreen() {
  const t = useT()
  // A new array each time: compared item by item, or every store change would re-render (and loop).
  const jobs = useApp(useShallow(historyList))
  const error = useApp((s) => s.jobsError)
  const refreshJobs = useApp((s) => s.refreshJobs)
  const groups = groupHistory(jobs)

  return (
    <div className="history" data-testid="history">
      <div className="screen-head">
        <h1>{t('history.title')}</h1>
        <button onClick={() => void refreshJobs()}>{t('history.refresh')}</button>
      </div>
      <ErrorNote error={error} />
      {groups.length === 0 && <div className="muted empty">{t('history.empty')}</div>}
      <div className="history-grid">
        {groups.map((g) => (
          <section className="history-card history-group" key={g.key} data-testid="history-card" data-product={g.key} data-count={g.jobs.length}>
            <div className="thumb">
              {g.cover ? <JobImage jobId={g.cover.summary.job_id} image={g.cover.images.final ? 'final' : 'step1'} /> : <div className="img-placeholder" />}
              {g.productJob && <ProductThumb jobId={g.productJob} />}
            </div>
            <div className="card-body">
              <span className="muted small">
                {g.productJob ? t('history.product') : t('history.noProduct')} · {t('history.versions', { n: g.jobs.length })}
              </span>
              <ul className="history-versions">
                {g.jobs.map((j) => (
                  <HistoryVersion key={j.summary.job_id} job={j} />
                ))}
              </ul>
            </div>
          </section>
        ))}
      </div>
    </div>
  )
}
