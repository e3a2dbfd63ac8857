import { checkReasons, refineText } from '../../../i18n/refine-strings'
import type { BatchItem } from '../../../store/batch-slice'
import { useStoreApi, useT } from '../../store-context'
import './refine.css'

/**
 * "Check cutout" on a batch row whose cutout the engine found doubtful (job status cutout_check):
 * it says why, and opens Refine cutout on that item; Apply re-runs the item with the fix.
 */
export function CheckCutoutBadge({ item }: { item: BatchItem }) {
  const store = useStoreApi()
  const lang = useT().lang
  if (!item.check?.doubtful || !item.jobId || item.status === 'running') return null
  const why = refineText(lang, 'checkWhy', { why: checkReasons(lang, item.check.reasons) })
  // After a restart the photo's page URL is gone: the flag stays, fixing it needs the photo again.
  const gone = !item.thumbUrl
  const title = gone ? `${why} ${refineText(lang, 'needPhoto')}` : why
  return (
    <button className="badge check-cutout" data-testid="check-cutout" data-reasons={item.check.reasons.join(' ')} title={title} aria-label={`${refineText(lang, 'checkCutout')}: ${item.name}. ${title}`} disabled={gone} onClick={() => store.getState().openBatchRefine(item.id)}>
      ⚠ {refineText(lang, 'checkCutout')}
    </button>
  )
}
