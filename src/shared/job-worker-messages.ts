import { z } from 'zod'
import { ERROR_CODES, type ErrorCode } from './error-codes'
import { cutoutCheckSchema, JOB_IMAGES, STEP_NAMES } from './job-status'
import { LIMITS } from './limits'

/**
 * The protocol between the job host (the server) and the engine worker process. Both sides check
 * every message they receive with these schemas: the other side may be a different build, may be
 * dying, or (for the worker) may be a process that something else started. Images never travel
 * here, only file paths: Electron's utilityProcess copies everything, and a 4 MP RGBA is 16 MB.
 */

const jobId = z.string().min(1).max(100)
const path = z.string().min(1).max(4096)
const errorCode = z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]])

export const hostToWorkerSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('run'),
    job_id: jobId,
    /** The job folder: the worker writes step1.png, mask.png, step2.png, final.png, step1_sample_<n>.png, job.json here. */
    job_dir: path,
    /** The accepted request without its base64 fields (defaults filled in). */
    params: z.record(z.string(), z.unknown()),
    /** Input images as files, already written by the host. */
    inputs: z.object({ product: path.nullable(), step1: path.nullable(), step2: path.nullable(), mask: path.nullable() }),
  }),
  /** Stop at the next sub-step boundary; the worker answers with `done` (outcome `stopped`). */
  z.object({ type: z.literal('stop'), job_id: jobId }),
  /** Finish nothing more; release model sessions and exit. */
  z.object({ type: z.literal('shutdown') }),
])
export type HostToWorker = z.infer<typeof hostToWorkerSchema>

export const workerFailureSchema = z.object({
  code: errorCode,
  message: z.string(),
  issues: z.array(z.object({ field: z.string(), rule: z.string() })).optional(),
})

export const workerToHostSchema = z.discriminatedUnion('type', [
  /** Sent once the engine modules are loaded and jobs can be taken. */
  z.object({ type: z.literal('ready'), pid: z.number().int() }),
  z.object({
    type: z.literal('progress'),
    job_id: jobId,
    step: z.enum(STEP_NAMES),
    sub_step: z.string().max(200),
    /** 0..1 within the step. */
    fraction: z.number().min(0).max(1),
    message: z.string().max(1000),
  }),
  /** One image of the job is on disk (written atomically) at `path`. */
  z.object({ type: z.literal('image'), job_id: jobId, image: z.enum(JOB_IMAGES), path }),
  /** Scene variation `index` (1-based; 1 is step1) made with `seed` is on disk at `path`. */
  z.object({ type: z.literal('sample'), job_id: jobId, index: z.int().min(1).max(LIMITS.maxSamples), seed: z.int().min(0), path }),
  z.object({
    type: z.literal('done'),
    job_id: jobId,
    outcome: z.enum(['completed', 'stopped', 'failed']),
    message: z.string(),
    error: workerFailureSchema.nullable(),
    images: z.array(z.enum(JOB_IMAGES)),
    ran_steps: z.array(z.number().int().min(1).max(3)),
    /** Why the job ended before stop_step, if it did (e.g. a step not in this build). */
    stopped_early: z.string().nullable(),
    timings_ms: z.record(z.string(), z.number()),
    engines: z.record(z.string(), z.string().nullable()),
    /** Step 1's cutout check (job.json cutout_check), for the batch list's "check cutout". */
    cutout_check: cutoutCheckSchema.nullable().optional(),
  }),
  z.object({ type: z.literal('log'), level: z.enum(['info', 'warn', 'error']), message: z.string().max(10_000) }),
])
export type WorkerToHost = z.infer<typeof workerToHostSchema>
export type WorkerDone = Extract<WorkerToHost, { type: 'done' }>
