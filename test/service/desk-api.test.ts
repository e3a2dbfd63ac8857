import { randomBytes } from 'node:crypto'
import { readFile, mkdtemp, rm } from 'node:fs/promises'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importModel } from '../../src/main/engine/models/model-store'
import { deskInfoSchema, deskResultSchema } from '../../src/shared/desk-api'
import { drawProductPhoto } from '../helpers/synthetic-product'
import { writeTinyModelFolder } from '../helpers/tiny-onnx/model-folder'
import { client, startServer, TEST_TOKEN, waitFor, type TestServer } from './helpers/server'

// Seed 001 against the real server and worker (tiny stand-in sd-turbo), with a webhook receiver on
// 127.0.0.1 that answers the first delivery 500 and the next 200.
const SECRET = `whsec_${randomBytes(32).toString('base64')}`
let root: string
let dataDir: string
let server: TestServer
let api: ReturnType<typeof client>
let receiver: Server
let hookUrl: string
const received: { headers: IncomingHttpHeaders; body: string }[] = []
let photo: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'adstudio-desk-'))
  dataDir = join(root, 'data')
  await importModel(join(dataDir, 'models'), await writeTinyModelFolder(join(root, 'turbo'), 'sd-turbo'), { id: 'sd-turbo' })
  server = await startServer({ dataDir, env: { ADSTUDIO_DEVICE: 'cpu' }, args: ['--webhook-secret', SECRET] })
  api = client(server)
  receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (d) => (body += d))
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      res.writeHead(received.length === 1 ? 500 : 200).end()
    })
  })
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
  photo = `data:image/png;base64,${(await drawProductPhoto({ width: 320, height: 240, backdrop: 'plain' })).png.toString('base64')}`
}, 120_000)
afterAll(async () => {
  await server?.stop('SIGKILL')
  receiver?.close()
  await rm(root, { recursive: true, force: true })
})

const result = async (id: string) => {
  const r = await api.get(`/result/${id}`)
  expect(r.status).toBe(200)
  return deskResultSchema.parse(r.body)
}

describe('POST /v1/generate → GET /result (seed 001)', () => {
  let done: Awaited<ReturnType<typeof result>>

  it('queues image-to-image on the photo, polls to done, and serves the processed image', async () => {
    const r = await api.post('/v1/generate', { initial_image_url: photo, prompt: 'a minimal wooden desk with a lamp', width: 512, height: 384, num_inference_steps: 4, webhook_url: hookUrl })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body).toEqual({ task_id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'queued' })
    const states: string[] = []
    done = await waitFor('the task to end', async () => {
      const s = await result(r.body.task_id)
      states.push(s.status)
      return s.status === 'done' || s.status === 'failed' ? s : undefined
    })
    expect(done.status, done.error ?? '').toBe('done')
    for (const s of states) expect(['queued', 'processing', 'done']).toContain(s)
    expect(done.model).toBe('sd-turbo')
    expect(done.initial_image_url).toMatch(/^data:image\/png;base64 \(\d+ bytes, not echoed\)$/)
    const img = await fetch(done.processed_image_url!, { headers: { Authorization: `Bearer ${TEST_TOKEN}` } })
    const meta = await sharp(Buffer.from(await img.arrayBuffer())).metadata()
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 512, 384])
    // the engine ran image-to-image from the photo (job.json records the pipeline's mode)
    const record = JSON.parse(await readFile(join(dataDir, 'jobs', done.task_id, 'job.json'), 'utf8'))
    expect(record).toMatchObject({ kind: 'image-to-image', notes: { mode: 'img2img' }, parameters: { strength: 0.6, steps: 4 } })
  })

  it('delivers the result to the webhook, signed (Standard Webhooks), retrying after a 500', async () => {
    const last = await waitFor('two deliveries', async () => {
      const s = await result(done.task_id)
      return s.webhook?.delivered || s.webhook?.gave_up ? s : undefined
    }, 30_000)
    expect(last.webhook).toMatchObject({ url: hookUrl, delivered: true, gave_up: false })
    expect(last.webhook!.attempts.map((a) => a.status)).toEqual([500, 200])
    expect(received).toHaveLength(2)
    for (const r of received) {
      const payload = new Webhook(SECRET).verify(r.body, r.headers as Record<string, string>) as { task_id: string; status: string; processed_image_url: string }
      expect(payload).toMatchObject({ task_id: done.task_id, status: 'done', processed_image_url: done.processed_image_url })
    }
    // the same message id on the retry (receivers de-duplicate by it); a tampered body fails
    expect(received[1].headers['webhook-id']).toBe(received[0].headers['webhook-id'])
    expect(() => new Webhook(SECRET).verify(received[0].body.replace('done', 'failed'), received[0].headers as Record<string, string>)).toThrow()
  })

  it('takes this server’s own image URL as the initial image, and refuses other hosts', async () => {
    const own = await api.post('/v1/generate', { initial_image_url: done.processed_image_url, prompt: 'same desk, evening light', width: 256, height: 256, num_inference_steps: 2 })
    expect(own.status, JSON.stringify(own.body)).toBe(200)
    const foreign = await api.post('/v1/generate', { initial_image_url: 'https://bucket.s3.amazonaws.com/images/12.png', prompt: 'desk' })
    expect(foreign.status).toBe(422)
    expect(foreign.body).toEqual({ error_code: 'INVALID_INPUT', message: expect.stringMatching(/^initial_image_url: host bucket\.s3\.amazonaws\.com is not this server/) })
  })

  it('answers /healthcheck and /info (models, aliases, resolution, device, no shopping links)', async () => {
    expect((await api.get('/healthcheck')).body).toMatchObject({ status: 'ok' })
    const info = deskInfoSchema.parse((await api.get('/info')).body)
    expect(info.models).toEqual(['sd-turbo'])
    expect(info.aliases['dall-e-3']).toBe('sd-turbo')
    expect(info.default_resolution).toEqual({ width: 1024, height: 1024 })
    expect(info.device).toBe('cpu')
    expect(info.shopping_links.available).toBe(false)
  })
})

describe('a corpus of bad requests to POST /v1/generate', () => {
  const ok = () => ({ initial_image_url: photo, prompt: 'desk' })
  const invalid = (message: RegExp) => ({ status: 422, check: (b: { error_code?: string; message?: string }) => b.error_code === 'INVALID_INPUT' && message.test(b.message ?? '') })
  const cases = (): { name: string; body: unknown; status: number; check: (b: Record<string, string>) => boolean }[] => [
    { name: 'empty prompt', body: { ...ok(), prompt: '' }, status: 400, check: (b) => JSON.stringify(b) === '{"detail":"Prompt must not be empty."}' },
    { name: 'blank prompt', body: { ...ok(), prompt: '   ' }, status: 400, check: (b) => b.detail === 'Prompt must not be empty.' },
    { name: 'negative guidance', body: { ...ok(), guidance_scale: -1 }, ...invalid(/guidance_scale: must be at least 0/) },
    { name: 'width 8192', body: { ...ok(), width: 8192 }, ...invalid(/width: must be at most 2048/) },
    { name: 'height 100000', body: { ...ok(), height: 100000 }, ...invalid(/height: must be at most 2048/) },
    { name: 'steps 0', body: { ...ok(), num_inference_steps: 0 }, ...invalid(/num_inference_steps: must be at least 1/) },
    { name: 'steps a string', body: { ...ok(), num_inference_steps: '50' }, ...invalid(/num_inference_steps: must be a number/) },
    { name: 'strength 2', body: { ...ok(), strength: 2 }, ...invalid(/strength: must be at most 1/) },
    { name: 'no initial image', body: { prompt: 'desk' }, ...invalid(/initial_image_url: must be a string/) },
    { name: 'no prompt', body: { initial_image_url: photo }, ...invalid(/prompt: must be a string/) },
    { name: 'unknown field', body: { ...ok(), lora: 'desk-v2' }, ...invalid(/unknown fields: lora/) },
    { name: 'file URL', body: { ...ok(), initial_image_url: 'file:///etc/passwd' }, ...invalid(/initial_image_url: host file: is not this server/) },
    { name: 'metadata host', body: { ...ok(), initial_image_url: 'http://169.254.169.254/latest/meta-data' }, ...invalid(/host 169\.254\.169\.254 is not this server/) },
    { name: 'own server, path trick', body: { ...ok(), initial_image_url: '/jobs/../../etc/passwd.png' }, ...invalid(/must name one of this server’s images/) },
    { name: 'own server, unknown job', body: { ...ok(), initial_image_url: `/jobs/00000000-0000-4000-8000-000000000000/images/final.png` }, ...invalid(/no such image on this server/) },
    { name: 'data URL not base64', body: { ...ok(), initial_image_url: 'data:image/png,hello' }, ...invalid(/a data: URL must be base64/) },
    { name: 'data URL not an image', body: { ...ok(), initial_image_url: `data:image/png;base64,${Buffer.from('not an image at all').toString('base64')}` }, ...invalid(/initial_image_url: is not an image/) },
    { name: 'webhook to another host', body: { ...ok(), webhook_url: 'https://example.com/hook' }, ...invalid(/webhook_url: host example\.com is not allowed/) },
    { name: 'webhook not a URL', body: { ...ok(), webhook_url: 'hook' }, ...invalid(/webhook_url: must be an absolute http\(s\) URL/) },
    { name: 'webhook ftp', body: { ...ok(), webhook_url: 'ftp://127.0.0.1/x' }, ...invalid(/webhook_url: must be an http or https URL/) },
    { name: 'huge prompt', body: { ...ok(), prompt: 'd'.repeat(2001) }, ...invalid(/prompt: must be at most 2000 characters/) },
  ]

  it('has at least 15 cases', () => expect(cases().length).toBeGreaterThanOrEqual(15))

  it('answers each in the seed’s shapes; nothing is queued and the server stays up', async () => {
    const before = (await api.get('/jobs')).body.total_jobs
    const failures: string[] = []
    for (const c of cases()) {
      const r = await api.post('/v1/generate', c.body)
      if (r.status !== c.status || !c.check(r.body)) failures.push(`${c.name}: got ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`)
    }
    expect(failures).toEqual([])
    expect((await api.get('/jobs')).body.total_jobs).toBe(before)
    expect((await api.get('/healthcheck')).status).toBe(200)
  })
})
