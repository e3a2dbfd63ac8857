import {
  DEFAULT_SETTINGS,
  recompositeRequest,
  regenerateTextRequest,
  type ApiClient,
  type AppSettings,
  type ClientFailure,
  type ClientResult,
  type EngineStatus,
  type ImageRef,
  type JobRequest,
} from '../../shared/api-client'
import type { ErrorResponse, FontsResponse, GenerateResponse, HealthResponse, JobsListResponse, StopResponse } from '../../shared/api-responses'
import { ERROR_CODES } from '../../shared/error-codes'
import type { JobEvent } from '../../shared/job-events'
import { jobImageUrl, jobSampleUrl, type JobImageName, type JobStatus } from '../../shared/job-status'
import type { ModelEvent, ModelOffer, ModelsResponse, ModelVerify } from '../../shared/models-contract'
import { toBase64 } from './bytes'
import { downloadFiles } from './downloads'
import { keptImagePath } from './job-image-paths'
import { openEventStream } from './sse'

/**
 * The ApiClient of a plain browser: the engine's local HTTP API (`adstudio serve`) and its event
 * stream. Everything needs the bearer token, images included, so images are fetched and shown as
 * object URLs. Settings and the batch live in localStorage; exports are downloads.
 */
export interface HttpClientOptions {
  baseUrl: string
  token: string
  fetchImpl?: typeof fetch
  storage?: Storage
}

const ok = <T>(value: T): ClientResult<T> => ({ ok: true, value })
const fail = (code: ClientFailure['code'], message: string): ClientFailure => ({ ok: false, code, message })

export function createHttpClient(opts: HttpClientOptions): ApiClient {
  const base = opts.baseUrl.replace(/\/+$/, '')
  const doFetch = opts.fetchImpl ?? fetch.bind(globalThis)
  const storage = opts.storage ?? localStorage
  const auth = { Authorization: `Bearer ${opts.token}` }
  const objectUrls = new Map<string, string>()
  const jobListeners = new Set<(e: JobEvent) => void>()
  const modelListeners = new Set<(e: ModelEvent) => void>()
  const engineListeners = new Set<(s: EngineStatus) => void>()
  const resyncListeners = new Set<() => void>()
  let closeStream: (() => void) | null = null
  let fontFiles: boolean | null = null
  let fontProbe: Promise<unknown> | null = null
  let lastEngine: EngineStatus = { state: 'starting', message: 'Connecting to the engine', restarts: 0, retryInMs: null, lastExit: null, at: Date.now() }

  async function call<T>(method: string, path: string, body?: unknown): Promise<ClientResult<T>> {
    let res: Response
    try {
      res = await doFetch(base + path, {
        method,
        headers: body === undefined ? auth : { ...auth, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    } catch (e) {
      return fail('unreachable', `could not reach the engine at ${base}: ${(e as Error).message}`)
    }
    const type = res.headers.get('content-type') ?? ''
    if (res.ok) return ok((type.includes('json') ? await res.json() : new Uint8Array(await res.arrayBuffer())) as T)
    return failureOf(res, type.includes('json') ? ((await res.json().catch(() => null)) as Partial<ErrorResponse & { message: string }> | null) : null)
  }

  async function bytesOf(ref: ImageRef, field: string): Promise<ClientResult<Uint8Array>> {
    if (ref.kind === 'bytes') return ok(ref.bytes)
    if (ref.kind === 'path') return fail('unsupported', 'files by path can only be read by the desktop app')
    if (ref.image === 'product') return fail('unsupported', 'this engine does not keep product photos for re-use: add the photo again')
    const path = keptImagePath(ref.jobId, ref.image)
    if (!path) return fail('invalid_request', `${field}: ${ref.image} is not an image a job can keep`)
    const r = await call<Uint8Array>('GET', path)
    // The engine's 404 says what the job has; which request field asked for it only the client knows.
    return r.ok || r.code !== 'not_found' ? r : { ...r, message: `${field}: job ${ref.jobId}: ${r.message}` }
  }

  /** Job images never change once written, so one object URL per image is kept for the page's life. */
  async function objectUrl(key: string, path: string): Promise<ClientResult<string>> {
    const cached = objectUrls.get(key)
    if (cached) return ok(cached)
    const r = await call<Uint8Array>('GET', path)
    if (!r.ok) return r
    const url = URL.createObjectURL(new Blob([r.value as BlobPart], { type: 'image/png' }))
    objectUrls.set(key, url)
    return ok(url)
  }

  async function generate(req: JobRequest): Promise<ClientResult<GenerateResponse>> {
    const body: Record<string, unknown> = { ...req.params }
    for (const [key, field] of [['product', 'product_image'], ['productMask', 'product_mask'], ['step1', 'step1_image'], ['step2', 'step2_image'], ['mask', 'mask_image']] as const) {
      const ref = req[key]
      if (!ref) continue
      const b = await bytesOf(ref, field)
      // A kept mask is a help, not a need: an older job without one still re-runs.
      if (!b.ok && key === 'mask' && b.code === 'not_found') continue
      if (!b.ok) return b
      body[field] = toBase64(b.value)
    }
    return call<GenerateResponse>('POST', '/generate', body)
  }

  const emitEngine = (s: EngineStatus) => {
    lastEngine = s
    engineListeners.forEach((l) => l(s))
  }

  /** Between stream events, /health tells whether the engine's worker is restarting (and how often it has). */
  async function checkHealth(): Promise<void> {
    if (lastEngine.state === 'restarting' && lastEngine.message.startsWith('Lost')) return // the stream owns this state
    const h = await call<HealthResponse>('GET', '/health')
    if (!h.ok) return
    const restarts = h.value.workers.reduce((n, w) => n + w.restarts, 0)
    const state = h.value.status === 'healthy' ? 'ready' : 'restarting'
    if (state !== lastEngine.state || restarts !== lastEngine.restarts)
      emitEngine({ state, message: state === 'ready' ? 'The engine is ready' : 'The engine worker is restarting', restarts, retryInMs: null, lastExit: lastEngine.lastExit, at: Date.now() })
  }

  function ensureStream(): void {
    if (closeStream) return
    const timer = setInterval(() => void checkHealth(), 5000)
    void checkHealth()
    const close = openEventStream({
      url: `${base}/events`,
      token: opts.token,
      fetchImpl: doFetch,
      onEvent: (e) => {
        jobListeners.forEach((l) => l(e))
        // A failed job may mean the worker died: look at once rather than at the next poll.
        if (e.type === 'job.finished' && e.status === 'failed') void checkHealth()
      },
      onModelEvent: (e) => modelListeners.forEach((l) => l(e)),
      onReconnect: () => resyncListeners.forEach((l) => l()),
      onState: (connected, retryInMs, detail) =>
        emitEngine(
          connected
            ? { state: 'ready', message: 'Connected to the engine', restarts: lastEngine.restarts, retryInMs: null, lastExit: lastEngine.lastExit, at: Date.now() }
            : { state: 'restarting', message: 'Lost the connection to the engine; trying again', restarts: lastEngine.restarts, retryInMs, lastExit: detail, at: Date.now() },
        ),
    })
    closeStream = () => {
      clearInterval(timer)
      close()
    }
  }

  const readSettings = (): AppSettings => {
    try {
      return { ...DEFAULT_SETTINGS, ...(JSON.parse(storage.getItem('adstudio:settings') ?? '{}') as Partial<AppSettings>) }
    } catch {
      return DEFAULT_SETTINGS
    }
  }

  return {
    kind: 'http',
    generate,
    regenerateText: (params, step1From) => generate(regenerateTextRequest(params, step1From)),
    recomposite: (params, s1, s2) => generate(recompositeRequest(params, s1, s2)),
    stop: (jobId) => call<StopResponse>('POST', `/stop/${jobId}`),
    listJobs: async () => {
      const r = await call<JobsListResponse>('GET', '/jobs')
      return r.ok ? ok(r.value.jobs) : r
    },
    getJob: (jobId) => call<JobStatus>('GET', `/status/${jobId}?images=false`),
    deleteJob: (jobId) => call<{ job_id: string }>('DELETE', `/jobs/${jobId}`),
    listFonts: () => call<FontsResponse>('GET', '/fonts'),
    health: () => call<HealthResponse>('GET', '/health'),

    imageUrl: (jobId: string, image: JobImageName) => objectUrl(`${jobId}/${image}`, jobImageUrl(jobId, image)),
    sampleUrl: (jobId: string, index: number) => objectUrl(`${jobId}/sample-${index}`, jobSampleUrl(jobId, index)),
    imageBytes: (jobId, image) => call<Uint8Array>('GET', jobImageUrl(jobId, image)),
    async fontSource(name) {
      // Asked once: an engine without font files answers 404 for all of them, so the rest wait for the first answer.
      if (fontProbe) await fontProbe
      if (fontFiles === false) return fail('unsupported', 'this engine does not serve font files for previews')
      const pending = call<Uint8Array>('GET', `/fonts/files/${name.split('/').map(encodeURIComponent).join('/')}`)
      if (fontFiles === null) fontProbe ??= pending
      const r = await pending
      if (!r.ok && r.code === 'not_found' && fontFiles === null) fontFiles = false
      if (r.ok) fontFiles = true
      return r.ok ? ok({ bytes: r.value }) : fail('unsupported', 'this engine does not serve font files for previews')
    },

    async saveFiles(req) {
      downloadFiles(req.files)
      return ok({ folder: 'Downloads', paths: req.files.map((f) => f.name) })
    },
    pickFolder: async () => fail('unsupported', 'a browser cannot choose a folder: files go to your downloads'),
    openFolder: async () => fail('unsupported', 'a browser cannot open folders on this computer'),
    async copyImage(png) {
      try {
        await navigator.clipboard.write([new ClipboardItem({ 'image/png': new Blob([png as BlobPart], { type: 'image/png' }) })])
        return ok(null)
      } catch (e) {
        return fail('unsupported', `the browser refused the clipboard: ${(e as Error).message}`)
      }
    },
    startDrag: () => false,
    pathForFile: () => null,

    async loadState(key) {
      try {
        return ok(JSON.parse(storage.getItem(`adstudio:state:${key}`) ?? 'null') as unknown)
      } catch {
        return ok(null)
      }
    },
    async saveState(key, value) {
      try {
        storage.setItem(`adstudio:state:${key}`, JSON.stringify(value))
        return ok(null)
      } catch (e) {
        return fail('io_error', `could not keep the ${key} state: ${(e as Error).message}`)
      }
    },
    getSettings: async () => ok(readSettings()),
    async setSettings(patch) {
      // A browser page cannot change the engine: only what the page itself uses is kept.
      const next = { ...readSettings(), ...(patch.language !== undefined ? { language: patch.language } : {}) }
      storage.setItem('adstudio:settings', JSON.stringify(next))
      return ok(next)
    },
    async appInfo() {
      const h = await call<HealthResponse>('GET', '/health')
      return ok({
        kind: 'http' as const,
        version: h.ok ? h.value.version : 'unknown',
        platform: navigator.platform,
        locale: navigator.language,
        dataDir: null,
        fontsDir: null,
        device: null,
        canConfigureEngine: false,
        apiUrl: base,
      })
    },
    onJobEvent(cb) {
      jobListeners.add(cb)
      ensureStream()
      return () => void jobListeners.delete(cb)
    },
    onEngineStatus(cb) {
      engineListeners.add(cb)
      cb(lastEngine)
      ensureStream()
      return () => void engineListeners.delete(cb)
    },

    listModels: () => call<ModelsResponse>('GET', '/models'),
    pullModel: (id) => call<ModelOffer>('POST', `${modelPath(id)}/pull`),
    cancelModelPull: (id) => call<ModelOffer>('DELETE', `${modelPath(id)}/pull`),
    removeModel: (id) => call<{ id: string; deleted_files: boolean }>('DELETE', modelPath(id)),
    importModel: (req) => call<ModelOffer>('POST', '/models/import', req),
    verifyModel: (id) => call<ModelVerify>('POST', `${modelPath(id)}/verify`),
    onModelEvent(cb) {
      modelListeners.add(cb)
      ensureStream()
      return () => void modelListeners.delete(cb)
    },
    onResync(cb) {
      resyncListeners.add(cb)
      return () => void resyncListeners.delete(cb)
    },
  }
}

/** Ids are checked by the engine; encoding keeps a bad one a bad id rather than another path. */
const modelPath = (id: string) => `/models/${encodeURIComponent(id)}`

/** An HTTP error answer as a Failure: the engine's own code when it sent one, else one from the status. */
function failureOf(res: Response, body: Partial<ErrorResponse & { message: string }> | null): ClientFailure {
  const message = body?.detail ?? body?.message ?? `${res.status} ${res.statusText}`
  const known = body?.code && (body.code in ERROR_CODES || body.code === 'unauthorized') ? (body.code as ClientFailure['code']) : null
  if (res.status === 503 && !known) return { ok: false, code: 'busy', message }
  if (res.status === 401) return { ok: false, code: 'unauthorized', message }
  const code = known ?? (res.status === 404 ? 'not_found' : res.status < 500 ? 'invalid_request' : 'internal')
  return body?.issues ? { ok: false, code, message, issues: body.issues } : { ok: false, code, message }
}
