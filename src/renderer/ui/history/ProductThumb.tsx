import { useEffect, useState } from 'react'
import { useApi, useT } from '../store-context'

/** The product photo a group was made from, small in the card's corner (none where the client cannot show it). */
export function ProductThumb({ jobId }: { jobId: string }) {
  const api = useApi()
  const t = useT()
  const [url, setUrl] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    setUrl(null)
    void api.productUrl(jobId).then((r) => live && r.ok && setUrl(r.value))
    return () => {
      live = false
    }
  }, [api, jobId])
  if (!url) return null
  return <img className="history-product" src={url} alt={t('history.product')} data-testid="history-product" onError={() => setUrl(null)} />
}
