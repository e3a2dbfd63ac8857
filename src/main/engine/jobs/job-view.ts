import { JOB_IMAGES, jobImageUrl, jobProductUrl, jobSampleUrl, productIdOf, type JobImageName, type JobStatus, type JobSummary, type SystemMetrics } from '../../../shared/job-status'
import type { JobSample } from '../../../shared/models-contract'
import type { JobProgress } from './job-progress'
import type { StoredJob } from './stored-job'

/** A job as the service holds it: its persisted status plus what only exists while it runs. */
export interface LiveJob {
  stored: StoredJob
  params: Record<string, unknown>
  progress: JobProgress | null
  stopTimer: NodeJS.Timeout | null
}


/** A job's scene variations as /status and events list them (seed 003: id, seed, image URL). */
export function samplesOf(s: StoredJob): JobSample[] {
  return s.samples.map(({ index, seed }) => ({ id: `sample-${index}`, index, seed, image: jobSampleUrl(s.job_id, index) }))
}

const seconds = (ms: number | null) => (ms === null ? null : ms / 1000)

export function summaryOf(j: LiveJob, queuePosition: number | null): JobSummary {
  const s = j.stored
  return {
    job_id: s.job_id,
    status: s.status,
    progress_percent: s.progress_percent,
    current_step: s.current_step,
    sub_step: s.sub_step,
    message: s.message,
    start_time: seconds(s.started_at),
    created_at: s.created_at / 1000,
    end_time: seconds(s.ended_at),
    queue_position: queuePosition,
    product_id: productIdOf(s.product_sha256) ?? (s.inputs.product ? `job:${s.job_id}` : null),
    damaged: s.damaged,
  }
}

/**
 * GET /status without the base64 images (the API adds those): estimates are computed at the
 * moment of asking, so polling sees them count down between the engine's reports.
 */
export function statusOf(
  j: LiveJob,
  now: number,
  queuePosition: number | null,
  queuedEta: number | null,
  metrics: SystemMetrics,
): Omit<JobStatus, 'step1_result' | 'step2_result' | 'final_result'> {
  const s = j.stored
  const live = s.status === 'running' && j.progress ? j.progress.snapshot(now) : null
  const elapsedMs = s.started_at === null ? 0 : (s.ended_at ?? now) - s.started_at
  const images = Object.fromEntries(JOB_IMAGES.map((n) => [n, s.images.includes(n) ? jobImageUrl(s.job_id, n) : null])) as Record<JobImageName, string | null>
  return {
    ...summaryOf(j, queuePosition),
    progress_percent: live ? live.progress_percent : s.progress_percent,
    elapsed_sec: Math.round(Math.max(0, elapsedMs) / 100) / 10,
    eta_seconds: live ? live.eta_seconds : s.status === 'queued' ? (queuedEta ?? 0) : 0,
    step_eta_seconds: live ? live.step_eta_seconds : 0,
    system_metrics: metrics,
    parameters: j.params,
    error: s.error,
    error_code: s.error_code,
    images,
    samples: samplesOf(s),
    inputs: { product: s.inputs.product ? jobProductUrl(s.job_id) : null },
    ran_steps: s.ran_steps,
    ...(s.cutout_check ? { cutout_check: s.cutout_check } : {}),
  }
}
