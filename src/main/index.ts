/**
 * Electron main: the shell around the engine. It hosts the job service, runs the engine in a utility
 * process, serves job images over app-media://, answers the renderer's IPC, and opens one hardened
 * window. Nothing here decodes an image or loads a model: that is the engine process's job.
 */
import { app, BrowserWindow, ipcMain } from 'electron'
import { mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AppSettings } from '../shared/api-client'
import { IPC_EVENTS } from '../shared/ipc-functions'
import { planProviders } from './engine/ml/execution-providers'
import { probeGpuForReport } from './engine/ml/gpu-probe'
import { builtinCatalog } from './engine/models/catalog'
import { setHttpTransport } from './engine/models/http-get'
import { ModelService } from './engine/models/model-service'
import { launch } from './shell/app-lifecycle'
import { appPaths } from './shell/app-paths'
import { chromiumTransport } from './shell/chromium-transport'
import { openFolder, pickFolder, saveDialog, startDrag, writeClipboardPng } from './shell/desktop-services'
import { EngineHost } from './shell/engine-host'
import { createIpcHandlers } from './shell/ipc-handlers'
import { registerIpcHandlers, trustedFrameCheck } from './shell/ipc-router'
import { publicSettings, ShellFiles } from './shell/json-files'
import { openMainLog } from './shell/main-log'
import { handleMediaProtocol, registerMediaScheme } from './shell/media-protocol'
import { utilityProcessWorkerFactory } from './shell/utility-transport'
import { appPageUrl, createMainWindow, isAppUrl, preloadPath, rendererHtmlPath, secureSession } from './shell/window'

const mainDir = dirname(fileURLToPath(import.meta.url))
const devUrl = !app.isPackaged ? (process.env.ELECTRON_RENDERER_URL ?? null) : null
const log = openMainLog(logsDir())

registerMediaScheme()
app.enableSandbox()

let win: BrowserWindow | null = null
if (
  launch({
    start,
    log,
    onSecondInstance: () => {
      if (win?.isMinimized()) win.restore()
      win?.focus()
    },
  })
)
  app.on('window-all-closed', () => app.quit())

function logsDir(): string | null {
  try {
    return app.getPath('logs')
  } catch {
    return null
  }
}

async function start(): Promise<void> {
  const paths = appPaths({ userData: app.getPath('userData') })
  // The user's fonts folder is listed in Settings with an Open button: it has to exist.
  await mkdir(paths.fontsDir, { recursive: true }).catch((e) => log('warn', `fonts folder ${paths.fontsDir}: ${(e as Error).message}`))
  // The engine (here and in its process) reads these; set before any engine module asks.
  process.env.ADSTUDIO_CACHE_DIR = paths.cacheDir
  process.env.ADSTUDIO_FONTS_DIR = paths.fontsDir
  process.env.ADSTUDIO_MODELS_DIR = paths.modelsDir
  secureSession(devUrl !== null)

  const files = new ShellFiles(paths.userData)
  await files.load()
  const send = (channel: string, payload: unknown) => {
    if (win && !win.isDestroyed()) win.webContents.send(channel, payload)
  }
  // Downloads run here, not in the engine process: they must survive an engine restart. The engine
  // process finds what lands in the folder through ADSTUDIO_MODELS_DIR (set above, inherited).
  // The report-only probe (no trial CUDA session): main must not load onnxruntime or hold a GPU context.
  // Downloads use Chromium's network stack: the system proxy, PAC and certificates.
  setHttpTransport(chromiumTransport)
  const models = new ModelService({ modelsDir: paths.modelsDir, catalog: builtinCatalog(), log, gpuProbe: () => probeGpuForReport(files.get().device) })
  models.on((e) => send(IPC_EVENTS.modelEvent, e))
  // The saved mirror, if any (null leaves HF_ENDPOINT / ADSTUDIO_HF_ENDPOINT, else huggingface.co);
  // later changes are applied by the settings:set handler.
  const endpoint = models.setEndpoint(files.get().modelsEndpoint)
  if (!endpoint.ok) log('warn', `settings: ${endpoint.message}; downloads come from ${models.endpoint}`)
  const host = new EngineHost({
    dataDir: paths.dataDir,
    workerFactory: utilityProcessWorkerFactory({
      entry: join(mainDir, 'engine-utility.js'),
      env: () => ({ ...process.env, ADSTUDIO_DEVICE: files.get().device }),
      onOutput: (line) => log('info', `[engine] ${line}`),
      log: (m) => log('warn', m),
    }),
    onStatus: (s) => send(IPC_EVENTS.engineStatus, s),
    onJobEvent: (e) => send(IPC_EVENTS.jobEvent, e),
    log,
    version: app.getVersion(),
    models,
  })
  await host.start()

  // Font modules load the canvas library: only when a font is first listed, checked or previewed.
  const fonts = () => import('./engine/api/font-access')
  handleMediaProtocol({
    jobsRoot: () => join(paths.dataDir, 'jobs'),
    resolveFont: async (name) => {
      const { resolveFont } = await import('./engine/fonts/resolve-font-name')
      try {
        return resolveFont(name).path
      } catch {
        return null
      }
    },
    log: (m) => log('warn', m),
  })

  const applySettings = async (before: AppSettings, after: AppSettings): Promise<AppSettings> => {
    if (before.device !== after.device) host.recycleIdleEngines()
    if (JSON.stringify(before.localApi) !== JSON.stringify(after.localApi)) {
      const api = await host.setLocalApi(after.localApi)
      if (api.error) log('warn', `local API: ${api.error}`)
      if (api.token !== after.localApi.token) await files.update({ localApi: { ...after.localApi, token: api.token } })
    }
    return publicSettings(files.get())
  }

  registerIpcHandlers(
    ipcMain,
    createIpcHandlers({
      host,
      files,
      version: app.getVersion(),
      appInfo: () => ({
        kind: 'electron',
        version: app.getVersion(),
        platform: `${process.platform} ${process.arch}`,
        locale: app.getLocale(),
        dataDir: paths.dataDir,
        fontsDir: paths.fontsDir,
        device: { auto: planProviders('auto').reason, gpu: planProviders('gpu').reason, cpu: planProviders('cpu').reason },
        canConfigureEngine: true,
        apiUrl: host.apiUrl(),
      }),
      checkFont: async (name) => (await fonts()).checkFontName(name),
      listFonts: async () => (await fonts()).listFontsForApi(),
      saveDialog,
      pickFolder,
      openFolder: (folder) => openFolder({ fonts: paths.fontsDir, data: paths.dataDir, logs: log.path ? dirname(log.path) : paths.userData }[folder]),
      writeClipboardPng,
      startDrag,
      defaultExportFolder: () => app.getPath('pictures'),
      applySettings,
      models,
    }),
    trustedFrameCheck((wc) => wc === win?.webContents, (url) => isAppUrl(url, appPageUrl(devUrl, rendererHtmlPath(mainDir)))),
    (m) => log('warn', m),
  )

  const api = files.get().localApi
  if (api.enabled) await applySettings({ ...files.get(), localApi: { ...api, enabled: false } }, files.get())

  win = createMainWindow({ preload: preloadPath(mainDir), devUrl, rendererHtml: rendererHtmlPath(mainDir) })
  win.on('closed', () => (win = null))
  let closing = false
  app.on('before-quit', (e) => {
    if (closing) return
    // Jobs are persisted as they go; this lets a running one be recorded as interrupted, not lost.
    closing = true
    e.preventDefault()
    void Promise.all([models.close(), host.close()]).finally(() => app.quit())
  })
}
