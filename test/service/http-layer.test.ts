import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises'
import { Agent, request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Ajv2020 from 'ajv/dist/2020'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateRequestSchema } from '../../src/shared/generate-request'
import { client, startServer, TEST_TOKEN, type TestServer } from './helpers/server'

let server: TestServer
let api: ReturnType<typeof client>

beforeAll(async () => {
  const ui = await mkdtemp(join(tmpdir(), 'adstudio-ui-'))
  await mkdir(join(ui, 'assets'))
  await writeFile(join(ui, 'index.html'), '<!doctype html><title>Ad Studio</title>')
  await writeFile(join(ui, 'assets', 'app.js'), 'console.log("editor")')
  server = await startServer({ args: ['--ui', ui] })
  api = client(server)
})
afterAll(() => server?.stop())

const auth = { Authorization: `Bearer ${TEST_TOKEN}` }

/** One request on a given agent (a kept-alive socket), never rejecting: status 0 when the connection broke. */
function get(agent: Agent, path: string, method = 'GET'): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path, method, agent }, (res) => {
      let body = ''
      res.on('data', (d) => (body += d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
      res.on('error', () => resolve({ status: 0, body, headers: res.headers }))
    })
    req.on('error', () => resolve({ status: 0, body: '', headers: {} }))
    req.end()
  })
}

describe('HEAD on every GET route (issue 18: it answered 405)', () => {
  it('answers HEAD /health, /jobs and /help like GET, without a body', async () => {
    for (const path of ['/health', '/jobs', '/help', '/models']) {
      const r = await fetch(`${server.url}${path}`, { method: 'HEAD', headers: auth })
      expect(r.status, path).toBe(200)
      expect(r.headers.get('content-type'), path).toMatch(/^application\/json/)
      expect((await r.arrayBuffer()).byteLength, path).toBe(0)
    }
  })

  it('still needs the token, and still answers 405 with Allow for a route without GET', async () => {
    expect((await fetch(`${server.url}/health`, { method: 'HEAD' })).status).toBe(401)
    const wrong = await fetch(`${server.url}/generate`, { method: 'HEAD', headers: auth })
    expect(wrong.status).toBe(405)
    expect(wrong.headers.get('allow')).toBe('POST')
    const put = await api.call('PUT', '/health')
    expect(put.status).toBe(405)
    expect(put.headers.get('allow')).toBe('GET, HEAD')
    expect(put.body).toMatchObject({ code: 'method_not_allowed' })
  })

  it('answers HEAD for the editor’s files with their length', async () => {
    const r = await fetch(`${server.url}/assets/app.js`, { method: 'HEAD' })
    expect(r.status).toBe(200)
    expect(r.headers.get('content-length')).toBe(String('console.log("editor")'.length))
    expect((await r.arrayBuffer()).byteLength).toBe(0)
  })
})

/** The lowest file-descriptor number a process does not use (Linux). */
function lowestFreeFd(pid: number): number {
  const used = new Set(readdirSync(`/proc/${pid}/fd`).map(Number))
  let n = 0
  while (used.has(n)) n++
  return n
}

const canLimitFds = process.platform === 'linux' && existsSync('/usr/bin/prlimit')

describe('a static file that stat() sees but open() cannot read (issue 18: it crashed the server)', () => {
  it.skipIf(!canLimitFds)('answers 503 when the server has no file descriptor left, and stays up', async () => {
    const pid = server.proc.pid!
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    try {
      // the socket is open before the limit, so the request reaches the server; realpath and stat
      // need no descriptor, open() does: it fails with EMFILE
      expect((await get(agent, '/assets/app.js')).status).toBe(200)
      const [soft, hard] = execFileSync('prlimit', ['--pid', String(pid), '--nofile', '--raw', '--noheadings', '--output=SOFT,HARD'], { encoding: 'utf8' }).trim().split(/\s+/)
      execFileSync('prlimit', ['--pid', String(pid), `--nofile=${lowestFreeFd(pid)}:${hard}`])
      let r
      try {
        r = await get(agent, '/assets/app.js')
      } finally {
        execFileSync('prlimit', ['--pid', String(pid), `--nofile=${soft}:${hard}`])
      }
      await new Promise((res) => setTimeout(res, 1000)) // an unhandled stream error takes the process down within this
      expect(server.proc.exitCode, server.output().slice(-2000)).toBeNull()
      expect(r.status).toBe(503)
      expect(JSON.parse(r.body)).toMatchObject({ code: 'file_unavailable' })
      expect(r.body).toMatch(/EMFILE/)
    } finally {
      agent.destroy()
    }
    // and everything works again once descriptors are free
    expect((await fetch(`${server.url}/assets/app.js`)).status).toBe(200)
    expect((await api.get('/health')).status).toBe(200)
  })
})

interface OpenApiDoc {
  openapi: string
  info: { title: string; version: string }
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown>; additionalProperties?: unknown } }> }; responses: Record<string, unknown>; parameters?: { name: string; in: string }[] }>>
  components?: { securitySchemes?: Record<string, unknown> }
}

describe('GET /openapi.json: the API described from its zod schemas', () => {
  it('is an OpenAPI 3.1 document with every route, POST /generate’s body from generateRequestSchema', async () => {
    const r = await api.get('/openapi.json')
    expect(r.status).toBe(200)
    const doc = r.body as OpenApiDoc
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.info.title).toMatch(/Ad Studio/)
    for (const [path, method] of [
      ['/generate', 'post'],
      ['/status/{job_id}', 'get'],
      ['/stop/{job_id}', 'post'],
      ['/jobs', 'get'],
      ['/jobs/{job_id}', 'delete'],
      ['/jobs/{job_id}/images/{file}', 'get'],
      ['/events', 'get'],
      ['/health', 'get'],
      ['/models', 'get'],
      ['/models/{id}/pull', 'post'],
      ['/v1/images/generations', 'post'],
      ['/v1/images/generations/{task_id}', 'get'],
      ['/v1/images/edits', 'post'],
      ['/v1/generate', 'post'],
      ['/result/{task_id}', 'get'],
      ['/story/generate', 'post'],
      ['/story/sessions/{session_id}', 'get'],
      ['/v1/models', 'get'],
      ['/api/images', 'post'],
    ])
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined()
    const body = doc.paths['/generate'].post.requestBody!.content['application/json'].schema
    expect(Object.keys(body.properties).sort()).toEqual(Object.keys(generateRequestSchema.shape).sort())
    expect(body.properties.composition_mode).toMatchObject({ enum: ['overlay', 'blend', 'behind'] })
    expect(doc.paths['/generate'].post.responses).toHaveProperty('503')
    expect(doc.paths['/status/{job_id}'].get.parameters).toContainEqual(expect.objectContaining({ name: 'job_id', in: 'path' }))
    expect(doc.components?.securitySchemes).toHaveProperty('bearer')
    const karlo = doc.paths['/api/images'].post.requestBody!.content['application/json'].schema as unknown as { required: string[] }
    expect(karlo.required.sort()).toEqual(['height', 'prompt', 'version', 'width'])
    expect(doc.paths['/v1/images/generations'].post.responses).toHaveProperty('400')
    expect(Object.keys(doc.paths['/v1/images/edits'].post.requestBody!.content)).toEqual(['multipart/form-data'])
    // every operation has a response documented and nothing refers to an undefined component
    const text = JSON.stringify(doc)
    for (const ref of text.match(/"\$ref":"[^"]+"/g) ?? []) expect(ref).toMatch(/#\/components\//)
    // OpenAPI 3.1's schema objects are JSON Schema 2020-12: every one must compile as such
    const ajv = new Ajv2020({ strict: false, validateFormats: false })
    let compiled = 0
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops)) {
        expect(Object.keys(op.responses).length, `${method} ${path} documents a response`).toBeGreaterThan(0)
        const schemas = [
          ...Object.values(op.requestBody?.content ?? {}).map((c) => c.schema),
          ...Object.values(op.responses).flatMap((r) => Object.values((r as { content?: Record<string, { schema: object }> }).content ?? {}).map((c) => c.schema)),
        ]
        for (const schema of schemas) {
          expect(() => ajv.compile(schema), `${method} ${path}`).not.toThrow()
          compiled++
        }
      }
    expect(compiled).toBeGreaterThan(30)
    expect((await client(server, null).get('/openapi.json')).status).toBe(401)
  })
})
