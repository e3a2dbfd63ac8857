import { refineText } from '../../../i18n/refine-strings'
import { ErrorNote } from '../../common/ErrorNote'
import { useApp, useStoreApi, useT } from '../../store-context'

/** The way into Refine cutout from the editor: under the product photo, once a cutout exists. */
export function RefineOpen() {
  const store = useStoreApi()
  const lang = useT().lang
  const product = useApp((s) => s.product)
  const hasCutout = useApp((s) => !!(s.kept.step1 && s.jobs[s.kept.step1]?.images?.product_mask))
  const busy = useApp((s) => s.run !== null || s.submitting)
  const error = useApp((s) => s.refineError)
  if (!product) return null
  const hint = !hasCutout ? refineText(lang, 'openHint') : !product.previewUrl ? refineText(lang, 'needPhoto') : null
  return (
    <div className="refine-open">
      <button onClick={() => store.getState().openRefine()} disabled={!!hint || busy} data-testid="refine-open" aria-describedby={hint ? 'refine-open-hint' : undefined}>
        ✎ {refineText(lang, 'open')}
      </button>
      {hint && (
        <span id="refine-open-hint" className="muted small">
          {hint}
        </span>
      )}
      <ErrorNote error={error} testId="refine-open-error" />
    </div>
  )
}
