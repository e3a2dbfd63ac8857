import type { FontsResponse, GenerateResponse, HealthResponse, StopResponse } from './api-responses'
import type { GenerateRequestInput } from './generate-request'
import type { JobEvent } from './job-events'
import type { JobImageName, JobStatus, JobSummary } from './job-status'
import type { ErrorCode } from './error-codes'
import type { Failure } from './result'
import type { ModelEvent, ModelImportRequest, ModelOffer, ModelsResponse, ModelVerify } from './models-contract'

/**
 * The one interface the renderer talks to. In Electron it is the preload bridge (IPC to main, which
 * hosts the engine); in a plain browser it is the engine's local HTTP API plus its event stream.
 * Everything crossing it is plain data (structured-clone safe) and every call answers a Result, so
 * the UI handles failures the same way whichever side it runs against.
 */

/** Request fields without the base64 images: images travel as ImageRefs and are resolved by the client. */
export type JobParams = Omit<GenerateRequestInput, 'product_image' | 'product_mask' | 'step1_image' | 'step2_image' | 'mask_image'>

/**
 * Images a job can take as input from an earlier job ('product' is the photo it was made from;
 * `sample-<n>` one of its scene variations, used as the step-1 image of a re-run).
 */
export type KeptImage = 'product' | 'step1' | 'step2' | 'mask' | `sample-${number}`

/** Where an input image comes from. Big images never cross IPC twice: paths and job refs are read by main. */
export type ImageRef =
  /** A file the user dropped or picked (Electron only: the renderer learns paths through the preload). */
  | { kind: 'path'; path: string }
  /** Pasted or picked in a browser: the bytes themselves. */
  | { kind: 'bytes'; bytes: Uint8Array; name: string }
  /** A result kept from an earlier job (re-runs reuse it instead of sending it back). */
  | { kind: 'job'; jobId: string; image: KeptImage }

export interface JobRequest {
  params: JobParams
  product?: ImageRef | null
  /** The product's mask on the photo (product_mask): replaces segmentation (start_step 1). */
  productMask?: ImageRef | null
  step1?: ImageRef | null
  step2?: ImageRef | null
  /** The product mask of step1 (re-runs), so 'behind' and 'auto' know where the product is. */
  mask?: ImageRef | null
}

/** The engine process as the shell sees it (Electron: the utility process; browser: /health). */
export interface EngineStatus {
  state: 'starting' | 'ready' | 'restarting' | 'failed'
  /** What happened, in plain words (shown to the user). */
  message: string
  restarts: number
  /** When state is 'restarting': the delay before the next start. */
  retryInMs: number | null
  /** How the last engine process ended (technical detail, one click away). */
  lastExit: string | null
  at: number
}

export type DevicePreference = 'auto' | 'gpu' | 'cpu'
export type Language = 'ko' | 'en'

/** Settings owned by the shell (Electron) or the browser (localStorage); the UI edits both the same way. */
export interface AppSettings {
  device: DevicePreference
  language: Language | null
  /** Default folder for exports and batch outputs (null: ask). */
  exportFolder: string | null
  localApi: { enabled: boolean; port: number; token: string | null }
  /**
   * Where models are downloaded from: a Hugging Face mirror such as https://hf-mirror.com, for users
   * who cannot reach huggingface.co (null: HF_ENDPOINT / ADSTUDIO_HF_ENDPOINT, else https://huggingface.co).
   */
  modelsEndpoint: string | null
}

/** The app's folders Settings can open: the user's fonts, the jobs and settings, main's log. */
export const APP_FOLDERS = ['fonts', 'data', 'logs'] as const
export type AppFolder = (typeof APP_FOLDERS)[number]

export interface AppInfo {
  kind: 'electron' | 'http'
  version: string
  platform: string
  /** The system UI language, e.g. 'ko-KR'. */
  locale: string
  dataDir: string | null
  fontsDir: string | null
  /** Which compute device the engine would use for each preference, and why (null: the server decides). */
  device: { auto: string; gpu: string; cpu: string } | null
  /** Whether settings can change the engine (device, folders, local API): false in a browser. */
  canConfigureEngine: boolean
  /** Where the local API listens when it is on (null: off). */
  apiUrl: string | null
}

export interface ExportFile {
  /** File name only, no folders: the shell refuses separators. */
  name: string
  bytes: Uint8Array
}

export interface SaveFilesRequest {
  files: ExportFile[]
  /** Folder to write into; null asks with the native Save dialog (which remembers the last folder). */
  folder: string | null
}

export interface SavedFiles {
  folder: string
  paths: string[]
}

/** Persisted UI state (the batch queue survives restarts; the editor remembers its form). */
export type StateKey = 'batch' | 'editor'

/**
 * Failures only a client can have, beside the engine's own codes: the engine cannot be reached, the
 * token was refused, the feature does not exist on this side (a folder picker in a browser), a file
 * could not be read or written.
 */
export const CLIENT_ERROR_CODES = ['unreachable', 'unauthorized', 'unsupported', 'io_error'] as const
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number]
export type ClientFailure = Omit<Failure, 'code'> & { code: ErrorCode | ClientErrorCode }
export type ClientResult<T> = { ok: true; value: T } | ClientFailure

/** Where a font file for previews comes from: a URL the page may load, or its bytes. */
export type FontSource = { url: string } | { bytes: Uint8Array }

export interface ApiClient {
  readonly kind: 'electron' | 'http'
  generate(req: JobRequest): Promise<ClientResult<GenerateResponse>>
  /** Step 2 + 3 from the step-1 image kept by `step1From`. */
  regenerateText(params: JobParams, step1From: string): Promise<ClientResult<GenerateResponse>>
  /** Step 3 only, from the kept step-1 and step-2 images. */
  recomposite(params: JobParams, step1From: string, step2From: string): Promise<ClientResult<GenerateResponse>>
  stop(jobId: string): Promise<ClientResult<StopResponse>>
  listJobs(): Promise<ClientResult<JobSummary[]>>
  /** Status without base64 images. */
  getJob(jobId: string): Promise<ClientResult<JobStatus>>
  deleteJob(jobId: string): Promise<ClientResult<{ job_id: string }>>
  listFonts(): Promise<ClientResult<FontsResponse>>
  health(): Promise<ClientResult<HealthResponse>>
  /** A URL an <img> can show (app-media:// in Electron, an object URL in a browser). */
  imageUrl(jobId: string, image: JobImageName): Promise<ClientResult<string>>
  /** The PNG bytes of a job image (for export conversions and the clipboard). */
  imageBytes(jobId: string, image: JobImageName): Promise<ClientResult<Uint8Array>>
  /** The font file for previews ('unsupported' when the engine does not serve font files). */
  fontSource(fontName: string): Promise<ClientResult<FontSource>>
  /** null when the user canceled the Save dialog. */
  saveFiles(req: SaveFilesRequest): Promise<ClientResult<SavedFiles | null>>
  pickFolder(): Promise<ClientResult<string | null>>
  /** Opens one of the app's folders in the file manager (Electron; 'unsupported' in a browser). */
  openFolder(folder: AppFolder): Promise<ClientResult<null>>
  copyImage(png: Uint8Array): Promise<ClientResult<null>>
  /** Starts a native drag of a job image out of the window (Electron); false where unsupported. */
  startDrag(jobId: string, image: JobImageName): boolean
  /** The path of a dropped File (Electron), or null in a browser. */
  pathForFile(file: unknown): string | null
  loadState(key: StateKey): Promise<ClientResult<unknown>>
  saveState(key: StateKey, value: unknown): Promise<ClientResult<null>>
  getSettings(): Promise<ClientResult<AppSettings>>
  setSettings(patch: Partial<AppSettings>): Promise<ClientResult<AppSettings>>
  appInfo(): Promise<ClientResult<AppInfo>>
  onJobEvent(cb: (e: JobEvent) => void): () => void
  onEngineStatus(cb: (s: EngineStatus) => void): () => void
  /** Pushes may have been missed (the event stream reconnected): read the job list again. Absent where pushes cannot be lost (IPC). */
  onResync?(cb: () => void): () => void

  /** A URL an <img> can show for scene variation `index` (1-based) of a job. */
  sampleUrl(jobId: string, index: number): Promise<ClientResult<string>>

  /** Model manager: the catalogue merged with what is installed, and the GPU probe's verdict. */
  listModels(): Promise<ClientResult<ModelsResponse>>
  /** Starts (or resumes) a download; progress arrives as model events. */
  pullModel(id: string): Promise<ClientResult<ModelOffer>>
  /** Stops a download; what arrived stays on disk and the next pull resumes it. */
  cancelModelPull(id: string): Promise<ClientResult<ModelOffer>>
  /** Deletes a download, or forgets an import (the user's folder stays). */
  removeModel(id: string): Promise<ClientResult<{ id: string; deleted_files: boolean }>>
  /** Registers a folder or .onnx file the user already has, after validating it (nothing is copied). */
  importModel(req: ModelImportRequest): Promise<ClientResult<ModelOffer>>
  verifyModel(id: string): Promise<ClientResult<ModelVerify>>
  onModelEvent(cb: (e: ModelEvent) => void): () => void
}

/** The requests behind the re-run buttons, shared by every client so they cannot differ. */
export function regenerateTextRequest(params: JobParams, step1From: string): JobRequest {
  return {
    params: { ...params, start_step: 2, stop_step: 3 },
    step1: { kind: 'job', jobId: step1From, image: 'step1' },
    mask: { kind: 'job', jobId: step1From, image: 'mask' },
  }
}

export function recompositeRequest(params: JobParams, step1From: string, step2From: string): JobRequest {
  return {
    params: { ...params, start_step: 3, stop_step: 3 },
    step1: { kind: 'job', jobId: step1From, image: 'step1' },
    step2: { kind: 'job', jobId: step2From, image: 'step2' },
    mask: { kind: 'job', jobId: step1From, image: 'mask' },
  }
}

/** "Use this scene": text and composition over scene variation `index` of `jobId`. */
export function useSampleRequest(params: JobParams, jobId: string, index: number): JobRequest {
  return {
    params: { ...params, start_step: 2, stop_step: 3 },
    step1: { kind: 'job', jobId, image: `sample-${index}` },
    mask: { kind: 'job', jobId, image: 'mask' },
  }
}

export const DEFAULT_SETTINGS: AppSettings = {
  device: 'auto',
  language: null,
  exportFolder: null,
  localApi: { enabled: false, port: 8000, token: null },
  modelsEndpoint: null,
}
