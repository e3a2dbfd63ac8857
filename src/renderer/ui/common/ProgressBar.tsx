/** A labelled progress bar (0-100). */
export function ProgressBar({ percent, label, testId }: { percent: number; label?: string; testId?: string }) {
  const p = Math.max(0, Math.min(100, percent))
  return (
    <div className="progress" role="progressbar" aria-valuenow={Math.round(p)} aria-valuemin={0} aria-valuemax={100} data-testid={testId}>
      <div className="progress-fill" style={{ width: `${p}%` }} />
      {label && <span className="progress-label">{label}</span>}
    </div>
  )
}
