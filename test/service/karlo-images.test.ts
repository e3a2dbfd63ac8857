import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importModel } from '../../src/main/engine/models/model-store'
import { errorResponseSchema } from '../../src/shared/api-responses'
import { karloImagesResponseSchema } from '../../src/shared/karlo-api'
import { writeTinyModelFolder } from '../helpers/tiny-onnx/model-folder'
import { client, startServer, TEST_TOKEN, type TestServer } from './helpers/server'

// Seed 003 against the real server and worker with a tiny stand-in diffusion model imported as sd-turbo.
let root: string
let server: TestServer
let api: ReturnType<typeof client>

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'adstudio-karlo-'))
  const dataDir = join(root, 'data')
  await importModel(join(dataDir, 'models'), await writeTinyModelFolder(join(root, 'turbo'), 'sd-turbo'), { id: 'sd-turbo' })
  server = await startServer({ dataDir, env: { ADSTUDIO_DEVICE: 'cpu' } })
  api = client(server)
}, 120_000)
afterAll(async () => {
  await server?.stop('SIGKILL')
  await rm(root, { recursive: true, force: true })
})

const fetchPng = async (url: string) => {
  const r = await fetch(url, { headers: { Authorization: `Bearer ${TEST_TOKEN}` } })
  expect(r.status).toBe(200)
  const bytes = Buffer.from(await r.arrayBuffer())
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true })
  return { pixels: data, width: info.width, height: info.height }
}

describe('POST /api/images (Karlo-style)', () => {
  let first: { id: string; seed: number; image: string }[]

  it('answers one {id, seed, image URL} per seed, each image of the asked size', async () => {
    const r = await api.post('/api/images', { version: 'v2.1', prompt: 'a lighthouse at dusk', width: 512, height: 384, seed: [7, 4294967295], samples: 2, num_inference_steps: 10 })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    first = karloImagesResponseSchema.parse(r.body)
    expect(first.map((i) => i.seed)).toEqual([7, 4294967295])
    for (const i of first) {
      expect(i.image).toMatch(new RegExp(`^${server.url}/jobs/[0-9a-f-]{36}/samples/\\d\\.png\\?exp=\\d+&sig=`))
      const png = await fetchPng(i.image)
      expect([png.width, png.height]).toEqual([512, 384])
    }
    expect(first[0].id).not.toBe(first[1].id)
    const listed = (await api.get('/jobs')).body.jobs.find((j: { job_id: string }) => first[0].id.startsWith(j.job_id))
    expect(listed).toMatchObject({ kind: 'text-to-image', api: 'karlo', status: 'completed' })
    expect((await fetchPng(first[0].image)).pixels.equals((await fetchPng(first[1].image)).pixels)).toBe(false)
  })

  it('each image’s seed reproduces it, alone in another request', async () => {
    const again = await api.post('/api/images', { version: 'sd-turbo', prompt: 'a lighthouse at dusk', width: 512, height: 384, seed: [4294967295], num_inference_steps: 10 })
    expect(again.status).toBe(200)
    const [img] = karloImagesResponseSchema.parse(again.body)
    expect(img.seed).toBe(4294967295)
    expect((await fetchPng(img.image)).pixels.equals((await fetchPng(first[1].image)).pixels)).toBe(true)
  })

  it('picks and reports random seeds when none are given', async () => {
    const r = await api.post('/api/images', { version: 'v2.0', prompt: 'a red kite', width: 256, height: 256, samples: 2, num_inference_steps: 10 })
    expect(r.status).toBe(200)
    const imgs = karloImagesResponseSchema.parse(r.body)
    expect(imgs).toHaveLength(2)
    for (const i of imgs) expect(i.seed).toBeGreaterThanOrEqual(0)
  })
})

describe('a corpus of bad requests to POST /api/images', () => {
  const ok = { version: 'v2.1', prompt: 'x', width: 512, height: 512 }
  const cases: { name: string; body: unknown; status: number; field?: string; detail: RegExp }[] = [
    { name: 'no version', body: { ...ok, version: undefined }, status: 400, field: 'version', detail: /version: must be a string/ },
    { name: 'unknown version', body: { ...ok, version: 'v9' }, status: 400, field: 'version', detail: /version: unknown model "v9": use an installed diffusion model \(sd-turbo\)/ },
    { name: 'version path trick', body: { ...ok, version: '../../models/x' }, status: 400, field: 'version', detail: /unknown model/ },
    { name: 'no prompt', body: { ...ok, prompt: undefined }, status: 400, field: 'prompt', detail: /prompt: must be a string/ },
    { name: 'empty prompt', body: { ...ok, prompt: '' }, status: 400, field: 'prompt', detail: /prompt: must not be empty/ },
    { name: 'huge prompt', body: { ...ok, prompt: 'q'.repeat(5000) }, status: 400, field: 'prompt', detail: /prompt: must be at most 2000 characters/ },
    { name: 'no width', body: { ...ok, width: undefined }, status: 400, field: 'width', detail: /width: must be a number/ },
    { name: 'no height', body: { ...ok, height: undefined }, status: 400, field: 'height', detail: /height: must be a number/ },
    { name: 'width a string', body: { ...ok, width: '512' }, status: 400, field: 'width', detail: /width: must be a number/ },
    { name: 'height too big', body: { ...ok, height: 8192 }, status: 400, field: 'height', detail: /height: must be at most 2048/ },
    { name: 'width fractional', body: { ...ok, width: 512.5 }, status: 400, field: 'width', detail: /width: must be an integer/ },
    { name: 'seed length ≠ samples', body: { ...ok, seed: [1, 2, 3], samples: 2 }, status: 400, field: 'seed', detail: /seed: must have one seed per image: 3 given, samples is 2/ },
    { name: 'seed not an array', body: { ...ok, seed: 5 }, status: 400, field: 'seed', detail: /seed: must be an array/ },
    { name: 'seed negative', body: { ...ok, seed: [-1] }, status: 400, field: 'seed.0', detail: /seed\.0: must be at least 0/ },
    { name: 'seed beyond 32 bits', body: { ...ok, seed: [4294967296] }, status: 400, field: 'seed.0', detail: /seed\.0: must be at most 4294967295/ },
    { name: 'steps 9', body: { ...ok, num_inference_steps: 9 }, status: 400, field: 'num_inference_steps', detail: /num_inference_steps: must be at least 10/ },
    { name: 'steps 101', body: { ...ok, num_inference_steps: 101 }, status: 400, field: 'num_inference_steps', detail: /num_inference_steps: must be at most 100/ },
    { name: 'guidance 0.5', body: { ...ok, guidance_scale: 0.5 }, status: 400, field: 'guidance_scale', detail: /guidance_scale: must be at least 1/ },
    { name: 'guidance 21', body: { ...ok, guidance_scale: 21 }, status: 400, field: 'guidance_scale', detail: /guidance_scale: must be at most 20/ },
    { name: 'samples 0', body: { ...ok, samples: 0 }, status: 400, field: 'samples', detail: /samples: must be at least 1/ },
    { name: 'samples 9', body: { ...ok, samples: 9 }, status: 400, field: 'samples', detail: /samples: must be at most 8/ },
    { name: 'unknown field', body: { ...ok, image_format: 'webp' }, status: 422, detail: /unknown fields: image_format/ },
  ]

  it('has at least 15 cases', () => expect(cases.length).toBeGreaterThanOrEqual(15))

  it('answers each with its status and a detail naming the field and the rule; nothing is queued', async () => {
    const before = (await api.get('/jobs')).body.total_jobs
    const failures: string[] = []
    for (const c of cases) {
      const r = await api.post('/api/images', c.body)
      const parsed = errorResponseSchema.safeParse(r.body)
      if (r.status !== c.status || !parsed.success || !c.detail.test(parsed.data.detail) || (c.field && !parsed.data.issues?.some((i) => i.field === c.field)))
        failures.push(`${c.name}: got ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`)
    }
    expect(failures).toEqual([])
    expect((await api.get('/jobs')).body.total_jobs).toBe(before)
    expect((await api.get('/health')).status).toBe(200)
  })
})
