import type { ModelLicense } from '../../../shared/models-contract'
import { useT } from '../store-context'

/**
 * A model's licence wherever the model is offered: its name linking to the terms, and a badge that
 * cannot be missed when results may not be used commercially.
 */
export function LicenseLine({ license, testId = 'model-license' }: { license: ModelLicense | null; testId?: string }) {
  const t = useT()
  if (!license) return <div className="license-line muted small" data-testid={testId} data-commercial="unknown">{t('models.license.unknown')}</div>
  return (
    <div className="license-line small" data-testid={testId} data-commercial={String(license.commercial)}>
      <span className="muted">{t('models.license')}: </span>
      {/^https?:\/\//.test(license.url) ? (
        <a href={license.url} target="_blank" rel="noreferrer noopener">
          {license.name}
        </a>
      ) : (
        <span>{license.name}</span>
      )}
      {!license.commercial && <NonCommercialBadge />}
    </div>
  )
}

export function NonCommercialBadge() {
  const t = useT()
  return (
    <span className="badge badge-nc" title={t('models.nonCommercialHint')} data-testid="noncommercial-badge">
      {t('models.nonCommercial')}
    </span>
  )
}
