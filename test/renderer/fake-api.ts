import type { ApiClient, AppSettings, ClientResult, EngineStatus, JobRequest, SaveFilesRequest } from '../../src/shared/api-client'
import { DEFAULT_SETTINGS } from '../../src/shared/api-client'
import type { GenerateResponse } from '../../src/shared/api-responses'
import type { JobEvent } from '../../src/shared/job-events'
import type { JobImageName, JobStatus, JobSummary } from '../../src/shared/job-status'
import type { JobSample } from '../../src/shared/models-contract'
import { createAppStore } from '../../src/renderer/store/create-store'
import type { ImageTools } from '../../src/renderer/store/types'
import { createFakeModels } from './fake-models'

/**
 * An in-memory ApiClient for the store's tests: jobs are accepted at once and finish when the test
 * says so (`finish`), with the events a real engine would send. Every call is recorded.
 */
export interface FakeJob {
  id: string
  req: JobRequest
  status: JobStatus['status']
  images: JobImageName[]
  /** Scene variations (index from 1), as a diffusion job with `samples` > 1 has them. */
  samples: { index: number; seed: number }[]
  error: string | null
  error_code: string | null
  /** Step 1's cutout check, as /status reports it. */
  cutout_check?: JobStatus['cutout_check']
}

export function createFakeApi() {
  const jobs = new Map<string, FakeJob>()
  const listeners = new Set<(e: JobEvent) => void>()
  const calls: { fn: string; args: unknown[] }[] = []
  const saved: SaveFilesRequest[] = []
  const state = new Map<string, unknown>()
  let seq = 0
  /** Submissions answer this failure instead, when set (e.g. a bad image). */
  const refuse: { when: (req: JobRequest) => boolean; failure: ClientResult<never> }[] = []
  const models = createFakeModels()
  /** Kept like main keeps them; a models endpoint moves the model listing's endpoint, null back to the default. */
  let settings: AppSettings = DEFAULT_SETTINGS

  const summary = (j: FakeJob): JobSummary => ({
    job_id: j.id,
    status: j.status,
    progress_percent: j.status === 'completed' ? 100 : 0,
    current_step: null,
    sub_step: null,
    message: j.status,
    start_time: null,
    created_at: 1000 + Number(j.id.slice(-4)),
    end_time: null,
    queue_position: null,
  })
  const status = (j: FakeJob): JobStatus => ({
    ...summary(j),
    elapsed_sec: 0,
    eta_seconds: 0,
    step_eta_seconds: 0,
    system_metrics: { cpu_percent: 0, ram_used_gb: 0, ram_total_gb: 0, ram_percent: 0, gpu_info: [] },
    parameters: { ...j.req.params },
    error: j.error,
    error_code: j.error_code,
    images: { step1: null, mask: null, step2: null, final: null, product_mask: null, ...Object.fromEntries(j.images.map((n) => [n, `/jobs/${j.id}/images/${n}.png`])) },
    samples: samplesOf(j),
    inputs: { product: j.req.product ? `/jobs/${j.id}/inputs/product` : null },
    ran_steps: j.status === 'completed' ? [1, 2, 3].filter((n) => n >= Number(j.req.params.start_step ?? 1)) : [],
    ...(j.cutout_check ? { cutout_check: j.cutout_check } : {}),
  })
  const samplesOf = (j: FakeJob): JobSample[] => j.samples.map(({ index, seed }) => ({ id: `sample-${index}`, index, seed, image: `/jobs/${j.id}/samples/${index}.png` }))
  const emit = (e: JobEvent) => listeners.forEach((l) => l(e))
  const ok = <T>(value: T): ClientResult<T> => ({ ok: true, value })
  const record = (fn: string, ...args: unknown[]) => calls.push({ fn, args })

  const submit = async (req: JobRequest): Promise<ClientResult<GenerateResponse>> => {
    const refused = refuse.find((r) => r.when(req))
    if (refused) return refused.failure
    const id = `00000000-0000-4000-8000-00000000${String(++seq).padStart(4, '0')}`
    const j: FakeJob = { id, req, status: 'running', images: [], samples: [], error: null, error_code: null }
    jobs.set(id, j)
    queueMicrotask(() => emit({ type: 'job.queued', job_id: id, at: 0, job: summary(j) }))
    return ok({ job_id: id, status: 'started', state: 'running', queue_position: null })
  }

  const api: ApiClient = {
    kind: 'http',
    generate: (req) => (record('generate', req), submit(req)),
    regenerateText: (params, s1) => (record('regenerateText', params, s1), submit({ params: { ...params, start_step: 2 }, step1: { kind: 'job', jobId: s1, image: 'step1' } })),
    recomposite: (params, s1, s2) => (record('recomposite', params, s1, s2), submit({ params: { ...params, start_step: 3 }, step1: { kind: 'job', jobId: s1, image: 'step1' }, step2: { kind: 'job', jobId: s2, image: 'step2' } })),
    async stop(jobId) {
      record('stop', jobId)
      const j = jobs.get(jobId)
      if (!j) return { ok: false, code: 'not_found', message: 'Job not found' }
      if (j.status === 'running') finish(jobId, { status: 'stopped', images: j.images })
      return ok({ job_id: jobId, status: j.status })
    },
    listJobs: async () => ok([...jobs.values()].map(summary)),
    getJob: async (jobId) => {
      const j = jobs.get(jobId)
      return j ? ok(status(j)) : { ok: false, code: 'not_found', message: 'Job not found' }
    },
    deleteJob: async (jobId) => (jobs.delete(jobId) ? ok({ job_id: jobId }) : { ok: false, code: 'not_found', message: 'Job not found' }),
    listFonts: async () => ok({ fonts: ['Pretendard/Pretendard-Bold.otf'], details: [{ family: 'Pretendard', hangul: true }] }),
    health: async () => ({ ok: false, code: 'unreachable', message: 'fake' }),
    imageUrl: async (jobId, image) => ok(`blob:${jobId}/${image}`),
    sampleUrl: async (jobId, index) => ok(`blob:${jobId}/sample-${index}`),
    imageBytes: async (jobId, image) => ok(new TextEncoder().encode(`png:${jobId}:${image}`)),
    productUrl: async (jobId) => (jobs.get(jobId)?.req.product ? ok(`blob:${jobId}/product`) : { ok: false, code: 'not_found', message: 'no product photo' }),
    fontSource: async () => ({ ok: false, code: 'unsupported', message: 'fake' }),
    saveFiles: async (req) => {
      saved.push(req)
      return ok({ folder: req.folder ?? '/chosen', paths: req.files.map((f) => `${req.folder ?? '/chosen'}/${f.name}`) })
    },
    pickFolder: async () => ok('/picked'),
    openFolder: async () => ok(null),
    copyImage: async () => ok(null),
    startDrag: () => false,
    pathForFile: () => null,
    loadState: async (key) => ok(state.get(key) ?? null),
    saveState: async (key, value) => (state.set(key, structuredClone(value)), ok(null)),
    getSettings: async () => ok(settings),
    setSettings: async (patch) => {
      record('setSettings', patch)
      settings = { ...settings, ...patch }
      if (patch.modelsEndpoint !== undefined) models.hub.endpoint = (patch.modelsEndpoint ?? 'https://huggingface.co').replace(/\/+$/, '')
      return ok(settings)
    },
    appInfo: async () => ({ ok: false, code: 'unsupported', message: 'fake' }),
    onJobEvent: (cb) => (listeners.add(cb), () => void listeners.delete(cb)),
    onEngineStatus: (cb: (s: EngineStatus) => void) => (cb({ state: 'ready', message: '', restarts: 0, retryInMs: null, lastExit: null, at: 0 }), () => undefined),
    ...models.api,
  }

  /** Ends a job the way the engine would: sample events (`samples`: their seeds), image events, then job.finished. */
  function finish(jobId: string, outcome: { status: 'completed' | 'failed' | 'stopped'; images?: JobImageName[]; samples?: number[]; error?: string; error_code?: string; cutout_check?: JobStatus['cutout_check'] }) {
    const j = jobs.get(jobId)!
    if (outcome.cutout_check) j.cutout_check = outcome.cutout_check
    for (const seed of outcome.samples ?? []) {
      j.samples.push({ index: j.samples.length + 1, seed })
      emit({ type: 'job.samples', job_id: jobId, at: 0, samples: samplesOf(j) })
    }
    for (const image of outcome.images ?? []) {
      if (!j.images.includes(image)) j.images.push(image)
      emit({ type: 'job.image', job_id: jobId, at: 0, image, url: `/jobs/${jobId}/images/${image}.png` })
    }
    Object.assign(j, { status: outcome.status, error: outcome.error ?? null, error_code: outcome.error_code ?? null })
    emit({ type: 'job.finished', job_id: jobId, at: 0, status: outcome.status, message: outcome.status, error: j.error, job: summary(j) })
  }

  const last = () => [...jobs.values()].at(-1)!
  return { api, jobs, calls, saved, state, refuse, finish, emit, last, models }
}

export const fakeImages: ImageTools & { conversions: string[] } = {
  conversions: [],
  async convert(png, o) {
    fakeImages.conversions.push(`${o.format}@${o.width}x${o.height}q${o.quality}`)
    return new TextEncoder().encode(`${o.format}:${o.width}x${o.height}:${new TextDecoder().decode(png)}`)
  },
}

/** A store on the fake client, connected, with a fixed random source for seeds. */
export async function storeWithFake() {
  const fake = createFakeApi()
  const handle = createAppStore({ api: fake.api, images: fakeImages, now: () => 1_000_000, random: () => 0.5, pollMs: 20 })
  await handle.connect()
  return { fake, handle, store: handle.store, s: () => handle.store.getState() }
}

/** Lets queued microtasks and the store's follow-up calls run. */
export const settle = () => new Promise((r) => setTimeout(r, 0))

/** Waits until `cond` holds (the store works through awaits and timers). */
export async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached')
    await new Promise((r) => setTimeout(r, 2))
  }
}
