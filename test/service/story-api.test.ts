import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importModel } from '../../src/main/engine/models/model-store'
import { from5 } from '../../src/main/engine/image/story-looks'
import { errorResponseSchema } from '../../src/shared/api-responses'
import { storyImageSchema, storySessionSchema } from '../../src/shared/story-api'
import { writeTinyModelFolder } from '../helpers/tiny-onnx/model-folder'
import { client, startServer, TEST_TOKEN, type TestServer } from './helpers/server'

// Seed 000 against the real server and worker with a tiny stand-in sd-turbo: the modes' looks are
// checked on the served pixels, the cover's title by comparing it with its untitled twin.
let root: string
let server: TestServer
let api: ReturnType<typeof client>

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'adstudio-story-'))
  const dataDir = join(root, 'data')
  await importModel(join(dataDir, 'models'), await writeTinyModelFolder(join(root, 'turbo'), 'sd-turbo'), { id: 'sd-turbo' })
  server = await startServer({ dataDir, env: { ADSTUDIO_DEVICE: 'cpu' } })
  api = client(server)
}, 120_000)
afterAll(async () => {
  await server?.stop('SIGKILL')
  await rm(root, { recursive: true, force: true })
})

const raw = async (url: string) => {
  const r = await fetch(url, { headers: { Authorization: `Bearer ${TEST_TOKEN}` } })
  expect(r.status).toBe(200)
  return sharp(Buffer.from(await r.arrayBuffer())).removeAlpha().raw().toBuffer({ resolveWithObject: true })
}

function uniformBlocks(data: Buffer, w: number, h: number, cell: number): boolean {
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < 3; c++) if (data[(y * w + x) * 3 + c] !== data[(Math.floor(y / cell) * cell * w + Math.floor(x / cell) * cell) * 3 + c]) return false
  return true
}

const story = (extra: Record<string, unknown>) => ({ session_id: 'abc123', user_sentence: '한 호랑이가 살았어요', status: 0, ...extra })

describe('story illustrations on POST /generate (seed 000)', () => {
  it('pixel mode: hard 8×8 pixels in at most 16 colours, named {session}_{count}_{seq:05d}.png', async () => {
    const r = await api.post('/generate', story({ game_mode: 5 }))
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    const img = storyImageSchema.parse(r.body)
    expect(img).toMatchObject({ session_id: 'abc123', count: 1, kind: 'illustration', mode: 'pixel', status: 'completed' })
    expect(img.file).toMatch(/^abc123_1_\d{5}\.png$/)
    const { data, info } = await raw(img.image_url!)
    expect([info.width, info.height]).toEqual([512, 512])
    expect(uniformBlocks(data, 512, 512, 8)).toBe(true)
    const colours = new Set<number>()
    for (let i = 0; i < data.length; i += 3) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2])
    expect(colours.size).toBeLessThanOrEqual(16)
  })

  it('PS1 mode: 4×4 pixels in 15-bit colour levels; comic mode: 4 levels per channel (also at /story/generate)', async () => {
    const ps1 = storyImageSchema.parse((await api.post('/generate', story({ game_mode: 6 }))).body)
    const a = await raw(ps1.image_url!)
    expect(uniformBlocks(a.data, 512, 512, 4)).toBe(true)
    const levels = new Set(Array.from({ length: 32 }, (_, q) => from5(q)))
    expect(a.data.filter((v) => !levels.has(v)).length).toBe(0)
    const comic = await api.post('/story/generate', story({ game_mode: 2 }))
    expect(comic.status).toBe(200)
    const b = await raw(storyImageSchema.parse(comic.body).image_url!)
    expect(b.data.filter((v) => ![0, 85, 170, 255].includes(v)).length).toBe(0)
  })

  it('status 1: a cover with the sentence as its title at the top (compared with its untitled twin)', async () => {
    const r = await api.post('/generate', story({ game_mode: 7, status: 1, user_sentence: '호랑이와 곶감' }))
    const cover = storyImageSchema.parse(r.body)
    expect(cover).toMatchObject({ kind: 'cover', count: 4, mode: 'storybook' })
    const titled = await raw(cover.image_url!)
    const plain = await raw(`${server.url}/jobs/${cover.job_id}/samples/2.png`)
    let top = 0
    let bottom = 0
    for (let y = 0; y < 512; y++)
      for (let x = 0; x < 512; x++) {
        const i = (y * 512 + x) * 3
        if (titled.data[i] !== plain.data[i] || titled.data[i + 1] !== plain.data[i + 1] || titled.data[i + 2] !== plain.data[i + 2]) {
          if (y < 512 * 0.3) top++
          else bottom++
        }
      }
    expect(top).toBeGreaterThan(512 * 512 * 0.01) // letters over at least 1% of the picture
    expect(bottom).toBe(0)
  })

  it('status 2: {"detail": "전원 패배"} and no picture', async () => {
    const before = (await api.get('/jobs')).body.total_jobs
    const r = await api.post('/generate', story({ game_mode: 0, status: 2 }))
    expect(r.status).toBe(200)
    expect(r.body).toEqual({ detail: '전원 패배' })
    expect((await api.get('/jobs')).body.total_jobs).toBe(before)
  })

  it('lists the session’s images in order, each served by its file name', async () => {
    const s = storySessionSchema.parse((await api.get('/story/sessions/abc123')).body)
    expect(s.images.map((i) => [i.count, i.mode, i.kind])).toEqual([
      [1, 'pixel', 'illustration'],
      [2, 'ps1', 'illustration'],
      [3, 'comic', 'illustration'],
      [4, 'storybook', 'cover'],
    ])
    const seqs = s.images.map((i) => Number(/_(\d{5})\.png$/.exec(i.file)![1]))
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs)
    expect(new Set(seqs).size).toBe(4)
    expect((await fetch(s.images[1].image_url!, { headers: { Authorization: `Bearer ${TEST_TOKEN}` } })).headers.get('content-type')).toBe('image/png')
    expect((await api.get('/story/sessions/other')).body.images).toEqual([])
  })
})

describe('bad story requests, and nanoCocoa’s requests on the same path', () => {
  const cases: { name: string; body: unknown; status: number; detail: RegExp }[] = [
    { name: 'session_id ../', body: story({ game_mode: 0, session_id: '../etc' }), status: 400, detail: /session_id: must be 1 to 64 letters/ },
    { name: 'session_id with /', body: story({ game_mode: 0, session_id: 'a/b' }), status: 400, detail: /session_id: must be 1 to 64/ },
    { name: 'session_id empty', body: story({ game_mode: 0, session_id: '' }), status: 400, detail: /session_id:/ },
    { name: 'session_id 65 chars', body: story({ game_mode: 0, session_id: 'a'.repeat(65) }), status: 400, detail: /session_id:/ },
    { name: 'session_id a number', body: story({ game_mode: 0, session_id: 5 }), status: 400, detail: /session_id: must be a string/ },
    { name: 'game_mode 9', body: story({ game_mode: 9 }), status: 400, detail: /game_mode: must be at most 8/ },
    { name: 'game_mode -1', body: story({ game_mode: -1 }), status: 400, detail: /game_mode: must be at least 0/ },
    { name: 'game_mode 1.5', body: story({ game_mode: 1.5 }), status: 400, detail: /game_mode: must be an integer/ },
    { name: 'game_mode "1"', body: story({ game_mode: '1' }), status: 400, detail: /game_mode: must be a number/ },
    { name: 'no game_mode', body: story({}), status: 400, detail: /game_mode:/ },
    { name: 'empty sentence', body: story({ game_mode: 0, user_sentence: '' }), status: 400, detail: /user_sentence: must not be empty/ },
    { name: 'huge sentence', body: story({ game_mode: 0, user_sentence: '가'.repeat(501) }), status: 400, detail: /user_sentence: must be at most 500 characters/ },
    { name: 'status 3', body: story({ game_mode: 0, status: 3 }), status: 400, detail: /status: must be at most 2/ },
    { name: 'no status', body: { session_id: 'abc', game_mode: 0, user_sentence: 'x' }, status: 400, detail: /status:/ },
    { name: 'story with a nanoCocoa field', body: story({ game_mode: 0, bg_prompt: 'beach' }), status: 422, detail: /unknown fields: bg_prompt/ },
    { name: 'nanoCocoa with an unknown field', body: { text_content: 'x', foo: 1 }, status: 422, detail: /unknown fields: foo/ },
  ]

  it('has at least 15 cases', () => expect(cases.length).toBeGreaterThanOrEqual(15))

  it('answers each with its status and a detail naming the field and the rule', async () => {
    const failures: string[] = []
    for (const c of cases) {
      const r = await api.post('/generate', c.body)
      const parsed = errorResponseSchema.safeParse(r.body)
      if (r.status !== c.status || !parsed.success || !c.detail.test(parsed.data.detail)) failures.push(`${c.name}: got ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`)
    }
    expect(failures).toEqual([])
    for (const path of ['/story/sessions/..%2F..%2Fetc', '/story/files/..%2F..%2Fpackage.json', '/story/files/abc123_1_0.png'])
      expect((await api.get(path)).status, path).toBeGreaterThanOrEqual(400)
    expect((await api.get('/health')).status).toBe(200)
  })
})
