/**
 * The preload's domain functions and the IPC channel each one invokes, plus the channels main pushes
 * events on. Kept free of zod and of any runtime dependency: the sandboxed preload bundles this file
 * and nothing else from the app (the schemas live in ipc-channels.ts, used by main).
 */
export const PRELOAD_FUNCTIONS = {
  generate: 'job:generate',
  regenerateText: 'job:regenerate-text',
  recomposite: 'job:recomposite',
  stop: 'job:stop',
  listJobs: 'job:list',
  getJob: 'job:get',
  deleteJob: 'job:delete',
  listFonts: 'fonts:list',
  health: 'engine:health',
  engineStatus: 'engine:status',
  exportAd: 'export:save',
  copyImage: 'export:copy',
  pickFolder: 'dialog:pick-folder',
  openFolder: 'folder:open',
  startDrag: 'drag:start',
  loadState: 'state:load',
  saveState: 'state:save',
  getSettings: 'settings:get',
  setSettings: 'settings:set',
  appInfo: 'app:info',
  listModels: 'models:list',
  pullModel: 'models:pull',
  cancelModelPull: 'models:cancel',
  removeModel: 'models:remove',
  importModel: 'models:import',
  verifyModel: 'models:verify',
} as const

export type PreloadFunctionName = keyof typeof PRELOAD_FUNCTIONS

/** Main → renderer pushes. */
export const IPC_EVENTS = {
  jobEvent: 'event:job',
  engineStatus: 'event:engine-status',
  modelEvent: 'event:model',
} as const

/** The name the preload exposes its bridge under (`window.adstudio`). */
export const BRIDGE_NAME = 'adstudio'
