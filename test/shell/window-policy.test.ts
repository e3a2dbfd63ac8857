import { describe, expect, it } from 'vitest'
import { appPageUrl, cspFor, isAppUrl } from '../../src/main/shell/window'

describe('window policy', () => {
  it('the CSP names no remote origin and no inline script in the built app', () => {
    const csp = cspFor(false)
    expect(csp).not.toMatch(/https?:|\*\.|'unsafe-eval'/)
    expect(csp).toMatch(/script-src 'self'(;|$)/)
    expect(csp).toMatch(/object-src 'none'/)
    expect(csp).toMatch(/img-src 'self' app-media: blob: data:/)
    // Development only: the dev server's refresh preamble and hot-reload socket.
    expect(cspFor(true)).toMatch(/script-src 'self' 'unsafe-inline'/)
    expect(cspFor(true)).not.toMatch(/https?:/)
  })

  it('navigation stays on the app page (file:// built, the dev server in development)', () => {
    const page = appPageUrl(null, '/opt/Ad Studio/resources/app.asar/out/renderer/index.html')
    expect(isAppUrl(`${page}#editor`, page)).toBe(true)
    expect(isAppUrl('file:///etc/passwd', page)).toBe(false)
    expect(isAppUrl('file:///opt/Ad%20Studio/resources/app.asar/out/renderer/other.html', page)).toBe(false)
    expect(isAppUrl('https://example.com/', page)).toBe(false)
    expect(isAppUrl('app-media://job/x/final.png', page)).toBe(false)
    const dev = appPageUrl('http://localhost:5173', '/unused')
    expect(isAppUrl('http://localhost:5173/index.html', dev)).toBe(true)
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false)
    expect(isAppUrl('file:///etc/passwd', dev)).toBe(false)
    expect(isAppUrl('not a url', page)).toBe(false)
  })
})
