import { describe, expect, it } from 'vitest'
import { pathToFileURL } from 'node:url'
import { appPageUrl, cspFor, fileUrlPath, isAppUrl } from '../../src/main/shell/window'

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

  it('knows its page under an install path with [ ] ~ % ^ | and spaces, whichever way Chromium spells it', () => {
    const html = '/opt/Ad [Studio] ~v2 100% ^|/resources/app.asar/out/renderer/index.html'
    const page = appPageUrl(null, html)
    expect(page).toBe(pathToFileURL(html).href)
    // What Debian's Chromium 156 reported as location.href for this page (checked by hand with
    // playwright-core): loaded from pathToFileURL (what the window now does), its escapes are kept…
    expect(isAppUrl(`${page}#editor`, page)).toBe(true)
    // …loaded the way Electron's loadFile() does (url.format: '[', '~', '%' left bare), Chromium
    // escapes spaces, '^' and '|' only. The old URL-string comparison refused every IPC call here.
    const viaLoadFile = 'file:///opt/Ad%20[Studio]%20~v2%20100%%20%5E|/resources/app.asar/out/renderer/index.html'
    expect(isAppUrl(viaLoadFile, page)).toBe(true)
    expect(isAppUrl(viaLoadFile.replace('%5E|', '%5E%7C'), page)).toBe(true)
    // Anything else stays out: another page beside it, a folder that only looks alike, another host.
    expect(isAppUrl(viaLoadFile.replace('index.html', 'other.html'), page)).toBe(false)
    expect(isAppUrl(viaLoadFile.replace('100%', '100%25x'), page)).toBe(false)
    expect(isAppUrl(pathToFileURL('/opt/Ad [Studio] ~v2 100%x ^|/resources/app.asar/out/renderer/index.html').href, page)).toBe(false)
    expect(isAppUrl(page.replace('file:///', 'file://evil.example/'), page)).toBe(false)
    expect(isAppUrl(page.replace('/renderer/', '%2Frenderer/'), page)).toBe(false)
  })

  it('reads an escape as one character and a bare % as itself, as Chromium does', () => {
    expect(fileUrlPath(new URL('file:///opt/a%2541/index.html'))).toBe('/opt/a%41/index.html')
    expect(fileUrlPath(new URL('file:///opt/100%/index.html'))).toBe('/opt/100%/index.html')
    expect(fileUrlPath(new URL('file:///opt/%ED%95%9C%EA%B8%80/index.html'))).toBe('/opt/한글/index.html')
    expect(fileUrlPath(new URL('https://example.com/index.html'))).toBeNull()
    // A folder named "a%41": pathToFileURL escapes the '%'; the URL loadFile would build names /opt/aA.
    const page = appPageUrl(null, '/opt/a%41/index.html')
    expect(isAppUrl(page, page)).toBe(true)
    expect(isAppUrl('file:///opt/aA/index.html', page)).toBe(false)
  })
})
