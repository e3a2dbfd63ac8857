/**
 * The bridge the sandboxed page sees as `window.adstudio`: one domain function per IPC channel
 * (generate, regenerateText, recomposite, stop, exportAd, listModels, …), three event subscriptions and the path
 * of a dropped file. Raw channels, ipcRenderer and Node never reach the page. Built as CommonJS with
 * nothing but electron external: a sandboxed preload cannot load modules from disk.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import type { EngineStatus } from '../shared/api-client'
import type { PreloadApi, PreloadInvokeApi } from '../shared/ipc-channels'
import { BRIDGE_NAME, IPC_EVENTS, PRELOAD_FUNCTIONS, type PreloadFunctionName } from '../shared/ipc-functions'
import type { JobEvent } from '../shared/job-events'
import type { ModelEvent } from '../shared/models-contract'

const invokers = Object.fromEntries(
  (Object.keys(PRELOAD_FUNCTIONS) as PreloadFunctionName[]).map((name) => [name, (req?: unknown) => ipcRenderer.invoke(PRELOAD_FUNCTIONS[name], req)]),
) as unknown as PreloadInvokeApi

function subscribe<T>(channel: string, cb: (payload: T) => void): () => void {
  // The event object (with its sender) stays here: the page gets the payload only.
  const listener = (_e: IpcRendererEvent, payload: T) => cb(payload)
  ipcRenderer.on(channel, listener)
  return () => void ipcRenderer.removeListener(channel, listener)
}

export const bridge: PreloadApi = {
  ...invokers,
  onJobEvent: (cb) => subscribe<JobEvent>(IPC_EVENTS.jobEvent, cb),
  onEngineStatus: (cb) => subscribe<EngineStatus>(IPC_EVENTS.engineStatus, cb),
  onModelEvent: (cb) => subscribe<ModelEvent>(IPC_EVENTS.modelEvent, cb),
  pathForFile: (file) => {
    try {
      return webUtils.getPathForFile(file as File)
    } catch {
      return ''
    }
  },
  platform: process.platform,
}

contextBridge.exposeInMainWorld(BRIDGE_NAME, bridge)
