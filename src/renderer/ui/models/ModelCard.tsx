import { useEffect, useRef, useState } from 'react'
import type { ModelOffer } from '../../../shared/models-contract'
import { formatBytes } from '../../lib/format-bytes'
import type { UiError } from '../../store/types'
import { useApp, useStoreApi, useT } from '../store-context'
import { DownloadProgress } from './DownloadProgress'
import { LicenseLine } from './LicenseLine'
import { hardwareLine, PLAIN_MODELS } from './plain-words'

/** A refused action in plain words, with the engine's own reason beside it (it names the fix: a token, disk space). */
function ModelProblem({ error }: { error: UiError }) {
  const t = useT()
  return (
    <div className="model-problem" role="alert" data-testid="model-action-error" data-code={error.code}>
      {t.dyn(`error.${error.code}`, 'error.generic')} <span className="model-problem-detail">{error.detail}</span>
    </div>
  )
}

/** One model: what it is, what it needs, its licence, its state, and the buttons for that state. */
export function ModelCard({ offer }: { offer: ModelOffer }) {
  const t = useT()
  const store = useStoreApi()
  const busy = useApp((s) => s.modelBusy[offer.id] ?? null)
  const error = useApp((s) => s.modelErrors[offer.id] ?? null)
  const check = useApp((s) => s.modelChecks[offer.id] ?? null)
  const [confirming, setConfirming] = useState(false)
  const no = useRef<HTMLButtonElement>(null)
  // Focus lands on "No" when asked: Enter right after Remove must not delete gigabytes.
  useEffect(() => {
    if (confirming) no.current?.focus()
  }, [confirming])
  const plain = PLAIN_MODELS[offer.id]
  const needs = hardwareLine(offer)
  const technical = [plain ? offer.purpose : null, offer.notes].filter(Boolean)
  const s = store.getState()
  const { state } = offer
  const canDownload = state === 'available' || (state === 'missing' && offer.in_catalog)
  const canRemove = state === 'ready' || state === 'incomplete' || state === 'missing'
  const canVerify = state === 'ready' || state === 'missing'

  return (
    <article className={`model-card state-${state}`} data-testid="model-card" data-id={offer.id} data-state={state} aria-busy={busy !== null}>
      <div className="model-head">
        <h3 className="model-name">{offer.name}</h3>
        <code className="muted small">{offer.id}</code>
        <span className={`badge model-state state-${state}`} data-testid="model-state">
          {t(`models.state.${state}`)}
        </span>
        {offer.source === 'import' && <span className="badge">{t('models.imported')}</span>}
      </div>
      {(plain || offer.purpose) && <div className="model-purpose">{plain ? plain.purpose[t.lang] : offer.purpose}</div>}
      {needs && (
        <div className="model-needs small" data-testid="model-needs">
          {t(needs.key, { gb: needs.gb })}
        </div>
      )}
      {offer.size_bytes !== null && <div className="muted small">{t('models.size', { size: formatBytes(offer.size_bytes) })}</div>}
      <LicenseLine license={offer.license} />
      {offer.gated && (
        <div className="model-gated small" data-testid="model-gated">
          {t('models.gated')}
        </div>
      )}
      {technical.length > 0 && (
        <details className="model-technical small">
          <summary>{t('models.technical')}</summary>
          {technical.map((line) => (
            <p key={line}>{line}</p>
          ))}
          {offer.repo && <p className="path">{offer.repo}</p>}
        </details>
      )}

      {state === 'downloading' && <DownloadProgress download={offer.download} />}
      {state === 'incomplete' && offer.partial_bytes > 0 && <div className="muted small">{t('models.partial', { size: formatBytes(offer.partial_bytes) })}</div>}
      {offer.error && (
        <div className="model-problem" role="alert" data-testid="model-error">
          {(state === 'incomplete' || state === 'available') && <b>{t('models.failed')}: </b>}
          {offer.error}
        </div>
      )}
      {error && <ModelProblem error={error} />}
      {check && (
        <div className={check.ok ? 'model-check-ok small' : 'model-problem'} data-testid="model-check" data-ok={String(check.ok)}>
          {check.ok ? t('models.verify.ok', { n: check.checked_files }) : t('models.verify.bad')}
          {!check.ok && (
            <ul>
              {check.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
        </div>
      )}

      {confirming ? (
        <div className="model-confirm" role="group" data-testid="model-confirm">
          <span>{t(offer.source === 'import' ? 'models.confirmForget' : 'models.confirmRemove', { name: offer.name })}</span>
          <button
            className="danger"
            data-testid="model-remove-confirm"
            onClick={() => {
              setConfirming(false)
              void s.removeModel(offer.id)
            }}
          >
            {t('models.confirmYes')}
          </button>
          <button ref={no} onClick={() => setConfirming(false)} data-testid="model-remove-no">
            {t('models.confirmNo')}
          </button>
        </div>
      ) : (
        <div className="model-actions">
          {canDownload && (
            <button className="primary" disabled={busy !== null} onClick={() => void s.pullModel(offer.id)} data-testid="model-download">
              {t('models.download')}
            </button>
          )}
          {state === 'incomplete' && (
            <button className="primary" disabled={busy !== null} onClick={() => void s.pullModel(offer.id)} data-testid="model-resume">
              {t('models.resume')}
            </button>
          )}
          {state === 'downloading' && (
            <button disabled={busy === 'cancel'} onClick={() => void s.cancelModelPull(offer.id)} data-testid="model-cancel">
              {t('models.cancel')}
            </button>
          )}
          {canVerify && (
            <button disabled={busy !== null} onClick={() => void s.verifyModel(offer.id)} data-testid="model-verify">
              {busy === 'verify' ? '…' : t('models.verify')}
            </button>
          )}
          {canRemove && (
            <button className="link danger" disabled={busy !== null} onClick={() => setConfirming(true)} data-testid="model-remove">
              {t('models.remove')}
            </button>
          )}
        </div>
      )}
    </article>
  )
}
