import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import OpenAI, { toFile } from 'openai'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importModel } from '../../src/main/engine/models/model-store'
import { openAiErrorSchema, openAiImagesResponseSchema, openAiModelsResponseSchema, type OpenAiError } from '../../src/shared/openai-images-api'
import { writeTinyModelFolder } from '../helpers/tiny-onnx/model-folder'
import { client, startServer, TEST_TOKEN, waitFor, type TestServer } from './helpers/server'

// Seed 004 against the real server and worker, with a tiny stand-in diffusion model (real input and
// output names and shapes) imported as `sd-turbo`; a second server has no diffusion model at all.
let root: string
let dataDir: string
let server: TestServer
let bare: TestServer
let api: ReturnType<typeof client>
let openai: OpenAI

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'adstudio-openai-'))
  dataDir = join(root, 'data')
  await importModel(join(dataDir, 'models'), await writeTinyModelFolder(join(root, 'turbo'), 'sd-turbo'), { id: 'sd-turbo' })
  ;[server, bare] = await Promise.all([startServer({ dataDir, env: { ADSTUDIO_DEVICE: 'cpu' } }), startServer({ env: { ADSTUDIO_DEVICE: 'cpu' } })])
  api = client(server)
  // the official client with nothing but the base URL and the key
  openai = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: TEST_TOKEN })
}, 120_000)
afterAll(async () => {
  await Promise.all([server?.stop('SIGKILL'), bare?.stop('SIGKILL')])
  await rm(root, { recursive: true, force: true })
})

const pngInfo = async (bytes: Buffer) => {
  const m = await sharp(bytes).metadata()
  return { format: m.format, width: m.width, height: m.height }
}

describe('the official openai client against POST /v1/images/generations', () => {
  it('images.generate with b64_json: two PNGs of the asked size, different seeds, revised_prompt', async () => {
    const r = await openai.images.generate({ model: 'dall-e-3', prompt: 'a red apple on a wooden table', n: 2, size: '512x512', response_format: 'b64_json' })
    expect(r.data).toHaveLength(2)
    const [a, b] = r.data!.map((d) => Buffer.from(d.b64_json!, 'base64'))
    expect(await pngInfo(a)).toEqual({ format: 'png', width: 512, height: 512 })
    expect(await pngInfo(b)).toEqual({ format: 'png', width: 512, height: 512 })
    expect(a.equals(b)).toBe(false)
    expect(r.data![0].revised_prompt).toMatch(/^a red apple on a wooden table, vivid colours/)
    expect(r.created).toBeGreaterThan(1_700_000_000)
  })

  it('images.generate with url (the default): a URL of this server that serves the PNG with the token', async () => {
    const r = await openai.images.generate({ prompt: 'a blue vase', size: '1024x1792', style: 'natural' })
    expect(r.data).toHaveLength(1)
    const url = r.data![0].url!
    expect(url).toMatch(new RegExp(`^${server.url}/jobs/[0-9a-f-]{36}/samples/1\\.png\\?exp=\\d+&sig=[\\w-]+$`))
    const img = await fetch(url, { headers: { Authorization: `Bearer ${TEST_TOKEN}` } })
    expect(img.status).toBe(200)
    expect(await pngInfo(Buffer.from(await img.arrayBuffer()))).toEqual({ format: 'png', width: 1024, height: 1792 })
    expect(r.data![0].revised_prompt).toContain('natural colours')
    // the job is one of the server's jobs
    const jobs = (await api.get('/jobs')).body.jobs as { job_id: string }[]
    expect(jobs.map((j) => j.job_id)).toContain(url.split('/')[4])
    // the URL is signed: it works without the token, as a hosted service's would, and only as given
    expect((await fetch(url)).status).toBe(200)
    expect((await fetch(url.replace(/sig=./, (m) => (m.endsWith('A') ? 'sig=B' : 'sig=A')))).status).toBe(401)
    expect((await fetch(url.replace('/samples/1.png', '/images/step1.png'))).status).toBe(401)
    expect((await fetch(url.replace(/exp=\d+/, (m) => `exp=${Number(m.slice(4)) + 1}`))).status).toBe(401)
    expect((await fetch(url.split('?')[0])).status).toBe(401)
  })

  it('answers errors in OpenAI’s shape, which the client raises as typed errors', async () => {
    const bad = await openai.images.generate({ prompt: 'x', size: '100x100' as '512x512' }).catch((e: unknown) => e)
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError)
    expect((bad as InstanceType<typeof OpenAI.BadRequestError>).status).toBe(400)
    expect((bad as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('size')
    const unknown = await openai.images.generate({ prompt: 'x', model: 'midjourney' }).catch((e: unknown) => e)
    expect((unknown as Error).message).toMatch(/unknown model "midjourney": use an installed diffusion model \(sd-turbo\) or an alias \(.*dall-e-3/)
    const wrongKey = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'not-the-token' })
    const denied = await wrongKey.images.generate({ prompt: 'x' }).catch((e: unknown) => e)
    expect(denied).toBeInstanceOf(OpenAI.AuthenticationError)
  })

  it('lists the installed models and the aliases (GET /v1/models, client.models.list)', async () => {
    const ids = []
    for await (const m of openai.models.list()) ids.push(m.id)
    expect(ids).toContain('sd-turbo')
    expect(ids).toContain('dall-e-3')
    const raw = await api.get('/v1/models')
    expect(openAiModelsResponseSchema.safeParse(raw.body).success).toBe(true)
  })
})

describe('POST /v1/images/edits (multipart, image-to-image)', () => {
  it('client.images.edit with an uploaded picture: a PNG of the asked size made from it', async () => {
    const photo = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#3a7' } }).png().toBuffer()
    const r = await openai.images.edit({ image: await toFile(photo, 'desk.png', { type: 'image/png' }), prompt: 'the same desk at night', size: '512x512', response_format: 'b64_json' })
    expect(r.data).toHaveLength(1)
    expect(await pngInfo(Buffer.from(r.data![0].b64_json!, 'base64'))).toEqual({ format: 'png', width: 512, height: 512 })
    const id = (r as unknown as { task_id: string }).task_id
    const record = JSON.parse(await readFile(join(dataDir, 'jobs', id, 'job.json'), 'utf8'))
    expect(record).toMatchObject({ kind: 'image-to-image', notes: { mode: 'img2img' }, parameters: { strength: 0.75 } })
    // without a size, the picture's own (300x200 → 300x256: at least 256 per side)
    const own = await openai.images.edit({ image: await toFile(photo, 'desk.png', { type: 'image/png' }), prompt: 'desk', response_format: 'b64_json' })
    expect(await pngInfo(Buffer.from(own.data![0].b64_json!, 'base64'))).toEqual({ format: 'png', width: 300, height: 256 })
  })

  it('refuses a missing or broken picture in OpenAI’s shape; only the OpenAI routes read multipart', async () => {
    const form = new FormData()
    form.set('prompt', 'x')
    const noImage = await fetch(`${server.url}/v1/images/edits`, { method: 'POST', headers: { Authorization: `Bearer ${TEST_TOKEN}` }, body: form })
    expect(noImage.status).toBe(400)
    expect(((await noImage.json()) as OpenAiError).error).toMatchObject({ param: 'image', type: 'invalid_request_error' })
    form.set('image', new Blob([Buffer.from('not a picture')], { type: 'image/png' }), 'x.png')
    const broken = await fetch(`${server.url}/v1/images/edits`, { method: 'POST', headers: { Authorization: `Bearer ${TEST_TOKEN}` }, body: form })
    expect(broken.status).toBe(400)
    expect(((await broken.json()) as OpenAiError).error).toMatchObject({ param: 'image', message: expect.stringMatching(/image: is not an image/) })
    // multipart is parsed for the OpenAI routes only: the generations route reads the form's fields
    // (a file is not one of its fields), the other APIs answer 415
    const generations = await fetch(`${server.url}/v1/images/generations`, { method: 'POST', headers: { Authorization: `Bearer ${TEST_TOKEN}` }, body: form })
    expect(generations.status).toBe(422)
    expect(((await generations.json()) as OpenAiError).error.message).toMatch(/unknown fields: image/)
    const karlo = await fetch(`${server.url}/api/images`, { method: 'POST', headers: { Authorization: `Bearer ${TEST_TOKEN}` }, body: form })
    expect(karlo.status).toBe(415)
  })
})

describe('the asynchronous answer of seed 004', () => {
  it('Prefer: respond-async → pending with task_id and poll_url; polling reaches completed with the image', async () => {
    const r = await api.post('/v1/images/generations', { prompt: 'a lemon', size: '512x512', response_format: 'url' }, { Prefer: 'respond-async' })
    expect(r.status).toBe(200)
    expect(openAiImagesResponseSchema.parse(r.body)).toMatchObject({ status: 'pending', data: [], model: 'sd-turbo' })
    expect(r.body.poll_url).toBe(`/v1/images/generations/${r.body.task_id}`)
    const seen: string[] = []
    const done = await waitFor('the task to complete', async () => {
      const p = await api.get(r.body.poll_url)
      expect(p.status).toBe(200)
      seen.push(p.body.status)
      return p.body.status === 'completed' || p.body.status === 'failed' ? p.body : undefined
    })
    expect(done.status, JSON.stringify(done)).toBe('completed')
    expect(done.data).toHaveLength(1)
    expect(done.data[0].url).toMatch(/\/samples\/1\.png\?exp=/)
    expect(done.error).toBeNull()
    for (const s of seen) expect(['pending', 'processing', 'completed']).toContain(s)
  })

  it('an unknown task is a 404 in OpenAI’s shape', async () => {
    const r = await api.get('/v1/images/generations/00000000-0000-4000-8000-000000000000')
    expect(r.status).toBe(404)
    expect(openAiErrorSchema.parse(r.body).error.type).toBe('not_found_error')
  })
})

describe('image tasks are jobs like the others', () => {
  it('survive a server restart (polled with their images), and are deleted like any job', async () => {
    const r = await api.post('/v1/images/generations', { prompt: 'a pear', size: '256x256', response_format: 'b64_json' })
    expect(r.status).toBe(200)
    const id = r.body.task_id as string
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    const before = await api.get(`/v1/images/generations/${id}`)
    expect(before.body.status).toBe('completed')
    // kill -9 right after the answer: job.finished is announced only once status.json is on disk,
    // so the job the client was told is completed comes back completed, not "interrupted"
    await server.stop('SIGKILL')
    server = await startServer({ dataDir, env: { ADSTUDIO_DEVICE: 'cpu' } })
    api = client(server)
    const after = await api.get(`/v1/images/generations/${id}`)
    expect(after.status).toBe(200)
    expect(after.body).toMatchObject({ status: 'completed', task_id: id })
    expect(after.body.data[0].b64_json).toBe(before.body.data[0].b64_json)
    expect(after.body.data[0].b64_json).toBe(r.body.data[0].b64_json)
    expect((await api.delete(`/jobs/${id}`)).status).toBe(200)
    expect((await api.get(`/v1/images/generations/${id}`)).status).toBe(404)
  }, 60_000)
})

describe('no diffusion model installed', () => {
  it('says which command installs one, and makes no picture', async () => {
    const r = await client(bare).post('/v1/images/generations', { prompt: 'a cat' })
    expect(r.status).toBe(400)
    expect(r.body.error).toMatchObject({ param: 'model', code: 'model_not_installed', type: 'invalid_request_error' })
    expect(r.body.error.message).toMatch(/no diffusion model is installed: run `adstudio models pull sd-turbo`/)
    expect((await client(bare).get('/jobs')).body.total_jobs).toBe(0)
    expect((await client(bare).get('/v1/models')).body.data).toEqual([])
  })
})

describe('a corpus of bad requests to POST /v1/images/generations', () => {
  const cases: { name: string; body: unknown; status: number; param: string | null; message: RegExp; headers?: Record<string, string> }[] = [
    { name: 'no prompt', body: {}, status: 400, param: 'prompt', message: /prompt: must be a string/ },
    { name: 'empty prompt', body: { prompt: '' }, status: 400, param: 'prompt', message: /prompt: must not be empty/ },
    { name: 'huge prompt', body: { prompt: 'p'.repeat(2001) }, status: 400, param: 'prompt', message: /prompt: must be at most 2000 characters/ },
    { name: 'prompt a number', body: { prompt: 5 }, status: 400, param: 'prompt', message: /prompt: must be a string/ },
    { name: 'n 0', body: { prompt: 'x', n: 0 }, status: 400, param: 'n', message: /n: must be at least 1/ },
    { name: 'n 5', body: { prompt: 'x', n: 5 }, status: 400, param: 'n', message: /n: must be at most 4/ },
    { name: 'n fractional', body: { prompt: 'x', n: 1.5 }, status: 400, param: 'n', message: /n: must be an integer/ },
    { name: 'size words', body: { prompt: 'x', size: 'large' }, status: 400, param: 'size', message: /size: must be WIDTHxHEIGHT/ },
    { name: 'size too big', body: { prompt: 'x', size: '4096x4096' }, status: 400, param: 'size', message: /size: 4096x4096: each side must be from 256 to 2048/ },
    { name: 'size too small', body: { prompt: 'x', size: '64x64' }, status: 400, param: 'size', message: /each side must be from 256/ },
    { name: 'quality unknown', body: { prompt: 'x', quality: 'ultra' }, status: 400, param: 'quality', message: /quality: must be one of "standard", "hd"/ },
    { name: 'response_format unknown', body: { prompt: 'x', response_format: 'jpeg' }, status: 400, param: 'response_format', message: /response_format: must be one of "url", "b64_json"/ },
    { name: 'style unknown', body: { prompt: 'x', style: 'noir' }, status: 400, param: 'style', message: /style: must be one of "vivid", "natural"/ },
    { name: 'unknown field', body: { prompt: 'x', seed: 3 }, status: 422, param: 'seed', message: /unknown fields: seed/ },
    { name: 'model path trick', body: { prompt: 'x', model: '../../etc/passwd' }, status: 400, param: 'model', message: /unknown model/ },
    { name: 'model not a string', body: { prompt: 'x', model: 3 }, status: 400, param: 'model', message: /model: must be a string/ },
    { name: 'malformed JSON', body: '{"prompt":', status: 400, param: null, message: /malformed JSON/ },
    { name: 'JSON array', body: '[1]', status: 400, param: '(body)', message: /must be an object/ },
    { name: 'form body', body: 'prompt=x', status: 415, param: null, message: /application\/json/, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
  ]

  it('has at least 15 cases', () => expect(cases.length).toBeGreaterThanOrEqual(15))

  it('answers each with its status and OpenAI’s error shape naming the parameter', async () => {
    const failures: string[] = []
    for (const c of cases) {
      const raw = typeof c.body === 'string'
      const r = await api.call('POST', '/v1/images/generations', raw ? c.body : JSON.stringify(c.body), { 'Content-Type': 'application/json', ...c.headers })
      const parsed = openAiErrorSchema.safeParse(r.body)
      if (r.status !== c.status || !parsed.success || !c.message.test(parsed.data.error.message) || parsed.data.error.param !== c.param)
        failures.push(`${c.name}: got ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`)
    }
    expect(failures).toEqual([])
    expect((await api.get('/health')).status).toBe(200)
  })
})
