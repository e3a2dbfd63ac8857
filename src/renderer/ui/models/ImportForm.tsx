import { useState, type FormEvent } from 'react'
import { modelIdSchema } from '../../../shared/models-contract'
import { ErrorNote } from '../common/ErrorNote'
import { useApi, useApp, useStoreApi, useT } from '../store-context'

/** Registers a model folder or .onnx file the user already has (checked by the engine, never copied). */
export function ImportForm() {
  const t = useT()
  const api = useApi()
  const store = useStoreApi()
  const importing = useApp((s) => s.modelImporting)
  const error = useApp((s) => s.modelImportError)
  const [path, setPath] = useState('')
  const [id, setId] = useState('')
  const [done, setDone] = useState<string | null>(null)
  const idOk = id === '' || modelIdSchema.safeParse(id).success

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!path.trim() || !idOk || importing) return
    setDone(null)
    const offer = await store.getState().importModel(path.trim(), id || undefined)
    if (!offer) return
    setDone(offer.id)
    setPath('')
    setId('')
  }

  return (
    <form className="models-group model-import" onSubmit={(e) => void submit(e)} data-testid="model-import-form">
      <h2>{t('models.import.title')}</h2>
      <div className="muted small">{t('models.import.hint')}</div>
      <label className="field-label">
        {t('models.import.path')}
        <span className="row">
          <input className="grow" value={path} onChange={(e) => setPath(e.target.value)} spellCheck={false} data-testid="model-import-path" />
          {api.kind === 'electron' && (
            <button type="button" onClick={() => void api.pickFolder().then((r) => r.ok && r.value && setPath(r.value))} data-testid="model-import-browse">
              {t('models.import.browse')}
            </button>
          )}
        </span>
      </label>
      <label className="field-label">
        {t('models.import.id')}
        <input value={id} onChange={(e) => setId(e.target.value)} spellCheck={false} aria-invalid={!idOk} placeholder="my-model" data-testid="model-import-id" />
      </label>
      {!idOk && <div className="model-problem small">{t('models.import.badId')}</div>}
      <div className="row">
        <button type="submit" className="primary" disabled={!path.trim() || !idOk || importing} data-testid="model-import">
          {importing ? t('models.import.working') : t('models.import.button')}
        </button>
        {done && (
          <span className="model-check-ok small" data-testid="model-import-done">
            {t('models.import.done')}: {done}
          </span>
        )}
      </div>
      <ErrorNote error={error} testId="model-import-error" />
    </form>
  )
}
