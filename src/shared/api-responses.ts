import { z } from 'zod'
import { JOB_STATES, jobSummarySchema, systemMetricsSchema } from './job-status'

/**
 * Response bodies of the local HTTP API (seed 002 shapes, kept field for field so nanoCocoa's
 * Python, JavaScript and cURL clients work unchanged), for the server, its tests and the renderer's
 * HTTP client. The job status itself is `jobStatusSchema` in job-status.ts.
 */

/** POST /generate → 200. `status` is "started" as in nanoCocoa even when the job waits its turn. */
export const generateResponseSchema = z.object({
  job_id: z.string(),
  status: z.literal('started'),
  /** The job's state right after acceptance: `queued` or `running`. */
  state: z.enum(JOB_STATES),
  queue_position: z.number().int().nullable(),
})

/** Every error: FastAPI's `detail` (what nanoCocoa answered) plus a code and the offending fields. */
export const errorResponseSchema = z.object({
  detail: z.string(),
  code: z.string(),
  issues: z.array(z.object({ field: z.string(), rule: z.string() })).optional(),
  /** 422 only: the request fields that are not part of the API. */
  unknown_fields: z.array(z.string()).optional(),
})

/** 503 (with a Retry-After header of the same number of seconds). */
export const busyResponseSchema = z.object({
  status: z.literal('busy'),
  message: z.string(),
  retry_after: z.number().int().min(1),
})

/** POST /stop/{id} → 200; `status` is the job's state afterwards (unchanged for a finished job). */
export const stopResponseSchema = z.object({ job_id: z.string(), status: z.enum(JOB_STATES) })

export const deleteResponseSchema = z.object({ job_id: z.string(), status: z.literal('deleted') })

export const jobsListResponseSchema = z.object({
  total_jobs: z.number().int(),
  active_jobs: z.number().int(),
  queued_jobs: z.number().int(),
  completed_jobs: z.number().int(),
  failed_jobs: z.number().int(),
  stopped_jobs: z.number().int(),
  jobs: z.array(jobSummarySchema),
})

export const healthResponseSchema = z.object({
  /** `healthy` when the engine worker is up; `degraded` while it restarts. */
  status: z.enum(['healthy', 'degraded']),
  server_time: z.number(),
  total_jobs: z.number().int(),
  active_jobs: z.number().int(),
  queued_jobs: z.number().int(),
  system_metrics: systemMetricsSchema,
  workers: z.array(z.object({ pid: z.number().int().nullable(), state: z.string(), restarts: z.number().int(), job_id: z.string().nullable() })),
  version: z.string(),
})

export const fontsResponseSchema = z.object({
  /** Values for `font_name`, as in nanoCocoa. */
  fonts: z.array(z.string()),
  /** Family, weight, Hangul coverage and licence of each. */
  details: z.array(z.record(z.string(), z.unknown())),
})

export type GenerateResponse = z.infer<typeof generateResponseSchema>
export type ErrorResponse = z.infer<typeof errorResponseSchema>
export type BusyResponse = z.infer<typeof busyResponseSchema>
export type StopResponse = z.infer<typeof stopResponseSchema>
export type DeleteResponse = z.infer<typeof deleteResponseSchema>
export type JobsListResponse = z.infer<typeof jobsListResponseSchema>
export type HealthResponse = z.infer<typeof healthResponseSchema>
export type FontsResponse = z.infer<typeof fontsResponseSchema>
