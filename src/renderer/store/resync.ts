import type { JobEvent } from '../../shared/job-events'
import { isFinished } from '../../shared/job-status'
import type { JobView } from './jobs-slice'

/**
 * The job events a client missed while its event stream was down, rebuilt from the job list before
 * and after reading it again: a job that ended meanwhile gets its `job.finished`, a job that is gone
 * its `job.deleted`, so every slice that follows jobs (list, editor, batch, waiters) settles through
 * the same path as a live event instead of showing a finished job as running.
 */
export function missedJobEvents(before: Record<string, JobView>, after: Record<string, JobView>, at: number): JobEvent[] {
  const events: JobEvent[] = []
  for (const [jobId, was] of Object.entries(before)) {
    const now = after[jobId]
    if (!now) events.push({ type: 'job.deleted', job_id: jobId, at })
    else if (!isFinished(was.summary.status) && isFinished(now.summary.status))
      events.push({ type: 'job.finished', job_id: jobId, at, status: now.summary.status, message: now.summary.message, error: null, job: now.summary })
  }
  return events
}
