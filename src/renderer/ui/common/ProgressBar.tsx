import { useT } from '../store-context'

/** A labelled progress bar (0-100); `name` says what progresses when the visible label does not. */
export function ProgressBar({ percent, label, name, testId }: { percent: number; label?: string; name?: string; testId?: string }) {
  const t = useT()
  const p = Math.max(0, Math.min(100, percent))
  return (
    <div className="progress" role="progressbar" aria-label={name ?? label ?? t('progress.name')} aria-valuenow={Math.round(p)} aria-valuemin={0} aria-valuemax={100} data-testid={testId}>
      <div className="progress-fill" style={{ width: `${p}%` }} />
      {label && <span className="progress-label">{label}</span>}
    </div>
  )
}
