import { useState } from 'react'
import type { UiError } from '../../store/types'
import { useT } from '../store-context'

/** An error where it happened: one plain sentence, the technical detail one click away. */
export function ErrorNote({ error, onDismiss, testId }: { error: UiError | null; onDismiss?: () => void; testId?: string }) {
  const t = useT()
  const [open, setOpen] = useState(false)
  if (!error) return null
  return (
    <div className="error-note" role="alert" data-testid={testId ?? 'error'} data-code={error.code}>
      <span className="error-text">{t.dyn(`error.${error.code}`, 'error.generic', error.vars)}</span>
      <button type="button" className="link" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? t('error.hide') : t('error.details')}
      </button>
      {onDismiss && (
        <button type="button" className="link" onClick={onDismiss} aria-label={t('error.dismiss')}>
          ×
        </button>
      )}
      {open && <pre className="error-detail">{`${error.code}: ${error.detail}`}</pre>}
    </div>
  )
}
