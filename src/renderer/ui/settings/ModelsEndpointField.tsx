import { useEffect, useId, useState, type FormEvent } from 'react'
import { hubEndpointProblem } from '../../../shared/hub-endpoint'
import { useApp, useStoreApi, useT } from '../store-context'

/**
 * Where models are downloaded from (a Hugging Face mirror for users who cannot reach huggingface.co).
 * Editable in the desktop app; a browser page shows the server's endpoint, which `adstudio serve
 * --hf-endpoint` sets. The field is checked with main's own rule as it is typed.
 */
export function ModelsEndpointField() {
  const t = useT()
  const store = useStoreApi()
  const saved = useApp((s) => s.settings.modelsEndpoint)
  const inUse = useApp((s) => s.modelsEndpoint)
  const editable = useApp((s) => s.info?.canConfigureEngine ?? false)
  const [text, setText] = useState(saved ?? '')
  const [saving, setSaving] = useState(false)
  const id = useId()

  // A saved or reset value replaces what was typed.
  useEffect(() => setText(saved ?? ''), [saved])
  // The endpoint in use comes with the model listing: read it if the Models screen has not yet.
  useEffect(() => {
    if (!store.getState().modelsLoaded) void store.getState().loadModels()
  }, [store])

  const typed = text.trim()
  const problem = typed ? hubEndpointProblem(typed) : null
  const changed = typed !== (saved ?? '')

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (problem || !changed || saving) return
    setSaving(true)
    await store.getState().saveModelsEndpoint(typed)
    setSaving(false)
  }
  const reset = async () => {
    setSaving(true)
    await store.getState().resetModelsEndpoint()
    setSaving(false)
  }

  if (!editable)
    return (
      <section className="settings-group" data-testid="models-endpoint-setting">
        <h2>{t('settings.modelsEndpoint')}</h2>
        <span className="path" data-testid="models-endpoint-server">{inUse ?? '—'}</span>
        <div className="muted small">{t('settings.modelsEndpoint.byServer')}</div>
      </section>
    )

  return (
    <form className="settings-group" onSubmit={(e) => void submit(e)} data-testid="models-endpoint-setting">
      <h2>
        <label htmlFor={`${id}-url`}>{t('settings.modelsEndpoint')}</label>
      </h2>
      <div className="row">
        <input
          id={`${id}-url`}
          aria-describedby={`${id}-hint`}
          type="url"
          className="endpoint-input"
          value={text}
          onChange={(e) => setText(e.target.value)}
          // Empty means the default: show what that is while no mirror is saved.
          placeholder={saved === null && inUse ? inUse : t('settings.modelsEndpoint.default')}
          spellCheck={false}
          aria-invalid={problem !== null}
          data-testid="models-endpoint"
        />
        <button type="submit" disabled={problem !== null || !changed || saving} data-testid="models-endpoint-save">
          {t('settings.save')}
        </button>
        {saved !== null && (
          <button type="button" className="link" disabled={saving} onClick={() => void reset()} data-testid="models-endpoint-reset">
            {t('settings.modelsEndpoint.reset')}
          </button>
        )}
      </div>
      {problem && <div className="field-problem small">{t('settings.modelsEndpoint.invalid')}</div>}
      <div id={`${id}-hint`} className="muted small">
        {t('settings.modelsEndpoint.hint')}
      </div>
      {inUse && <div className="muted small">{t('settings.modelsEndpoint.inUse', { url: inUse })}</div>}
    </form>
  )
}
