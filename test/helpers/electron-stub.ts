/**
 * Stand-in for the `electron` module where there is no Electron binary (importing the real package
 * from plain Node downloads one). vitest aliases `electron` here; the built-main test registers it as
 * `electron` for out/main/index.js in a plain Node process, which runs this file with its types
 * stripped: erasable TypeScript only (no enums, no parameter properties), Node built-ins only.
 *
 * It does what the shell asks of Electron's API shapes (checked against electron.d.ts of the installed
 * version) and records it in `stub`; tests drive Electron's side through `stub` and the fakes: the
 * ready event, a utility process spawning, failing and exiting, child-process-gone.
 */
import { EventEmitter } from 'node:events'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'

type Listener = (...args: never[]) => unknown

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => undefined as void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

/** PNG width/height from the IHDR chunk, or null: enough for a stub nativeImage to know a picture. */
function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
  if (bytes.length < 24 || sig.some((b, i) => bytes[i] !== b)) return null
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const width = v.getUint32(16)
  const height = v.getUint32(20)
  return width > 0 && height > 0 ? { width, height } : null
}

export class NativeImage {
  readonly width: number
  readonly height: number
  /** Where the picture came from (a path, 'buffer', 'data-url', 'thumbnail'), for tests. */
  readonly source: string
  constructor(width: number, height: number, source: string) {
    this.width = width
    this.height = height
    this.source = source
  }
  isEmpty(): boolean {
    return this.width === 0 || this.height === 0
  }
  getSize(): { width: number; height: number } {
    return { width: this.width, height: this.height }
  }
  resize(o: { width?: number; height?: number }): NativeImage {
    if (this.isEmpty()) return this
    const w = o.width ?? Math.round(((o.height ?? this.height) * this.width) / this.height)
    const h = o.height ?? Math.round((w * this.height) / this.width)
    return new NativeImage(w, h, this.source)
  }
}

const fromBytes = (bytes: Uint8Array, source: string) => {
  const size = stub.nativeImageDecodes ? pngSize(bytes) : null
  return size ? new NativeImage(size.width, size.height, source) : new NativeImage(0, 0, source)
}

export const nativeImage = {
  createEmpty: () => new NativeImage(0, 0, 'empty'),
  createFromPath(path: string): NativeImage {
    stub.calls.push(['nativeImage.createFromPath', path])
    try {
      return fromBytes(readFileSync(path), path)
    } catch {
      return new NativeImage(0, 0, path)
    }
  },
  createFromBuffer: (buf: Uint8Array) => fromBytes(buf, 'buffer'),
  createFromDataURL(url: string): NativeImage {
    const m = /^data:image\/png;base64,(.*)$/.exec(url)
    return m ? fromBytes(Buffer.from(m[1], 'base64'), 'data-url') : new NativeImage(0, 0, 'data-url')
  },
  /** macOS and Windows only in Electron; the stub follows `stub.platform`. */
  async createThumbnailFromPath(path: string, size: { width: number; height: number }): Promise<NativeImage> {
    stub.calls.push(['nativeImage.createThumbnailFromPath', path])
    if (stub.platform === 'linux') throw new Error('createThumbnailFromPath is not available on Linux')
    const img = nativeImage.createFromPath(path)
    if (img.isEmpty()) throw new Error(`no thumbnail for ${path}`)
    return new NativeImage(size.width, size.height, 'thumbnail')
  },
}

class FakeApp extends EventEmitter {
  isPackaged = false
  whenReady(): Promise<void> {
    return stub.readyGate.promise
  }
  isReady(): boolean {
    return stub.isReady
  }
  getPath(name: string): string {
    if (name === 'userData') return stub.userData
    if (name === 'logs') return join(stub.userData, 'logs')
    return join(stub.userData, 'paths', name)
  }
  getVersion = () => '0.0.0-stub'
  getLocale = () => 'en-US'
  getAppPath = () => process.cwd()
  enableSandbox = () => void stub.calls.push(['app.enableSandbox'])
  requestSingleInstanceLock(): boolean {
    stub.calls.push(['app.requestSingleInstanceLock'])
    return stub.singleInstanceLock
  }
  quit = () => void stub.calls.push(['app.quit'])
  /** Electron's exit ends the process at once; the stub records it (tests decide what follows). */
  exit = (code = 0) => void stub.calls.push(['app.exit', code])
}

class FakeWebContents extends EventEmitter {
  static nextId = 1
  readonly id = FakeWebContents.nextId++
  readonly mainFrame = { url: '' }
  windowOpenHandler: Listener | null = null
  sent: [string, unknown][] = []
  drags: { file: string; icon: NativeImage }[] = []
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload])
  }
  /** Electron returns silently on an empty icon; the stub records what it was given. */
  startDrag(item: { file: string; icon: NativeImage }): void {
    this.drags.push(item)
  }
  setWindowOpenHandler(h: Listener): void {
    this.windowOpenHandler = h
  }
  isDestroyed = () => false
}

export class BrowserWindow extends EventEmitter {
  readonly options: unknown
  readonly webContents = new FakeWebContents()
  loaded: string | null = null
  private destroyed = false
  constructor(options: unknown = {}) {
    super()
    this.options = options
    stub.windows.push(this)
  }
  static fromWebContents(wc: unknown): BrowserWindow | null {
    return stub.windows.find((w) => w.webContents === wc) ?? null
  }
  static getAllWindows = () => stub.windows.filter((w) => !w.destroyed)
  async loadURL(url: string): Promise<void> {
    this.loaded = url
    this.webContents.mainFrame.url = url
  }
  async loadFile(path: string): Promise<void> {
    this.loaded = path
  }
  show = () => undefined
  focus = () => void stub.calls.push(['win.focus'])
  restore = () => undefined
  isMinimized = () => false
  isDestroyed = () => this.destroyed
  close(): void {
    this.destroyed = true
    this.emit('closed')
  }
}

/**
 * Electron's UtilityProcess as electron.d.ts documents it: `pid` is undefined until 'spawn' and again
 * after exit, kill() returns false (and does nothing) until the process has spawned, 'exit' follows
 * 'error'. Tests play the process's part with spawn(), fatalError() and exit().
 */
export class FakeUtilityProcess extends EventEmitter {
  pid: number | undefined = undefined
  readonly stdout = new PassThrough()
  readonly stderr = new PassThrough()
  readonly posted: unknown[] = []
  readonly modulePath: string
  readonly options: { serviceName?: string; env?: NodeJS.ProcessEnv } & Record<string, unknown>
  /** kill() calls, and how many of them Electron would have carried out. */
  killCalls = 0
  killed = 0
  /** Makes kill() answer false even after spawn (Electron does when the process cannot be opened). */
  refuseKills = 0
  constructor(modulePath: string, options: FakeUtilityProcess['options']) {
    super()
    this.modulePath = modulePath
    this.options = options
  }
  postMessage(m: unknown): void {
    this.posted.push(m)
  }
  kill(): boolean {
    this.killCalls++
    if (this.pid === undefined) return false
    if (this.refuseKills > 0) return (this.refuseKills--, false)
    this.killed++
    return true
  }
  // The process's side, driven by tests.
  spawn(pid: number): void {
    this.pid = pid
    this.emit('spawn')
  }
  fatalError(location = 'engine.cc:1'): void {
    this.emit('error', 'FatalError', location, '{}')
  }
  exit(code: number): void {
    this.pid = undefined
    this.emit('exit', code)
  }
  /** A message from the engine, as process.parentPort.postMessage delivers it. */
  message(m: unknown): void {
    this.emit('message', m)
  }
}

export const utilityProcess = {
  fork(modulePath: string, _args: string[] = [], options: FakeUtilityProcess['options'] = {}): FakeUtilityProcess {
    const p = new FakeUtilityProcess(modulePath, options)
    stub.utilityProcesses.push(p)
    return p
  },
}

export const dialog = {
  showErrorBox: (title: string, content: string) => void stub.errorBoxes.push({ title, content }),
  showSaveDialog: async () => ({ canceled: true, filePath: '' }),
  showOpenDialog: async () => ({ canceled: true, filePaths: [] as string[] }),
  showMessageBox: async () => ({ response: 0, checkboxChecked: false }),
}

export const ipcMain = {
  handle: (channel: string, listener: Listener) => void stub.ipcHandlers.set(channel, listener),
  removeHandler: (channel: string) => void stub.ipcHandlers.delete(channel),
  on: () => undefined,
}

export const protocol = {
  registerSchemesAsPrivileged: (schemes: unknown) => void stub.calls.push(['protocol.registerSchemesAsPrivileged', schemes]),
  handle: (scheme: string, handler: Listener) => void stub.protocolHandlers.set(scheme, handler),
}

const fakeSession = {
  setPermissionRequestHandler: () => undefined,
  setPermissionCheckHandler: () => undefined,
  setDevicePermissionHandler: () => undefined,
  webRequest: { onHeadersReceived: () => undefined },
}
export const session = { defaultSession: fakeSession }

export const shell = {
  openExternal: async (url: string) => void stub.calls.push(['shell.openExternal', url]),
  openPath: async (path: string) => (stub.calls.push(['shell.openPath', path]), ''),
}

export class ClipboardItem {
  readonly items: Record<string, unknown>
  constructor(items: Record<string, unknown>) {
    this.items = items
  }
}
export const clipboard = { write: async (items: unknown[]) => void stub.calls.push(['clipboard.write', items.length]) }

/** Electron's net.fetch goes through Chromium's network stack; the stub's through Node's. */
export const net = { fetch: (input: string | URL | Request, init?: RequestInit) => globalThis.fetch(input, init) }

// The preload's side.
export const contextBridge = { exposeInMainWorld: (key: string, api: unknown) => void stub.calls.push(['contextBridge.exposeInMainWorld', key, api]) }
export const ipcRenderer = Object.assign(new EventEmitter(), { invoke: async (channel: string, ...args: unknown[]) => (stub.calls.push(['ipcRenderer.invoke', channel, ...args]), undefined) })
export const webUtils = { getPathForFile: () => '' }

export const app = new FakeApp()

/** The stub's state and controls. reset() between tests. */
export const stub = {
  calls: [] as unknown[][],
  errorBoxes: [] as { title: string; content: string }[],
  windows: [] as BrowserWindow[],
  utilityProcesses: [] as FakeUtilityProcess[],
  ipcHandlers: new Map<string, Listener>(),
  protocolHandlers: new Map<string, Listener>(),
  singleInstanceLock: true,
  /** What nativeImage and friends behave as; Electron differs by platform (thumbnails: macOS, Windows). */
  platform: process.platform as string,
  /** When false, nativeImage decodes nothing (every image is empty). */
  nativeImageDecodes: true,
  userData: process.env.ADSTUDIO_STUB_USER_DATA ?? join(tmpdir(), `adstudio-electron-stub-${process.pid}`),
  readyGate: deferred(),
  isReady: false,
  /** Emits Electron's ready: whenReady() resolves. */
  ready(): void {
    stub.isReady = true
    stub.readyGate.resolve()
  },
  reset(): void {
    stub.calls.length = 0
    stub.errorBoxes.length = 0
    stub.windows.length = 0
    stub.utilityProcesses.length = 0
    stub.ipcHandlers.clear()
    stub.protocolHandlers.clear()
    stub.singleInstanceLock = true
    stub.platform = process.platform
    stub.nativeImageDecodes = true
    stub.readyGate = deferred()
    stub.isReady = false
    app.removeAllListeners()
  },
}

export default { app, BrowserWindow, ClipboardItem, clipboard, contextBridge, dialog, ipcMain, ipcRenderer, nativeImage, net, protocol, session, shell, utilityProcess, webUtils }
