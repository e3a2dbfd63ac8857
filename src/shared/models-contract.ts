import { z } from 'zod'

/**
 * The model manager as the app sees it: the catalogue merged with what is installed, downloads in
 * flight with their progress, and the events that keep a models screen live. Served by the engine
 * API (GET /models ...) and by the desktop shell over IPC; both answer these same shapes.
 */

export const MODEL_KIND_NAMES = ['diffusion', 'controlnet', 'segmentation'] as const
export type ModelKindName = (typeof MODEL_KIND_NAMES)[number]

/** A model id as the catalogue and the models folder spell it. */
export const modelIdSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be a model id (lower-case letters, digits, . _ -)')

export const modelLicenseSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** false: results may not be used commercially; the UI says so wherever the model is offered. */
  commercial: z.boolean(),
  url: z.string(),
})
export type ModelLicense = z.infer<typeof modelLicenseSchema>

export const modelDownloadSchema = z.object({
  /** The file being fetched now (null while the repository is being listed). */
  file: z.string().nullable(),
  file_index: z.number().int().min(0),
  file_count: z.number().int().min(0),
  bytes: z.number().min(0),
  total: z.number().min(0),
  speed_bps: z.number().min(0),
  /** null while unknown. */
  eta_sec: z.number().min(0).nullable(),
})
export type ModelDownload = z.infer<typeof modelDownloadSchema>

export const MODEL_STATES = [
  /** In the catalogue, not on disk. */
  'available',
  /** A download is running now (see `download`). */
  'downloading',
  /** Part of a download is on disk (canceled, failed or interrupted): pulling again resumes it. */
  'incomplete',
  'ready',
  /** Recorded, but its files are gone (an imported folder was moved or deleted). */
  'missing',
] as const
export type ModelState = (typeof MODEL_STATES)[number]

export const modelOfferSchema = z.object({
  id: modelIdSchema,
  name: z.string(),
  kind: z.enum(MODEL_KIND_NAMES),
  family: z.enum(['sd', 'sdxl']).nullable(),
  /** What it is for, in plain words (catalogue `purpose`). */
  purpose: z.string().nullable(),
  /** Hugging Face repository (null for imports that are not in the catalogue). */
  repo: z.string().nullable(),
  /** Download size (approximate until installed; installed: the bytes on disk). */
  size_bytes: z.number().min(0).nullable(),
  vram_gb: z.number().min(0).nullable(),
  /** null: unknown (an import the catalogue does not know); the UI shows "licence: check the model's card". */
  license: modelLicenseSchema.nullable(),
  /** Gated on the Hub: needs HF_TOKEN of an account that accepted the terms. */
  gated: z.boolean(),
  in_catalog: z.boolean(),
  state: z.enum(MODEL_STATES),
  source: z.enum(['download', 'import']).nullable(),
  /** Bytes of an unfinished download on disk. */
  partial_bytes: z.number().min(0),
  download: modelDownloadSchema.nullable(),
  /** Why the last download or check failed, in plain words; null otherwise. */
  error: z.string().nullable(),
  notes: z.string().nullable(),
})
export type ModelOffer = z.infer<typeof modelOfferSchema>

export const modelsResponseSchema = z.object({
  models: z.array(modelOfferSchema),
  /** Where models are recorded (shown so a user can find and back them up). */
  models_dir: z.string(),
  /** Hugging Face endpoint or mirror in use. */
  endpoint: z.string(),
  /** What the GPU probe found, in plain words; null when not probed yet. */
  gpu: z.object({ usable: z.boolean(), summary: z.string() }).nullable(),
})
export type ModelsResponse = z.infer<typeof modelsResponseSchema>

export const modelImportRequestSchema = z.strictObject({
  /** A folder (diffusion, Optimum layout) or an .onnx file the user already has. */
  path: z.string().min(1).max(4096),
  id: modelIdSchema.optional(),
})
export type ModelImportRequest = z.infer<typeof modelImportRequestSchema>

export const modelVerifySchema = z.object({ id: z.string(), ok: z.boolean(), problems: z.array(z.string()), checked_files: z.number().int() })
export type ModelVerify = z.infer<typeof modelVerifySchema>

/**
 * Pushed on the same event stream as job events (SSE `event: model.progress`, IPC `event:model`):
 * progress at most a few times a second while bytes flow, and the whole offer on every state change.
 */
export const modelEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('model.progress'), id: z.string(), at: z.number(), download: modelDownloadSchema }),
  z.object({ type: z.literal('model.state'), id: z.string(), at: z.number(), model: modelOfferSchema.nullable() }),
])
export type ModelEvent = z.infer<typeof modelEventSchema>

/**
 * Scene variations of a job run with a diffusion engine and `samples` > 1 (seed 003's response:
 * id, seed, image URL). Sample 1 is the job's step1 image itself.
 */
export const jobSampleSchema = z.object({
  /** `sample-<n>`, n from 1. */
  id: z.string(),
  index: z.number().int().min(1),
  seed: z.number().int().min(0),
  /** GET /jobs/{id}/samples/{n}.png (or the app's media URL in Electron). */
  image: z.string(),
})
export type JobSample = z.infer<typeof jobSampleSchema>
