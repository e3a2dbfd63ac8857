import type { KeptImage } from '../../shared/api-client'
import { jobImageUrl, jobProductUrl, jobSampleUrl, sampleIndexOf } from '../../shared/job-status'

/** A kept image's path; null for a `sample-<n>` outside 1..8, which no job can have. */
export function keptImagePath(jobId: string, image: KeptImage): string | null {
  if (image === 'product') return jobProductUrl(jobId)
  if (image === 'step1' || image === 'step2' || image === 'mask') return jobImageUrl(jobId, image)
  const index = sampleIndexOf(image)
  return index === null ? null : jobSampleUrl(jobId, index)
}
