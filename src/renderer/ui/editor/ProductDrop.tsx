import { useEffect, useRef, useState } from 'react'
import { looksLikeImage, refForFile } from '../../lib/file-input'
import { ErrorNote } from '../common/ErrorNote'
import { JobImage } from '../common/JobImage'
import { useApi, useApp, useStoreApi, useT } from '../store-context'

/** The product photo: drop it, pick it, or paste it. */
export function ProductDrop() {
  const t = useT()
  const api = useApi()
  const store = useStoreApi()
  const product = useApp((s) => s.product)
  const error = useApp((s) => s.productError)
  const screen = useApp((s) => s.screen)
  const [over, setOver] = useState(false)
  const input = useRef<HTMLInputElement>(null)

  const take = async (file: File | undefined) => {
    if (!file) return
    const s = store.getState()
    if (!looksLikeImage(file)) return s.setProductError({ code: 'not_an_image', detail: `${file.name} (${file.type || 'unknown type'})` })
    const ref = await refForFile(api, file)
    s.setProduct({ name: file.name || 'pasted.png', ref, previewUrl: URL.createObjectURL(file) })
  }

  useEffect(() => {
    if (screen !== 'editor') return
    const onPaste = (e: ClipboardEvent) => {
      const file = [...(e.clipboardData?.files ?? [])].find(looksLikeImage)
      if (file) {
        e.preventDefault()
        void take(file)
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
          setOver(false)
          void take([...e.dataTransfer.files][0])
        }}
      >
        {product ? (
          <div className="product-preview">
            {product.previewUrl ? (
              <img src={product.previewUrl} alt={product.name} data-testid="product-preview" />
            ) : product.ref.kind === 'job' ? (
              <JobImage jobId={product.ref.jobId} image="step1" className="product-thumb" />
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
            <div className="drop-icon">⬇</div>
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
            void take(e.target.files?.[0])
            e.target.value = ''
          }}
        />
      </div>
      <ErrorNote error={error} onDismiss={() => store.getState().setProductError(null)} testId="product-error" />
    </section>
  )
}
