import { z } from 'zod'
import { APP_FOLDERS, type AppInfo, type AppSettings, type ClientResult, type EngineStatus, type KeptImage, type SavedFiles } from './api-client'
import type { FontsResponse, GenerateResponse, HealthResponse, StopResponse } from './api-responses'
import { JOB_IMAGES, sampleIndexOf, type JobStatus, type JobSummary } from './job-status'
import { hubEndpointProblem } from './hub-endpoint'
import { LIMITS } from './limits'
import type { PRELOAD_FUNCTIONS } from './ipc-functions'
import type { JobEvent } from './job-events'
import { modelIdSchema, modelImportRequestSchema, type ModelEvent, type ModelOffer, type ModelsResponse, type ModelVerify } from './models-contract'

/**
 * Every IPC channel in one map: the schema main checks each payload with, and the type of the value
 * it answers (always inside a ClientResult, never a thrown error, which would reach the renderer as a bare
 * string). `test/shell/ipc-channels.test-d.ts` proves each channel has a handler and a preload function.
 */

/** Phantom marker for a channel's answer type (no runtime value is needed). */
const answers = <T>() => undefined as unknown as T

export const jobIdSchema = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a job id')

/** Largest image the renderer may hand over as bytes: the same as the API's base64 limit. */
export const MAX_IMAGE_BYTES = Math.floor((LIMITS.maxBase64Chars * 3) / 4)
const bytes = (max: number) =>
  z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'must be bytes').refine((b) => b.byteLength > 0 && b.byteLength <= max, `must be 1 byte to ${max} bytes`)

const KEPT_NAMES: readonly unknown[] = ['product', 'step1', 'step2', 'mask']
/** A kept job image: a result or input by name, or scene variation `sample-<n>` (n 1..8). */
export const keptImageSchema = z.custom<KeptImage>(
  (v) => KEPT_NAMES.includes(v) || (typeof v === 'string' && sampleIndexOf(v) !== null),
  `must be product, step1, step2, mask or sample-1 to sample-${LIMITS.maxSamples}`,
)

export const imageRefSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('path'), path: z.string().min(1).max(4096) }),
  z.strictObject({ kind: z.literal('bytes'), bytes: bytes(MAX_IMAGE_BYTES), name: z.string().max(255) }),
  z.strictObject({ kind: z.literal('job'), jobId: jobIdSchema, image: keptImageSchema }),
])

const IMAGE_FIELDS = ['product_image', 'product_mask', 'step1_image', 'step2_image', 'mask_image']
/** The request fields themselves are checked by generateRequestSchema once the images are resolved. */
export const jobParamsSchema = z
  .record(z.string(), z.unknown())
  .refine((p) => !IMAGE_FIELDS.some((f) => f in p), 'images travel as ImageRefs, not as base64 fields')

export const jobRequestSchema = z.strictObject({
  params: jobParamsSchema,
  product: imageRefSchema.nullable().optional(),
  productMask: imageRefSchema.nullable().optional(),
  step1: imageRefSchema.nullable().optional(),
  step2: imageRefSchema.nullable().optional(),
  mask: imageRefSchema.nullable().optional(),
})

/** A bare file name: no folders, no reserved characters, not `.` or `..`. */
export const fileNameSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\\/:*?"<>|\x00-\x1f]+$/, 'must be a file name without folders or reserved characters')
  .refine((n) => n !== '.' && n !== '..' && !n.endsWith('.') && !n.endsWith(' '), 'must be a usable file name')

/** A download endpoint (the same rule the Settings screen applies, from ./hub-endpoint). */
export const hubEndpointSchema = z.string().superRefine((v, ctx) => {
  const problem = hubEndpointProblem(v)
  if (problem) ctx.addIssue({ code: 'custom', message: problem })
})

export const settingsPatchSchema = z.strictObject({
  device: z.enum(['auto', 'gpu', 'cpu']).optional(),
  language: z.enum(['ko', 'en']).nullable().optional(),
  exportFolder: z.string().min(1).max(4096).nullable().optional(),
  localApi: z
    .strictObject({
      enabled: z.boolean(),
      port: z.int().min(1024).max(65535),
      token: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, 'must be 16-128 letters, digits, - or _').nullable(),
    })
    .optional(),
  modelsEndpoint: hubEndpointSchema.nullable().optional(),
})

const none = z.undefined()
const jobRef = z.strictObject({ jobId: jobIdSchema })
const modelRef = z.strictObject({ id: modelIdSchema })

export const IPC_CHANNELS = {
  'job:generate': { request: jobRequestSchema, response: answers<GenerateResponse>() },
  'job:regenerate-text': { request: z.strictObject({ params: jobParamsSchema, step1From: jobIdSchema }), response: answers<GenerateResponse>() },
  'job:recomposite': {
    request: z.strictObject({ params: jobParamsSchema, step1From: jobIdSchema, step2From: jobIdSchema }),
    response: answers<GenerateResponse>(),
  },
  'job:stop': { request: jobRef, response: answers<StopResponse>() },
  'job:list': { request: none, response: answers<JobSummary[]>() },
  'job:get': { request: jobRef, response: answers<JobStatus>() },
  'job:delete': { request: jobRef, response: answers<{ job_id: string }>() },
  'fonts:list': { request: none, response: answers<FontsResponse>() },
  'engine:health': { request: none, response: answers<HealthResponse>() },
  'engine:status': { request: none, response: answers<EngineStatus>() },
  'export:save': {
    request: z.strictObject({
      files: z.array(z.strictObject({ name: fileNameSchema, bytes: bytes(MAX_IMAGE_BYTES) })).min(1).max(32),
      folder: z.string().min(1).max(4096).nullable(),
    }),
    response: answers<SavedFiles | null>(),
  },
  'export:copy': { request: z.strictObject({ png: bytes(MAX_IMAGE_BYTES) }), response: answers<null>() },
  'dialog:pick-folder': { request: none, response: answers<string | null>() },
  'folder:open': { request: z.strictObject({ folder: z.enum(APP_FOLDERS) }), response: answers<null>() },
  'drag:start': { request: z.strictObject({ jobId: jobIdSchema, image: z.enum(JOB_IMAGES) }), response: answers<null>() },
  'state:load': { request: z.strictObject({ key: z.enum(['batch', 'editor']) }), response: answers<unknown>() },
  'state:save': { request: z.strictObject({ key: z.enum(['batch', 'editor']), value: z.unknown() }), response: answers<null>() },
  'settings:get': { request: none, response: answers<AppSettings>() },
  'settings:set': { request: settingsPatchSchema, response: answers<AppSettings>() },
  'app:info': { request: none, response: answers<AppInfo>() },
  'models:list': { request: none, response: answers<ModelsResponse>() },
  'models:pull': { request: modelRef, response: answers<ModelOffer>() },
  'models:cancel': { request: modelRef, response: answers<ModelOffer>() },
  'models:remove': { request: modelRef, response: answers<{ id: string; deleted_files: boolean }>() },
  'models:import': { request: modelImportRequestSchema, response: answers<ModelOffer>() },
  'models:verify': { request: modelRef, response: answers<ModelVerify>() },
} as const

export type IpcChannel = keyof typeof IPC_CHANNELS
/** What the renderer passes (schema input). */
export type IpcRequest<C extends IpcChannel> = z.input<(typeof IPC_CHANNELS)[C]['request']>
/** What a handler receives after validation (schema output). */
export type IpcValidRequest<C extends IpcChannel> = z.output<(typeof IPC_CHANNELS)[C]['request']>
export type IpcAnswer<C extends IpcChannel> = (typeof IPC_CHANNELS)[C]['response']
export type IpcResponse<C extends IpcChannel> = ClientResult<IpcAnswer<C>>

/** Main's handler table: exactly one handler per channel (a missing one does not compile). */
export type IpcHandlers<Ctx> = { [C in IpcChannel]: (req: IpcValidRequest<C>, ctx: Ctx) => Promise<IpcResponse<C>> }

type Fn = typeof PRELOAD_FUNCTIONS
/** The invoke half of the preload bridge: one domain function per channel. */
export type PreloadInvokeApi = {
  [F in keyof Fn]: IpcRequest<Fn[F]> extends undefined ? () => Promise<IpcResponse<Fn[F]>> : (req: IpcRequest<Fn[F]>) => Promise<IpcResponse<Fn[F]>>
}

/** Everything `window.adstudio` offers: the invoke functions, event subscriptions and drag-in paths. */
export interface PreloadApi extends PreloadInvokeApi {
  onJobEvent(cb: (e: JobEvent) => void): () => void
  onEngineStatus(cb: (s: EngineStatus) => void): () => void
  onModelEvent(cb: (e: ModelEvent) => void): () => void
  /** webUtils.getPathForFile for a dropped File ('' when it has none, e.g. pasted data). */
  pathForFile(file: unknown): string
  readonly platform: string
}
