import { z } from 'zod'
import { cutoutCheckSchema, JOB_IMAGES, JOB_STATES, STEP_NAMES } from '../../../shared/job-status'
import { LIMITS } from '../../../shared/limits'

/**
 * status.json of a job folder: everything needed to answer /status after a restart. Read back
 * through this schema, so a damaged or foreign file is reported and skipped, never trusted.
 */
export const storedJobSchema = z.object({
  version: z.literal(1),
  job_id: z.string(),
  /** Submission order; ties in created_at (same millisecond) keep their order. */
  seq: z.number().int(),
  status: z.enum(JOB_STATES),
  created_at: z.number(),
  started_at: z.number().nullable(),
  ended_at: z.number().nullable(),
  current_step: z.enum(STEP_NAMES).nullable(),
  sub_step: z.string().nullable(),
  message: z.string(),
  progress_percent: z.number(),
  error: z.string().nullable(),
  error_code: z.string().nullable(),
  images: z.array(z.enum(JOB_IMAGES)),
  /** Scene variations on disk (step1_sample_<n>.png) with their seeds; absent in older folders. */
  samples: z.array(z.object({ index: z.int().min(1).max(LIMITS.maxSamples), seed: z.int().min(0) })).default([]),
  /** Input files inside the folder (inputs/...), null when not given. */
  inputs: z.object({
    product: z.string().nullable(),
    step1: z.string().nullable(),
    step2: z.string().nullable(),
    mask: z.string().nullable().default(null),
  }),
  /** Per step: the engine key its duration is learned under (see eta-model.ts). */
  eta_plan: z.array(z.object({ step: z.enum(STEP_NAMES), engine: z.string() })),
  megapixels: z.number(),
  stop_requested: z.boolean(),
  ran_steps: z.array(z.number().int()),
  stopped_early: z.string().nullable(),
  /** SHA-256 (hex) of the product photo in inputs/, so History can group a product's jobs; absent in older folders. */
  product_sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable().default(null),
  /** The earlier job whose product photo this one reuses (request field product_from), if any. */
  product_from: z.string().nullable().default(null),
  /**
   * Set only in memory, for a folder whose status.json is damaged or whose request.json is missing:
   * what is wrong. Such a job is listed (with the images that survive), never saved over, never pruned.
   */
  damaged: z.string().nullable().default(null),
  /** Step 1's cutout check (absent in older folders and jobs without a product). */
  cutout_check: cutoutCheckSchema.nullable().optional(),
})
export type StoredJob = z.infer<typeof storedJobSchema>

/** Job ids are v4 UUIDs; anything else in a URL is an unknown job, never a path. */
export const JOB_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
