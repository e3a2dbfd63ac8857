import { BrowserWindow, session, shell, type Session, type WebContents } from 'electron'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/**
 * The one window, hardened (ELECTRON-NOTES.md "Security defaults"): context isolation, sandbox, no
 * Node in the page, no <webview>; no navigation away from the app, no new windows, no permissions
 * except writing a picture to the clipboard; a CSP without remote origins on every response.
 */
export const CSP = cspFor(false)

/**
 * The policy. In development (electron-vite dev) the page comes from the local dev server, whose
 * React refresh preamble is an inline script and whose hot reload talks over a websocket.
 */
export function cspFor(dev: boolean): string {
  return [
    "default-src 'self'",
    dev ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
    // React sets style attributes; dev mode injects <style> tags. No remote stylesheet can load.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' app-media: blob: data:",
    "font-src 'self' app-media: blob: data:",
    dev ? "connect-src 'self' app-media: blob: ws://localhost:* ws://127.0.0.1:*" : "connect-src 'self' app-media: blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}

export interface WindowOptions {
  preload: string
  /** The dev server URL (electron-vite dev) or null to load the built page. */
  devUrl: string | null
  rendererHtml: string
}

export function createMainWindow(opts: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 880,
    minWidth: 1024,
    minHeight: 680,
    show: false,
    title: 'Ad Studio',
    backgroundColor: '#f4f3f1',
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  })
  lockDown(win.webContents, appPageUrl(opts.devUrl, opts.rendererHtml))
  win.once('ready-to-show', () => win.show())
  // Not loadFile(): it builds the URL with url.format, which leaves '%' unescaped, so Chromium reads
  // an install path holding "%41" as "A" and finds no page. pathToFileURL escapes it.
  void win.loadURL(appPageUrl(opts.devUrl, opts.rendererHtml))
  return win
}

/**
 * Whether a URL is the app's own page: the built index.html itself (not any file:// path), or
 * anything on the dev server in development. `appPage` is that page's URL.
 *
 * Built pages are compared as file paths, never as URL strings: Chromium's URL for a page and Node's
 * pathToFileURL escape different characters (`[ ] ^ | ~ %` among them), so an install path holding one
 * would make the app refuse its own page.
 */
export function isAppUrl(url: string, appPage: string): boolean {
  try {
    const u = new URL(url)
    const page = new URL(appPage)
    if (page.protocol !== 'file:') return u.origin === page.origin
    const file = fileUrlPath(u)
    return file !== null && file === fileUrlPath(page)
  } catch {
    return false
  }
}

/** The file a file: URL names, read as Chromium reads it: a '%' that starts no escape is a plain '%'. */
export function fileUrlPath(url: URL): string | null {
  if (url.protocol !== 'file:') return null
  try {
    return fileURLToPath(url.href.replace(/%(?![0-9A-Fa-f]{2})/g, '%25'))
  } catch {
    // A host other than localhost (POSIX), an escaped slash: not our page.
    return null
  }
}

export const appPageUrl = (devUrl: string | null, rendererHtml: string) => devUrl ?? pathToFileURL(rendererHtml).href

function lockDown(wc: WebContents, appPage: string): void {
  wc.setWindowOpenHandler(({ url }) => {
    // Links to the web open in the user's browser, never inside the app.
    if (/^https:\/\//.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  wc.on('will-navigate', (e, url) => {
    if (!isAppUrl(url, appPage)) e.preventDefault()
  })
  wc.on('will-redirect', (e, url) => {
    if (!isAppUrl(url, appPage)) e.preventDefault()
  })
  wc.on('will-attach-webview', (e) => e.preventDefault())
}

/** Session-wide rules: deny permissions by default, CSP header on every response. */
export function secureSession(dev: boolean, ses: Session = session.defaultSession): void {
  const csp = cspFor(dev)
  const allowed = new Set(['clipboard-sanitized-write'])
  ses.setPermissionRequestHandler((_wc, permission, cb) => cb(allowed.has(permission)))
  ses.setPermissionCheckHandler((_wc, permission) => allowed.has(permission))
  ses.setDevicePermissionHandler(() => false)
  ses.webRequest.onHeadersReceived((details, cb) => {
    cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } })
  })
}

export const preloadPath = (mainDir: string) => join(mainDir, '../preload/index.cjs')
export const rendererHtmlPath = (mainDir: string) => join(mainDir, '../renderer/index.html')
