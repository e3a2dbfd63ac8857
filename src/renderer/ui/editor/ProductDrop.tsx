import { useEffect, useRef, useState } from 'react'
import { takeProductPhoto } from '../../lib/take-photo'
import { ErrorNote } from '../common/ErrorNote'
import { JobImage } from '../common/JobImage'
import { useApi, useApp, useStoreApi, useT } from '../store-context'

/** The product photo: drop it, pick it, or paste it; checked the moment it arrives. */
export function ProductDrop() {
  const t = useT()
  const api = useApi()
  const store = useStoreApi()
  const product = useApp((s) => s.product)
  const error = useApp((s) => s.productError)
  const screen = useApp((s) => s.screen)
  const backgroundOnly = useApp((s) => s.backgroundOnly)
  const [over, setOver] = useState(false)
  const input = useRef<HTMLInputElement>(null)

  const take = (file: File | undefined) => void takeProductPhoto(api, store, file)

  useEffect(() => {
    if (screen !== 'editor') return
    const onPaste = (e: ClipboardEvent) => {
      // Any pasted file is checked (and refused in words if it is not a photo), never silently ignored.
      const file = [...(e.clipboardData?.files ?? [])][0]
      if (file) {
        e.preventDefault()
        take(file)
      }
    }
    window.addEventListener('paste', onPaste)
    return () => window.removeEventListener('paste', onPaste)
  })

  return (
    <section className="panel-section">
      <h2>{t('product.title')}</h2>
      <div
        className={`drop-zone ${over ? 'over' : ''} ${product ? 'has-product' : ''}`}
        data-testid="product-drop"
        onDragOver={(e) => {
          e.preventDefault()
          setOver(true)
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault()
          e.stopPropagation()
          setOver(false)
          take([...e.dataTransfer.files][0])
        }}
      >
        {product ? (
          <div className="product-preview">
            {product.previewUrl ? (
              <img src={product.previewUrl} alt={product.name} data-testid="product-preview" />
            ) : product.ref.kind === 'job' ? (
              <KeptProductThumb jobId={product.ref.jobId} />
            ) : null}
            <div className="product-meta">
              <span className="file-name">{product.ref.kind === 'job' ? t('product.kept') : product.name}</span>
              <button className="link" onClick={() => store.getState().setProduct(null)}>
                {t('product.remove')}
              </button>
            </div>
          </div>
        ) : (
          <div className="drop-hint">
            <div className="drop-icon" aria-hidden="true">
              ⬇
            </div>
            <div>{t('product.drop')}</div>
            <div className="muted">{t('product.or')}</div>
            <button onClick={() => input.current?.click()}>{t('product.choose')}</button>
            <div className="muted small">{t('product.paste')}</div>
          </div>
        )}
        <input
          ref={input}
          type="file"
          accept="image/*"
          hidden
          data-testid="product-input"
          onChange={(e) => {
            take(e.target.files?.[0])
            e.target.value = ''
          }}
        />
      </div>
      {!product && (
        <label className="check small" data-testid="background-only-label">
          <input type="checkbox" checked={backgroundOnly} onChange={(e) => store.getState().setBackgroundOnly(e.target.checked)} data-testid="background-only" />
          {t('product.bgOnly')}
        </label>
      )}
      <ErrorNote error={error} onDismiss={() => store.getState().setProductError(null)} testId="product-error" />
    </section>
  )
}

/** A reopened job's own product photo (the API serves it); where the client cannot, its step-1 image. */
function KeptProductThumb({ jobId }: { jobId: string }) {
  const api = useApi()
  const [url, setUrl] = useState<string | null | 'none'>(null)
  useEffect(() => {
    let live = true
    setUrl(null)
    void api.productUrl(jobId).then((r) => live && setUrl(r.ok ? r.value : 'none'))
    return () => {
      live = false
    }
  }, [api, jobId])
  if (url === 'none') return <JobImage jobId={jobId} image="step1" className="product-thumb" />
  if (!url) return <div className="img-placeholder product-thumb" />
  // A URL that does not load (a folder that lost the file) falls back to the step-1 image too.
  return <img src={url} alt="product" className="product-thumb" data-testid="product-kept-preview" data-job={jobId} onError={() => setUrl('none')} />
}
