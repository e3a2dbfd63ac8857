import { captionOf, otherKindOf } from '../../store/history-groups'
import type { JobView } from '../../store/jobs-slice'
import { JobImage } from '../common/JobImage'
import { ProgressBar } from '../common/ProgressBar'
import { useStoreApi, useT } from '../store-context'

/** One run inside a product's card: what it made (from the steps that ran), when, and its actions. */
export function HistoryVersion({ job: j }: { job: JobView }) {
  const t = useT()
  const s = useStoreApi().getState()
  const fmt = new Intl.DateTimeFormat(t.lang === 'ko' ? 'ko-KR' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' })
  const c = captionOf(j)
  const id = j.summary.job_id
  const status = j.summary.status
  const damaged = j.summary.damaged
  // Jobs of the other image APIs (GET /jobs says their kind and API) are listed as what they are.
  const other = otherKindOf(j.summary)
  const otherKind = other?.kind ?? null
  const caption =
    c.kind === 'scene'
      ? t('history.ran.scene', { w: c.width ?? '?', h: c.height ?? '?' })
      : c.kind === 'text'
        ? t('history.ran.text')
        : c.kind === 'compose'
          ? t('history.ran.compose', { mode: c.mode ? t.dyn(`compose.mode.${c.mode}`, 'history.ran.none') : '?', position: c.position ? t.dyn(`compose.pos.${c.position}`, 'history.ran.none') : '?' })
          : null
  const text = c.kind === 'scene' || c.kind === 'text' ? c.text : null
  const thumb = j.images.final ? 'final' : j.images.step2 ? 'step2' : j.images.step1 ? 'step1' : null
  return (
    <li className="history-version" data-testid="history-version" data-job={id} data-status={status} data-caption={c.kind} data-damaged={damaged ? 'true' : undefined}>
      <div className="thumb small version-thumb">{thumb ? <JobImage jobId={id} image={thumb} alt={caption ?? thumb} /> : <div className="img-placeholder" />}</div>
      <div className="version-line">
        <span className={`badge status-${status}`}>{damaged ? t('history.damaged') : t(`status.${status}`)}</span>
        <span className="muted small">{fmt.format(new Date(j.summary.created_at * 1000))}</span>
      </div>
      {otherKind && (
        <div className="small" data-testid="history-kind">
          {t.dyn(`history.kind.${otherKind}`, 'history.ran.none')}
          {other?.api ? ` · ${t.dyn(`history.api.${other.api}`, 'history.ran.none')}` : ''}
        </div>
      )}
      {!otherKind && caption && status !== 'running' && status !== 'queued' && <div className="small">{caption}</div>}
      {text && <div className="card-text">“{text}”</div>}
      {damaged && <div className="muted small">{t('history.damagedHint', { why: damaged })}</div>}
      {status === 'running' && <ProgressBar percent={j.summary.progress_percent} />}
      {status === 'failed' && !damaged && <div className="muted small">{j.summary.message}</div>}
      <div className="card-actions">
        <button onClick={() => void s.reopen(id)} disabled={status === 'running' || status === 'queued' || otherKind !== null} title={otherKind ? t('history.notAd') : undefined} data-testid="reopen">
          {t('history.reopen')}
        </button>
        <button className="link danger" onClick={() => void s.deleteJob(id)} disabled={status === 'running'}>
          {t('history.delete')}
        </button>
      </div>
    </li>
  )
}
