import type { ApiClient, ClientResult } from '../../shared/api-client'
import type { PreloadApi } from '../../shared/ipc-channels'
import { sampleFileName } from '../../shared/job-status'

/**
 * The ApiClient in Electron: the preload bridge (`window.adstudio`), plus the app-media:// URLs that
 * main serves job images and fonts under. Images are read from disk by main, never sent over IPC.
 */
export const MEDIA_ORIGIN = 'app-media://'

const ok = <T>(value: T): ClientResult<T> => ({ ok: true, value })

export function createElectronClient(bridge: PreloadApi): ApiClient {
  const mediaUrl = (jobId: string, file: string) => `${MEDIA_ORIGIN}job/${jobId}/${file}`
  return {
    kind: 'electron',
    generate: (req) => bridge.generate(req),
    regenerateText: (params, step1From) => bridge.regenerateText({ params, step1From }),
    recomposite: (params, step1From, step2From) => bridge.recomposite({ params, step1From, step2From }),
    stop: (jobId) => bridge.stop({ jobId }),
    listJobs: () => bridge.listJobs(),
    getJob: (jobId) => bridge.getJob({ jobId }),
    deleteJob: (jobId) => bridge.deleteJob({ jobId }),
    listFonts: () => bridge.listFonts(),
    health: () => bridge.health(),
    imageUrl: async (jobId, image) => ok(mediaUrl(jobId, `${image}.png`)),
    // main serves step1_sample_<n>.png of the job folder (media-path.ts); a missing one answers 404 there.
    sampleUrl: async (jobId, index) => ok(mediaUrl(jobId, sampleFileName(index))),
    // main serves the product photo a job keeps (inputs/product.<ext>, media-path.ts); none answers 404 there.
    productUrl: async (jobId) => ok(mediaUrl(jobId, 'product')),
    async imageBytes(jobId, image) {
      try {
        const res = await fetch(mediaUrl(jobId, `${image}.png`))
        if (!res.ok) return { ok: false, code: 'not_found', message: `image ${image} of job ${jobId} not found` }
        return ok(new Uint8Array(await res.arrayBuffer()))
      } catch (e) {
        return { ok: false, code: 'io_error', message: (e as Error).message }
      }
    },
    fontSource: async (name) => ok({ url: `${MEDIA_ORIGIN}font/${name.split('/').map(encodeURIComponent).join('/')}` }),
    saveFiles: (req) => bridge.exportAd(req),
    pickFolder: () => bridge.pickFolder(),
    openFolder: (folder) => bridge.openFolder({ folder }),
    copyImage: (png) => bridge.copyImage({ png }),
    startDrag(jobId, image) {
      void bridge.startDrag({ jobId, image })
      return true
    },
    pathForFile: (file) => bridge.pathForFile(file) || null,
    loadState: (key) => bridge.loadState({ key }),
    saveState: (key, value) => bridge.saveState({ key, value }),
    getSettings: () => bridge.getSettings(),
    setSettings: (patch) => bridge.setSettings(patch),
    appInfo: () => bridge.appInfo(),
    onJobEvent: (cb) => bridge.onJobEvent(cb),
    listModels: () => bridge.listModels(),
    pullModel: (id) => bridge.pullModel({ id }),
    cancelModelPull: (id) => bridge.cancelModelPull({ id }),
    removeModel: (id) => bridge.removeModel({ id }),
    importModel: (req) => bridge.importModel(req),
    verifyModel: (id) => bridge.verifyModel({ id }),
    onModelEvent: (cb) => bridge.onModelEvent(cb),
    onEngineStatus(cb) {
      // The current state first, then every change pushed by main.
      void bridge.engineStatus().then((r) => r.ok && cb(r.value))
      return bridge.onEngineStatus(cb)
    },
  }
}
