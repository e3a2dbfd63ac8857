import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { downloadFile } from '../../src/main/engine/models/download-file'
import { httpGet, readText } from '../../src/main/engine/models/http-get'
import { runCli } from '../helpers/run-cli'
import { buildBiRefNet } from '../helpers/tiny-onnx/segmentation'
import { FakeHub } from './helpers/fake-hub'

let root: string
let hub: FakeHub
const model = Buffer.from(buildBiRefNet(32))

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'adstudio-http-get-'))
  hub = await new FakeHub().start()
  hub.repos.set('test/seg', { commit: 'b'.repeat(40), files: new Map([['onnx/model_fp16.onnx', model], ['config.json', Buffer.from('{"a":1}')]]), lfs: new Set(['onnx/model_fp16.onnx']) })
})
afterAll(async () => {
  await hub.stop()
  await rm(root, { recursive: true, force: true })
})

describe('httpGet', () => {
  it('50 sequential downloads on the shared keep-alive agent: no listener piles up on the socket', async () => {
    const warnings: string[] = []
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`)
    process.on('warning', onWarning)
    try {
      for (let i = 0; i < 50; i++) {
        const dest = join(root, 'many', `f${i}.bin`)
        const r = await downloadFile({ url: `${hub.hubUrl}/test/seg/resolve/main/onnx/model_fp16.onnx`, headers: {}, dest, size: null, sha256: null, gitBlobId: null, label: `f${i}` })
        expect(r.size).toBe(model.length)
      }
      // Warnings are emitted on the next tick.
      await new Promise((r) => setImmediate(r))
    } finally {
      process.off('warning', onWarning)
    }
    expect(warnings.filter((w) => /MaxListeners/.test(w))).toEqual([])
    expect(hub.log.filter((l) => l.server === 'cdn').length).toBeGreaterThanOrEqual(50)
  })

  it('keeps the Hub headers of the first hop and sends the token only to the Hub', async () => {
    hub.log.length = 0
    const res = await httpGet(`${hub.hubUrl}/test/seg/resolve/main/onnx/model_fp16.onnx`, { headers: { authorization: 'Bearer hf_secret' } })
    expect(res.status).toBe(200)
    expect(String(res.firstHeaders['x-linked-size'])).toBe(String(model.length))
    expect(Buffer.from(await readText(res.body), 'utf8').length).toBeGreaterThan(0)
    expect(hub.log.map((l) => [l.server, l.auth])).toEqual([
      ['hub', 'Bearer hf_secret'],
      ['cdn', null],
    ])
  })

  it('an unreachable host is a clear model_unavailable error', async () => {
    await expect(httpGet('http://127.0.0.1:9/x')).rejects.toMatchObject({ code: 'model_unavailable', message: expect.stringMatching(/cannot reach 127\.0\.0\.1:9/) })
  })

  it('a server that never answers times out after idleTimeoutMs', async () => {
    const silent = createServer(() => undefined)
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r))
    try {
      const port = (silent.address() as AddressInfo).port
      await expect(httpGet(`http://127.0.0.1:${port}/x`, { idleTimeoutMs: 200 })).rejects.toThrow(/no answer from 127\.0\.0\.1:\d+ for 0\.2 s/)
    } finally {
      silent.closeAllConnections()
      await new Promise((r) => silent.close(r))
    }
  })
})

describe('downloads behind a proxy (HTTP_PROXY)', () => {
  let proxy: Server
  const seen: string[] = []

  beforeAll(async () => {
    // A forward proxy for plain http: requests arrive in absolute form and are passed on, with the
    // made-up Hub host pointed at the local one. Without the proxy that host does not resolve.
    const hubPort = new URL(hub.hubUrl).port
    proxy = createServer((req, res) => {
      const target = new URL(req.url ?? '')
      seen.push(target.host)
      if (target.hostname === 'hub.adstudio.invalid') target.host = `127.0.0.1:${hubPort}`
      const up = httpRequest(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (r) => {
        const headers = { ...r.headers }
        // The Hub redirects to its CDN by absolute URL; the client follows it through the proxy too.
        res.writeHead(r.statusCode ?? 502, headers)
        r.pipe(res)
      })
      up.on('error', () => res.writeHead(502).end())
      req.pipe(up)
    })
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r))
  })
  afterAll(async () => {
    proxy.closeAllConnections()
    await new Promise((r) => proxy.close(r))
  })

  it('`adstudio models pull` goes through HTTP_PROXY to a host only the proxy can reach', async () => {
    const catalog = join(root, 'catalog.json')
    await writeFile(
      catalog,
      JSON.stringify({
        version: 1,
        models: [
          {
            id: 'seg',
            name: 'Tiny segmenter',
            kind: 'segmentation',
            purpose: 'tests',
            repo: 'test/seg',
            revision: 'main',
            include: ['onnx/model_fp16.onnx'],
            approx_bytes: model.length,
            vram_gb: 1,
            precision: 'fp32',
            providers: ['cpu'],
            license: { id: 'mit', name: 'MIT', commercial: true, url: 'https://example.invalid' },
            verified: 'test',
          },
        ],
      }),
    )
    const modelsDir = join(root, 'proxied-models')
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
    const r = await runCli(['models', 'pull', 'seg', '--models-dir', modelsDir, '--catalog', catalog, '--endpoint', 'http://hub.adstudio.invalid'], {
      HTTP_PROXY: proxyUrl,
      http_proxy: proxyUrl,
      NO_PROXY: '',
      no_proxy: '',
    })
    expect(r.code, r.stderr).toBe(0)
    expect(seen).toContain('hub.adstudio.invalid')
    expect(seen.some((h) => h.startsWith('127.0.0.1:'))).toBe(true) // the CDN hop went through it too
    expect(Buffer.compare(await readFile(join(modelsDir, 'seg', 'onnx', 'model_fp16.onnx')), model)).toBe(0)
  })
})
