import { z } from 'zod'
import { LIMITS } from './limits'
import { jobSampleSchema } from './models-contract'

/**
 * What a job looks like from outside (GET /status/{id}, GET /jobs, events, the desktop UI): seed 002
 * §2.1.2 field names, plus what its defects called for (queue position, per-image URLs, timestamps).
 */

export const JOB_STATES = ['queued', 'running', 'completed', 'failed', 'stopped'] as const
export type JobState = (typeof JOB_STATES)[number]
export const FINISHED_STATES: readonly JobState[] = ['completed', 'failed', 'stopped']
export const isFinished = (s: JobState): boolean => FINISHED_STATES.includes(s)

export const STEP_NAMES = ['step1_background', 'step2_text', 'step3_composite'] as const
export type JobStepName = (typeof STEP_NAMES)[number]
/** start_step / stop_step number → step name. */
export const stepName = (n: number): JobStepName => STEP_NAMES[n - 1]

/** The images a job folder can hold; also the names of GET /jobs/{id}/images/{name}.png. */
/** 'product_mask' is the product's mask on the photo itself (8-bit, the photo's size): what product_mask takes, what Refine cutout edits. */
export const JOB_IMAGES = ['step1', 'mask', 'step2', 'final', 'product_mask'] as const
export type JobImageName = (typeof JOB_IMAGES)[number]

/**
 * `sample-<n>` (scene variation n of a job, 1-based, as jobSampleSchema ids and ImageRefs name it)
 * → n; null for anything else, so a bad name can never become a file name.
 */
/** Where the engine's HTTP API serves a job's images; /status, events and the browser client all use these. */
export const jobImageUrl = (jobId: string, image: JobImageName) => `/jobs/${jobId}/images/${image}.png`
export const jobSampleUrl = (jobId: string, index: number) => `/jobs/${jobId}/samples/${index}.png`
/** The product photo a job keeps (inputs/product.<ext>), as its own format: GET /jobs/{id}/inputs/product. */
export const jobProductUrl = (jobId: string) => `/jobs/${jobId}/inputs/product`
/** The short id History groups a product's jobs by: the start of the photo's SHA-256. */
export const productIdOf = (sha256: string | null): string | null => (sha256 ? sha256.slice(0, 16) : null)
/** Scene variation `index` in a job folder (1-based: sample 1 is a copy of step1). */
export const sampleFileName = (index: number): string => `step1_sample_${index}.png`

export function sampleIndexOf(name: string): number | null {
  const m = /^sample-([1-9][0-9]?)$/.exec(name)
  const n = m ? Number(m[1]) : 0
  return n >= 1 && n <= LIMITS.maxSamples ? n : null
}

export const gpuInfoSchema = z.object({
  index: z.number().int(),
  name: z.string(),
  gpu_util: z.number().nullable(),
  vram_used_gb: z.number().nullable(),
  vram_total_gb: z.number().nullable(),
  vram_percent: z.number().nullable(),
})
export type GpuInfo = z.infer<typeof gpuInfoSchema>

export const systemMetricsSchema = z.object({
  cpu_percent: z.number(),
  ram_used_gb: z.number(),
  ram_total_gb: z.number(),
  ram_percent: z.number(),
  /** Empty when the machine has no NVIDIA GPU (or nvidia-smi did not answer in time). */
  gpu_info: z.array(gpuInfoSchema),
})
export type SystemMetrics = z.infer<typeof systemMetricsSchema>

/** Fields every view of a job shares (GET /jobs rows, events, status). */
export const jobSummarySchema = z.object({
  job_id: z.string(),
  status: z.enum(JOB_STATES),
  progress_percent: z.number().min(0).max(100),
  current_step: z.enum(STEP_NAMES).nullable(),
  sub_step: z.string().nullable(),
  message: z.string(),
  /** Seconds since the epoch; null while queued (seed 002 GET /jobs). */
  start_time: z.number().nullable(),
  created_at: z.number(),
  end_time: z.number().nullable(),
  /** 1 = next to run; null unless queued. */
  queue_position: z.number().int().nullable(),
  /** GET /jobs only: what the job makes (ad: POST /generate; text-to-image, image-to-image) and the API that asked for it. */
  kind: z.string().optional(),
  api: z.string().optional(),
  /**
   * The product photo this job keeps, as a short hash (same photo, same id: History groups by it);
   * null for a job without one. Absent from engines older than this field.
   */
  product_id: z.string().nullable().optional(),
  /**
   * Set when the job's folder is damaged (status.json unreadable, request.json missing): what is
   * wrong. The job is listed with the images that survive; absent or null for a sound job.
   */
  damaged: z.string().nullable().optional(),
})
export type JobSummary = z.infer<typeof jobSummarySchema>

/**
 * Whether a computed or cached cutout needs a look (engine steps/segment/cutout-doubts.ts: borders,
 * area, unsure, parts); a batch shows "check cutout". Absent when the mask was the photo's own alpha
 * or supplied (a person made it).
 */
export const cutoutCheckSchema = z.object({
  doubtful: z.boolean(),
  reasons: z.array(z.string()),
})
export type CutoutCheckInfo = z.infer<typeof cutoutCheckSchema>

export const jobStatusSchema = jobSummarySchema.extend({
  elapsed_sec: z.number().min(0),
  /** Seconds left for the whole job; counts down between progress reports, never negative. */
  eta_seconds: z.number().min(0),
  /** Seconds left in the current step. */
  step_eta_seconds: z.number().min(0),
  system_metrics: systemMetricsSchema,
  /** The request as accepted, defaults filled in, base64 images left out. */
  parameters: z.record(z.string(), z.unknown()),
  /** Failure detail (seed 002 §4.3 `error`); null unless failed. */
  error: z.string().nullable(),
  /** Machine-readable reason for failed/stopped jobs, e.g. `worker_crashed`, `interrupted`. */
  error_code: z.string().nullable(),
  /** Which images exist, as URLs of GET /jobs/{id}/images/{name}.png (null when absent). */
  images: z.record(z.enum(JOB_IMAGES), z.string().nullable()),
  /** Scene variations (`samples` with a diffusion engine), by index; sample 1 is step1. Empty when none. */
  samples: z.array(jobSampleSchema),
  /** The inputs the job keeps that its clients may fetch: the product photo's URL, or null. */
  inputs: z.object({ product: z.string().nullable() }).optional(),
  /** The steps that actually ran (1, 2, 3), once the job has ended; what History captions say. */
  ran_steps: z.array(z.number().int()).optional(),
  /** Step 1's verdict on the product's cutout; absent when step 1 did not cut a product out. */
  cutout_check: cutoutCheckSchema.nullable().optional(),
  /** Base64 PNGs like nanoCocoa; left out of the object entirely with `?images=false`. */
  step1_result: z.string().nullable().optional(),
  step2_result: z.string().nullable().optional(),
  final_result: z.string().nullable().optional(),
})
export type JobStatus = z.infer<typeof jobStatusSchema>
