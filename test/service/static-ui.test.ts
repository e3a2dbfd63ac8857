import { mkdtemp, mkdir, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawRequest, startServer, TEST_TOKEN, type TestServer } from './helpers/server'

let server: TestServer
let ui: string

beforeAll(async () => {
  ui = await mkdtemp(join(tmpdir(), 'adstudio-ui-'))
  await mkdir(join(ui, 'assets'))
  await writeFile(join(ui, 'index.html'), '<!doctype html><title>Ad Studio</title>')
  await writeFile(join(ui, 'assets', 'app.js'), 'console.log(1)')
  const outside = await mkdtemp(join(tmpdir(), 'adstudio-outside-'))
  await writeFile(join(outside, 'secret.js'), 'secret')
  await symlink(join(outside, 'secret.js'), join(ui, 'assets', 'link.js'))
  server = await startServer({ args: ['--ui', ui] })
})
afterAll(() => server?.stop())

describe('adstudio serve --ui: the editor from the API’s own origin', () => {
  it('serves index.html at / and assets without a token', async () => {
    const index = await rawRequest(server.port, { path: '/' })
    expect(index.status).toBe(200)
    expect(index.body).toContain('<title>Ad Studio</title>')
    const js = await rawRequest(server.port, { path: '/assets/app.js' })
    expect(js.status).toBe(200)
    expect(js.body).toBe('console.log(1)')
  })

  it('never serves anything outside the folder, and the API still needs its token', async () => {
    for (const path of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/assets/link.js', '/assets/..%2f..%2findex.js']) {
      const r = await rawRequest(server.port, { path })
      expect(r.status, path).not.toBe(200)
      expect(r.body).not.toContain('secret')
    }
    expect((await rawRequest(server.port, { path: '/jobs' })).status).toBe(401)
  })

  it('refuses a --ui folder without index.html, naming the option', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'adstudio-empty-ui-'))
    await expect(startServer({ args: ['--ui', empty] })).rejects.toThrow(/--ui: .* has no index.html/)
  })
})

describe('GET /fonts/files/{font_name}: font previews for the browser editor', () => {
  it('serves a listed font’s bytes and nothing outside the font roots', async () => {
    const headers = { Authorization: `Bearer ${TEST_TOKEN}` }
    const list = (await (await fetch(`${server.url}/fonts`, { headers })).json()) as { fonts: string[] }
    const name = list.fonts.find((f) => f.startsWith('NanumGothic/'))!
    const r = await fetch(`${server.url}/fonts/files/${name}`, { headers })
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe('font/ttf')
    const bytes = new Uint8Array(await r.arrayBuffer())
    expect([...bytes.subarray(0, 4)]).toEqual([0, 1, 0, 0]) // TrueType signature
    for (const bad of ['..%2F..%2Fpackage.json', '%2Fetc%2Fpasswd', 'NoSuch/Font.ttf']) {
      const b = await fetch(`${server.url}/fonts/files/${bad}`, { headers })
      expect(b.status, bad).toBe(404)
    }
    expect((await fetch(`${server.url}/fonts/files/${name}`)).status).toBe(401)
  })
})
