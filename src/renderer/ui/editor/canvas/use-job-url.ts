import { useEffect, useState } from 'react'
import type { JobImageName } from '../../../../shared/job-status'
import { useApi } from '../../store-context'

/**
 * A job image's URL that changes only once the new picture has loaded: the canvas keeps showing the
 * previous render (and the drag preview) until the real one can replace it, with no blank frame.
 */
export function useLoadedJobUrl(jobId: string | null, image: JobImageName): { url: string | null; jobId: string | null } {
  const api = useApi()
  const [shown, setShown] = useState<{ url: string | null; jobId: string | null }>({ url: null, jobId: null })
  useEffect(() => {
    let live = true
    if (!jobId) {
      setShown({ url: null, jobId: null })
      return
    }
    void api.imageUrl(jobId, image).then((r) => {
      if (!live || !r.ok) return
      const img = new Image()
      img.onload = img.onerror = () => live && setShown({ url: r.value, jobId })
      img.src = r.value
    })
    return () => {
      live = false
    }
  }, [api, jobId, image])
  return shown
}
