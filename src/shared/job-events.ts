import { z } from 'zod'
import { JOB_IMAGES, JOB_STATES, STEP_NAMES, jobSummarySchema } from './job-status'
import { jobSampleSchema } from './models-contract'

/**
 * Job events, pushed as they happen: the SSE stream GET /events sends each as `event: <type>` with
 * the object as `data`, and the desktop app will forward the same objects over IPC. A client can
 * keep a live job list from these alone, without polling /status.
 */

const base = { job_id: z.string(), at: z.number() }

export const jobEventSchema = z.discriminatedUnion('type', [
  /** A job was accepted (or re-queued after a restart). */
  z.object({ type: z.literal('job.queued'), ...base, job: jobSummarySchema }),
  z.object({ type: z.literal('job.started'), ...base, job: jobSummarySchema }),
  /** A sub-step began; progress and estimates as /status would answer them now. */
  z.object({
    type: z.literal('job.progress'),
    ...base,
    progress_percent: z.number(),
    current_step: z.enum(STEP_NAMES),
    sub_step: z.string(),
    message: z.string(),
    elapsed_sec: z.number(),
    eta_seconds: z.number(),
    step_eta_seconds: z.number(),
  }),
  /** An image was written to the job folder and can be fetched. */
  z.object({ type: z.literal('job.image'), ...base, image: z.enum(JOB_IMAGES), url: z.string() }),
  /** A scene variation was written: every sample the job has so far, as /status lists them. */
  z.object({ type: z.literal('job.samples'), ...base, samples: z.array(jobSampleSchema) }),
  /** The job reached completed, failed or stopped. */
  z.object({
    type: z.literal('job.finished'),
    ...base,
    status: z.enum(JOB_STATES),
    message: z.string(),
    error: z.string().nullable(),
    job: jobSummarySchema,
  }),
  z.object({ type: z.literal('job.deleted'), ...base }),
])

export type JobEvent = z.infer<typeof jobEventSchema>
export type JobEventType = JobEvent['type']
