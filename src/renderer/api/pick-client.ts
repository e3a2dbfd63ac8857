import type { ApiClient } from '../../shared/api-client'
import { BRIDGE_NAME } from '../../shared/ipc-functions'
import type { PreloadApi } from '../../shared/ipc-channels'
import { createElectronClient } from './electron-client'
import { createHttpClient } from './http-client'

/**
 * Electron when the preload bridge exists; otherwise the local HTTP API named by the page URL
 * (`?api=http://127.0.0.1:PORT&token=T`, the API defaulting to the page's own origin). The token is
 * moved out of the address bar into session storage so it does not linger in history or screenshots.
 */
export function pickClient(win: Window & { [BRIDGE_NAME]?: PreloadApi }): ApiClient | { needsToken: true; baseUrl: string } {
  const bridge = win[BRIDGE_NAME]
  if (bridge) return createElectronClient(bridge)
  const url = new URL(win.location.href)
  const baseUrl = url.searchParams.get('api') ?? win.location.origin
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    win.sessionStorage.setItem('adstudio:token', fromUrl)
    url.searchParams.delete('token')
    win.history.replaceState(null, '', url.toString())
  }
  const token = fromUrl ?? win.sessionStorage.getItem('adstudio:token')
  if (!token) return { needsToken: true, baseUrl }
  return createHttpClient({ baseUrl, token })
}
