import type { KeptImage } from '../../shared/api-client'
import { sampleIndexOf } from '../../shared/job-status'

/** Where the engine's HTTP API serves a job's images (routes.ts), for the browser client. */
export const jobImagePath = (jobId: string, image: string) => `/jobs/${jobId}/images/${image}.png`
export const samplePath = (jobId: string, index: number) => `/jobs/${jobId}/samples/${index}.png`

/** A kept image's path; null for a `sample-<n>` outside 1..8, which no job can have. */
export function keptImagePath(jobId: string, image: KeptImage): string | null {
  if (!image.startsWith('sample-')) return jobImagePath(jobId, image)
  const index = sampleIndexOf(image)
  return index === null ? null : samplePath(jobId, index)
}
