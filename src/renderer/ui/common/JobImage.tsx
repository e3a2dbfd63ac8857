import { useEffect, useState } from 'react'
import type { JobImageName } from '../../../shared/job-status'
import { useApi, useT } from '../store-context'

/** A job image through the client (app-media:// in Electron, an authorised object URL in a browser). */
export function JobImage({ jobId, image, className, alt, testId, draggableOut }: { jobId: string | null; image: JobImageName; className?: string; alt?: string; testId?: string; draggableOut?: boolean }) {
  const api = useApi()
  const t = useT()
  const [url, setUrl] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    setUrl(null)
    if (jobId) void api.imageUrl(jobId, image).then((r) => live && r.ok && setUrl(r.value))
    return () => {
      live = false
    }
  }, [api, jobId, image])
  if (!jobId || !url) return <div className={`img-placeholder ${className ?? ''}`} data-testid={testId ? `${testId}-empty` : undefined} />
  return (
    <img
      src={url}
      className={className}
      // Which step's picture it is, in the UI language (not the file name), unless the caller says more.
      alt={alt ?? t.dyn(`canvas.${image}`, 'canvas.final')}
      data-testid={testId}
      data-job={jobId}
      draggable
      onDragStart={(e) => {
        // Electron hands the drag to the OS with the file itself; a browser drags the image as usual.
        if (draggableOut && api.startDrag(jobId, image)) e.preventDefault()
      }}
    />
  )
}
