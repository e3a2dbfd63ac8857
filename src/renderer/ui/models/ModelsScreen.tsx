import { useEffect } from 'react'
import { MODEL_KIND_NAMES } from '../../../shared/models-contract'
import { ErrorNote } from '../common/ErrorNote'
import { useApp, useStoreApi, useT } from '../store-context'
import { ImportForm } from './ImportForm'
import { ModelCard } from './ModelCard'
import './models.css'

/** The model manager: what the GPU can do, where models live, every offered model by kind, and import. */
export function ModelsScreen() {
  const t = useT()
  const store = useStoreApi()
  const offers = useApp((s) => s.modelOffers)
  const loaded = useApp((s) => s.modelsLoaded)
  const loading = useApp((s) => s.modelsLoading)
  const error = useApp((s) => s.modelsError)
  const gpu = useApp((s) => s.modelsGpu)
  const dir = useApp((s) => s.modelsDir)
  const endpoint = useApp((s) => s.modelsEndpoint)
  const refresh = () => void store.getState().loadModels()

  // Read afresh on every visit: models may have been pulled with the CLI meanwhile.
  useEffect(() => {
    void store.getState().loadModels()
  }, [store])

  return (
    <div className="models" data-testid="models" data-loaded={String(loaded)}>
      <div className="screen-head">
        <h1>{t('models.title')}</h1>
        <button onClick={refresh} disabled={loading} data-testid="models-refresh">
          {t('models.refresh')}
        </button>
      </div>
      <p className="muted">{t('models.intro')}</p>
      {loaded && (
        <div className="kv models-info">
          <span>{t('models.gpu')}</span>
          <span data-testid="models-gpu" data-usable={gpu ? String(gpu.usable) : 'unknown'}>
            {/* The probe's own words (driver names, tools) under a plain sentence when no card can be used. */}
            {gpu ? (gpu.usable ? gpu.summary : t('models.gpu.notFound')) : t('models.gpu.unknown')}
            {gpu && !gpu.usable && (
              <span className="muted small block">
                {t('models.gpu.unusable')} ({gpu.summary})
              </span>
            )}
          </span>
          <span>{t('models.dir')}</span>
          <span className="path" data-testid="models-dir">{dir}</span>
          <span>{t('models.endpoint')}</span>
          <span className="path">{endpoint}</span>
        </div>
      )}
      {error && (
        <div className="row">
          <ErrorNote error={error} testId="models-error" />
          <button onClick={refresh} disabled={loading} data-testid="models-retry">
            {t('models.retry')}
          </button>
        </div>
      )}
      {!loaded && loading && <div className="muted empty">{t('models.loading')}</div>}
      {loaded && offers.length === 0 && <div className="muted empty" data-testid="models-none">{t('models.none')}</div>}
      {loaded &&
        offers.length > 0 &&
        MODEL_KIND_NAMES.map((kind) => {
          const list = offers.filter((m) => m.kind === kind)
          return (
            <section key={kind} className="models-group" data-testid={`models-group-${kind}`}>
              <h2>{t(`models.kind.${kind}`)}</h2>
              <div className="muted small">{t(`models.kindHint.${kind}`)}</div>
              {list.length ? (
                <div className="model-list">
                  {list.map((m) => (
                    <ModelCard key={m.id} offer={m} />
                  ))}
                </div>
              ) : (
                <div className="muted small">{t('models.empty')}</div>
              )}
            </section>
          )
        })}
      {loaded && <ImportForm />}
    </div>
  )
}
