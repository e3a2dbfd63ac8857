import { recompositeRequest, regenerateTextRequest, type AppFolder, type AppInfo, type AppSettings, type ClientResult, type JobRequest } from '../../shared/api-client'
import type { FontsResponse, GenerateResponse, HealthResponse } from '../../shared/api-responses'
import type { IpcHandlers } from '../../shared/ipc-channels'
import type { Failure } from '../../shared/result'
import { summaryOf } from '../engine/jobs/job-view'
import type { ModelService } from '../engine/models/model-service'
import type { EngineHost } from './engine-host'
import { saveExportFiles, type ExportDeps } from './export-files'
import type { HandlerContext } from './ipc-router'
import { publicSettings, type ShellFiles } from './json-files'
import { submitJob } from './job-submit'
import { createModelHandlers } from './models-handlers'

/**
 * One handler per IPC channel (the type makes a missing one a compile error). Job handlers answer
 * what the HTTP API answers for the same request, from the same JobService; the rest are the
 * desktop's own: files, dialogs, clipboard, drag-out, settings.
 */
export interface HandlerDeps {
  host: EngineHost
  files: ShellFiles
  version: string
  appInfo: () => AppInfo
  checkFont: (name: string) => Promise<Failure | null>
  listFonts: () => Promise<FontsResponse>
  saveDialog: (ctx: HandlerContext, defaultPath: string) => Promise<string | null>
  pickFolder: (ctx: HandlerContext, startIn: string | null) => Promise<string | null>
  /** Shows one of the app's folders in the file manager. */
  openFolder: (folder: AppFolder) => Promise<ClientResult<null>>
  writeClipboardPng: (png: Uint8Array) => Promise<boolean>
  /** False when the drag could not start (no icon could be made). */
  startDrag: (ctx: HandlerContext, file: string) => Promise<boolean>
  defaultExportFolder: () => string
  /** Applies changed settings (device → engine restart when idle, local API on/off); the handler itself points the model manager at a new endpoint. */
  applySettings: (before: AppSettings, after: AppSettings) => Promise<AppSettings>
  /** The model manager (main hosts it: downloads must outlive an engine process restart). */
  models: ModelService
}

const ok = <T>(value: T): ClientResult<T> => ({ ok: true, value })
const notFound = (what: string): ClientResult<never> => ({ ok: false, code: 'not_found', message: `${what} not found` })

export function createIpcHandlers(d: HandlerDeps): IpcHandlers<HandlerContext> {
  const submit = async (req: JobRequest): Promise<ClientResult<GenerateResponse>> => {
    const s = d.host.service()
    return s.ok ? submitJob({ jobs: s.value, checkFont: d.checkFont }, req) : s
  }
  const exportDeps: ExportDeps = {
    showSaveDialog: async () => null,
    lastFolder: () => d.files.get().lastExportFolder,
    rememberFolder: async (folder) => void (await d.files.update({ lastExportFolder: folder })),
    fallbackFolder: d.defaultExportFolder,
  }

  return {
    'job:generate': (req) => submit(req as JobRequest),
    'job:regenerate-text': (req) => submit(regenerateTextRequest(req.params, req.step1From)),
    'job:recomposite': (req) => submit(recompositeRequest(req.params, req.step1From, req.step2From)),

    async 'job:stop'({ jobId }) {
      const s = d.host.service()
      if (!s.ok) return s
      const state = await s.value.stop(jobId)
      return state ? ok({ job_id: jobId, status: state }) : notFound('job')
    },
    async 'job:list'() {
      const s = d.host.service()
      if (!s.ok) return s
      return ok(s.value.list().map((j) => summaryOf(j, s.value.queuePosition(j.stored.job_id))))
    },
    async 'job:get'({ jobId }) {
      const s = d.host.service()
      if (!s.ok) return s
      const st = s.value.status(jobId, d.host.sampleMetrics())
      return st ? ok(st) : notFound('job')
    },
    async 'job:delete'({ jobId }) {
      const s = d.host.service()
      if (!s.ok) return s
      const r = await s.value.delete(jobId)
      if (r === 'running') return { ok: false, code: 'invalid_request', message: 'Cannot delete a running job. Stop it first.' }
      return r ? ok({ job_id: jobId }) : notFound('job')
    },
    'fonts:list': async () => ok(await d.listFonts()),
    async 'engine:health'() {
      const s = d.host.service()
      if (!s.ok) return s
      const n = s.value.counts()
      const workers = s.value.runner.workers()
      const body: HealthResponse = {
        status: workers.some((w) => ['idle', 'busy', 'starting'].includes(w.state)) ? 'healthy' : 'degraded',
        server_time: Date.now() / 1000,
        total_jobs: n.total,
        active_jobs: n.active,
        queued_jobs: n.queued,
        system_metrics: d.host.sampleMetrics(),
        workers,
        version: d.version,
      }
      return ok(body)
    },
    'engine:status': async () => ok(d.host.status()),

    'export:save': (req, ctx) => saveExportFiles({ ...exportDeps, showSaveDialog: (p) => d.saveDialog(ctx, p) }, req),
    'export:copy': async ({ png }) => ((await d.writeClipboardPng(png)) ? ok(null) : { ok: false, code: 'invalid_image', message: 'the clipboard did not accept the image' }),
    'dialog:pick-folder': async (_req, ctx) => ok(await d.pickFolder(ctx, d.files.get().lastExportFolder)),
    'folder:open': ({ folder }) => d.openFolder(folder),
    async 'drag:start'({ jobId, image }, ctx) {
      const s = d.host.service()
      if (!s.ok) return s
      const j = s.value.get(jobId)
      if (!j || !j.stored.images.includes(image)) return notFound(`image ${image} of job ${jobId}`)
      const started = await d.startDrag(ctx, s.value.store.imagePath(jobId, image))
      return started ? ok(null) : { ok: false, code: 'internal', message: `could not start dragging image ${image} of job ${jobId}: no icon could be made for it` }
    },

    'state:load': async ({ key }) => ok(await d.files.loadState(key)),
    'state:save': async ({ key, value }) =>
      (await d.files.saveState(key, value)) ? ok(null) : { ok: false, code: 'invalid_request', message: `the ${key} state is too large to keep` },
    'settings:get': async () => ok(publicSettings(d.files.get())),
    async 'settings:set'(patch) {
      const before = publicSettings(d.files.get())
      const merged = publicSettings(await d.files.update(patch))
      // Applied here, where the model manager is at hand, so the answer and the next models:list agree.
      if (before.modelsEndpoint !== merged.modelsEndpoint) {
        const r = d.models.setEndpoint(merged.modelsEndpoint)
        if (!r.ok) return r
      }
      return ok(await d.applySettings(before, merged))
    },
    'app:info': async () => ok(d.appInfo()),
    ...createModelHandlers(d.models),
  }
}
