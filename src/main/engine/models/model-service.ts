/**
 * The model manager behind the app and the HTTP API: the catalogue merged with the models folder,
 * downloads running in the background (one per model) with throttled progress events, cancel,
 * remove, import and verify. Answers Results, never throws, since every caller sits on a process
 * line (HTTP, IPC). What it keeps in memory (downloads in flight, last failures) is lost on restart
 * by design: the folder itself says what is installed or half-downloaded.
 */
import { isAbsolute } from 'node:path'
import { HUB_ENDPOINT_FIELD, hubEndpointProblem } from '../../../shared/hub-endpoint'
import { modelIdSchema, type ModelDownload, type ModelEvent, type ModelImportRequest, type ModelOffer, type ModelsResponse, type ModelVerify } from '../../../shared/models-contract'
import { fail, ok, type Result } from '../../../shared/result'
import { EngineError, toFailure } from '../errors'
import type { Catalog } from './catalog'
import type { FreeSpaceProbe } from './disk-space'
import { hubSettings, type HubSettings } from './hf-hub'
import { buildOffers, type LiveState } from './model-offers'
import { importModel, readManifest, removeInstalled, verifyInstalled } from './model-store'
import { pullModel, type PullProgress } from './pull-model'

export interface GpuVerdict {
  usable: boolean
  summary: string
}

export interface ModelServiceOptions {
  modelsDir: string
  catalog: Catalog
  hub?: Partial<HubSettings>
  /** Asked once, in the background; GET /models answers `gpu: null` until it has answered. */
  gpuProbe?: () => Promise<GpuVerdict>
  /** Minimum milliseconds between progress events of one download (default 250). */
  progressEveryMs?: number
  /** Download tuning, for tests (a fake disk, quick retries). */
  freeSpace?: FreeSpaceProbe
  retries?: number
  retryDelayMs?: number
  idleTimeoutMs?: number
  log?: (level: 'info' | 'warn' | 'error', message: string) => void
}

interface Running {
  ctrl: AbortController
  download: ModelDownload
  done: Promise<void>
}

const idle = (): ModelDownload => ({ file: null, file_index: 0, file_count: 0, bytes: 0, total: 0, speed_bps: 0, eta_sec: null })

const toDownload = (p: PullProgress): ModelDownload => ({
  file: p.file,
  file_index: p.fileIndex,
  file_count: p.fileCount,
  bytes: p.bytes,
  total: p.total,
  speed_bps: p.speedBps,
  eta_sec: p.etaSec,
})

/** A Failure whose message starts with the field it is about, so every surface names it. */
function failureOf(e: unknown) {
  const f = toFailure(e)
  const field = e instanceof EngineError ? e.field : undefined
  return field && !f.message.startsWith(`${field}:`) ? { ...f, message: `${field}: ${f.message}` } : f
}

export class ModelService {
  readonly modelsDir: string
  /** Where null (the user's "default") leads: the options' endpoint, else the environment's, else huggingface.co. */
  private readonly defaultEndpoint: string
  private currentEndpoint: string
  private readonly running = new Map<string, Running>()
  private readonly errors = new Map<string, string>()
  private readonly listeners = new Set<(e: ModelEvent) => void>()
  private gpu: GpuVerdict | null = null
  private readonly live: LiveState = {
    download: (id) => this.running.get(id)?.download ?? null,
    error: (id) => this.errors.get(id) ?? null,
  }

  constructor(private readonly opts: ModelServiceOptions) {
    this.modelsDir = opts.modelsDir
    this.defaultEndpoint = hubSettings(opts.hub).endpoint
    this.currentEndpoint = this.defaultEndpoint
    opts
      .gpuProbe?.()
      .then((v) => (this.gpu = v))
      .catch((e) => (this.gpu = { usable: false, summary: `the GPU probe failed: ${e instanceof Error ? e.message : String(e)}` }))
  }

  /** The endpoint the next download goes to (GET /models reports it). */
  get endpoint(): string {
    return this.currentEndpoint
  }

  /**
   * Points the next downloads at another endpoint (a mirror); null goes back to the default. A
   * download already running keeps the endpoint it started with: its files must all come from one
   * place, and cancelling the user's download behind their back would be worse than finishing it.
   */
  setEndpoint(endpoint: string | null): Result<{ endpoint: string }> {
    if (endpoint !== null) {
      const rule = hubEndpointProblem(endpoint)
      if (rule) return fail('invalid_request', `${HUB_ENDPOINT_FIELD}: ${rule}`, [{ field: HUB_ENDPOINT_FIELD, rule }])
    }
    const next = endpoint === null ? this.defaultEndpoint : hubSettings({ endpoint }).endpoint
    if (next !== this.currentEndpoint) this.opts.log?.('info', `models: downloads now come from ${next}`)
    this.currentEndpoint = next
    return ok({ endpoint: next })
  }

  /** Model events as they happen; answers the unsubscribe function. */
  on(listener: (e: ModelEvent) => void): () => void {
    this.listeners.add(listener)
    return () => void this.listeners.delete(listener)
  }

  async list(): Promise<Result<ModelsResponse>> {
    try {
      const models = await buildOffers(this.opts.catalog, this.modelsDir, this.live)
      return ok({ models, models_dir: this.modelsDir, endpoint: this.endpoint, gpu: this.gpu })
    } catch (e) {
      return failureOf(e)
    }
  }

  /** One model as offered now; null when neither the catalogue nor the folder knows it. */
  async offer(id: string): Promise<ModelOffer | null> {
    return (await buildOffers(this.opts.catalog, this.modelsDir, this.live, id))[0] ?? null
  }

  /** Starts a download in the background and answers at once; a running or finished one answers as it is. */
  async pull(id: string): Promise<Result<ModelOffer>> {
    const bad = checkId(id)
    if (bad) return bad
    const entry = this.opts.catalog.models.find((m) => m.id === id)
    if (!entry) return fail('not_found', `id: no model "${id}" in the catalogue (known: ${this.opts.catalog.models.map((m) => m.id).join(', ')})`, [{ field: 'id', rule: 'is not in the catalogue' }])
    if (!this.running.has(id)) {
      const current = await this.offer(id)
      if (current?.state === 'ready') return ok(current)
      // Checked again: another pull of the same id may have started while the folder was read.
      if (!this.running.has(id)) this.start(entry.id, entry)
    }
    return ok((await this.offer(id))!)
  }

  private start(id: string, entry: Catalog['models'][number]): void {
    const ctrl = new AbortController()
    // Read before any await: a setEndpoint after this pull changes the next downloads, not this one.
    const hub = { ...this.opts.hub, endpoint: this.currentEndpoint }
    const run: Running = { ctrl, download: idle(), done: Promise.resolve() }
    this.running.set(id, run)
    this.errors.delete(id)
    const every = this.opts.progressEveryMs ?? 250
    let last = -Infinity
    run.done = (async () => {
      await this.emitState(id)
      try {
        await pullModel(entry, {
          modelsDir: this.modelsDir,
          hub,
          signal: ctrl.signal,
          freeSpace: this.opts.freeSpace,
          retries: this.opts.retries,
          retryDelayMs: this.opts.retryDelayMs,
          idleTimeoutMs: this.opts.idleTimeoutMs,
          progressEveryMs: every,
          onProgress: (p) => {
            run.download = toDownload(p)
            // pullModel forces an event at every file's start and end: many small files would flood.
            const now = performance.now()
            if (now - last < every) return
            last = now
            this.emit({ type: 'model.progress', id, at: Date.now(), download: run.download })
          },
        })
        this.opts.log?.('info', `model ${id}: installed`)
      } catch (e) {
        // A cancel is the user's choice, not a failure: what arrived stays and the next pull resumes.
        if (ctrl.signal.aborted) this.opts.log?.('info', `model ${id}: download cancelled`)
        else {
          const f = failureOf(e)
          this.errors.set(id, f.message)
          this.opts.log?.('warn', `model ${id}: ${f.message}`)
        }
      } finally {
        this.running.delete(id)
      }
      await this.emitState(id)
    })().catch((e) => this.opts.log?.('error', `model ${id}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`))
  }

  /** Stops a download and answers once it has stopped; a model not downloading answers as it is. */
  async cancel(id: string): Promise<Result<ModelOffer>> {
    const bad = checkId(id)
    if (bad) return bad
    const run = this.running.get(id)
    if (run) {
      run.ctrl.abort()
      await run.done
    }
    const offer = await this.offer(id)
    return offer ? ok(offer) : notKnown(id)
  }

  async remove(id: string): Promise<Result<{ id: string; deleted_files: boolean }>> {
    const bad = checkId(id)
    if (bad) return bad
    if (this.running.has(id)) return busy(id, 'removed')
    try {
      const r = await removeInstalled(this.modelsDir, id)
      this.errors.delete(id)
      await this.emitState(id)
      return ok({ id, deleted_files: r.deletedFiles })
    } catch (e) {
      return e instanceof EngineError && e.code === 'not_found' ? notKnown(id, 'is not installed') : failureOf(e)
    }
  }

  /** Registers the user's own folder or .onnx file after validating it; nothing is copied. */
  async import(req: ModelImportRequest): Promise<Result<ModelOffer>> {
    if (!isAbsolute(req.path)) return fail('invalid_request', `path: must be an absolute path (got "${req.path.slice(0, 200)}")`, [{ field: 'path', rule: 'must be an absolute path' }])
    if (req.id !== undefined) {
      const bad = checkId(req.id)
      if (bad) return bad
      if (this.running.has(req.id)) return busy(req.id, 'replaced by an import')
    }
    try {
      const { manifest } = await importModel(this.modelsDir, req.path, { id: req.id })
      this.errors.delete(manifest.id)
      await this.emitState(manifest.id)
      return ok((await this.offer(manifest.id))!)
    } catch (e) {
      return failureOf(e)
    }
  }

  /** Re-checks an installed model; a failed check is kept as the model's error until the next success. */
  async verify(id: string): Promise<Result<ModelVerify>> {
    const bad = checkId(id)
    if (bad) return bad
    if (this.running.has(id)) return busy(id, 'verified')
    try {
      if (!(await readManifest(this.modelsDir, id))) return notKnown(id, 'is not installed')
      const r = await verifyInstalled(this.modelsDir, id)
      const before = this.errors.get(id) ?? null
      const after = r.ok ? null : `verify found problems: ${r.problems.join('; ')}`
      if (after) this.errors.set(id, after)
      else this.errors.delete(id)
      if (before !== after) await this.emitState(id)
      return ok({ id, ok: r.ok, problems: r.problems, checked_files: r.checkedFiles })
    } catch (e) {
      return failureOf(e)
    }
  }

  /** Stops every download (their partial files stay for the next start). */
  async close(): Promise<void> {
    const runs = [...this.running.values()]
    runs.forEach((r) => r.ctrl.abort())
    await Promise.all(runs.map((r) => r.done))
    this.listeners.clear()
  }

  private async emitState(id: string): Promise<void> {
    const model = await this.offer(id).catch(() => null)
    this.emit({ type: 'model.state', id, at: Date.now(), model })
  }

  private emit(e: ModelEvent): void {
    for (const l of this.listeners) {
      try {
        l(e)
      } catch (err) {
        this.opts.log?.('warn', `a model event listener failed: ${err instanceof Error ? err.message : String(err)}`)
      }
    }
  }
}

function checkId(id: string) {
  const r = modelIdSchema.safeParse(id)
  if (r.success) return null
  const rule = r.error.issues[0]?.message ?? 'must be a model id'
  return fail('invalid_request', `id: ${rule} (got "${id.slice(0, 100)}")`, [{ field: 'id', rule }])
}

const notKnown = (id: string, why = 'is neither in the catalogue nor installed') => fail('not_found', `model "${id}" ${why}`, [{ field: 'id', rule: why }])

const busy = (id: string, what: string) => fail('busy', `model "${id}" is downloading and cannot be ${what} now: cancel the download first`, [{ field: 'id', rule: 'is downloading' }])
