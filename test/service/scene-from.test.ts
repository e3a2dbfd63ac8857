/**
 * Issue 11 / issue 10 §5 over the API: `scene_from` places the product again over the empty scene an
 * earlier job keeps, so moving or resizing the product never regenerates the scene. The real server,
 * the real worker, the job folders on disk.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { smallJob } from './helpers/images'
import { client, startServer, waitForState, type TestServer } from './helpers/server'

let server: TestServer
let api: ReturnType<typeof client>
beforeAll(async () => {
  server = await startServer()
  api = client(server)
})
afterAll(async () => {
  await server?.stop('SIGKILL')
})

const jobFile = (id: string, name: string) => readFile(join(server.dataDir, 'jobs', id, name))
const jobJson = async (id: string) => JSON.parse((await jobFile(id, 'job.json')).toString('utf8'))
const rgb = async (id: string, name: string) => (await sharp(await jobFile(id, name)).removeAlpha().raw().toBuffer({ resolveWithObject: true })).data

type Box = [number, number, number, number]
/**
 * Where placing a product may change the scene: its box (px), room for its cast shadow along the floor
 * (which grows with the product's height: up to 0.7 of it to either side) and for the shadow and the
 * floor's reflection below its base (half its height).
 */
const shadowArea = ([x, y, w, h]: Box): Box => [x - 0.7 * h, y, w + 1.4 * h, 1.5 * h]
const inside = (px: number, py: number, [x, y, w, h]: Box) => px >= x && px < x + w && py >= y && py < y + h

async function done(id: string) {
  const st = (await waitForState(api, id, ['completed', 'failed', 'stopped'], 60_000)).last
  expect(st, JSON.stringify({ error: st.error, message: st.message })).toMatchObject({ status: 'completed' })
  return st
}

describe('scene_from: the product placed again over a kept scene', () => {
  it('keeps scene.png byte for byte, changes step 1 only where the product was and is, and records it', async () => {
    const a = (await api.post('/generate', await smallJob({ product_box: [0.05, 0.5, 0.12, 0.35] }))).body.job_id as string
    await done(a)
    const b = await api.post('/generate', { scene_from: a, product_box: [0.75, 0.45, 0.14, 0.4], text_content: 'New Product', width: 256, height: 256, seed: 99 })
    expect(b.status, JSON.stringify(b.body)).toBe(200)
    const bId = b.body.job_id as string
    const st = await done(bId)
    expect(st.ran_steps).toEqual([1, 2, 3])
    // No product was named: the one of job A is placed (and kept, like product_from).
    expect(Buffer.compare((await api.get(`/jobs/${bId}/inputs/product`)).body, (await api.get(`/jobs/${a}/inputs/product`)).body)).toBe(0)

    // Another seed would make another scene: the same bytes mean the kept one was used.
    expect(Buffer.compare(await jobFile(bId, 'scene.png'), await jobFile(a, 'scene.png'))).toBe(0)
    const ja = await jobJson(a)
    const jb = await jobJson(bId)
    expect(jb.scene.kept_from).toBe(a)
    expect(ja.scene.kept_from).toBeUndefined()
    expect(jb.scene.light).toEqual(ja.scene.light)
    expect(jb.scene.layout).toEqual(ja.scene.layout)
    // No scene was made: no background timing, only the placement.
    expect(ja.timings_ms.background).toBeGreaterThan(0)
    expect(jb.timings_ms.background).toBeUndefined()
    expect(jb.layout.product_box[0]).toBeGreaterThan(0.7)

    // step1.png: the two products differ, the scene around them does not.
    const [s1a, s1b] = [await rgb(a, 'step1.png'), await rgb(bId, 'step1.png')]
    const areas = [shadowArea(ja.product_box), shadowArea(jb.product_box)]
    let outside = 0
    let inNew = 0
    let free = 0 // pixels outside both areas, which must not change: the wall and the floor between them
    for (let i = 0; i < 256 * 256; i++) {
      if (!areas.some((r) => inside(i % 256, Math.floor(i / 256), r))) free++
      const d = Math.abs(s1a[i * 3] - s1b[i * 3]) + Math.abs(s1a[i * 3 + 1] - s1b[i * 3 + 1]) + Math.abs(s1a[i * 3 + 2] - s1b[i * 3 + 2])
      if (d === 0) continue
      const [px, py] = [i % 256, Math.floor(i / 256)]
      if (!areas.some((r) => inside(px, py, r))) outside++
      if (inside(px, py, jb.product_box)) inNew++
    }
    expect(free).toBeGreaterThan(0.4 * 256 * 256)
    expect(outside).toBe(0)
    // The product did move: most of its new box changed.
    expect(inNew).toBeGreaterThan(0.3 * jb.product_box[2] * jb.product_box[3])

    // With A's text layer as well, the copy is kept too: only placement and composition run.
    const step2 = (await api.get(`/jobs/${a}/images/step2.png`)).body as Buffer
    const d = await api.post('/generate', { scene_from: a, step2_image: step2.toString('base64'), product_box: [0.4, 0.45, 0.14, 0.4], text_content: 'New Product', width: 256, height: 256, seed: 7 })
    expect(d.status, JSON.stringify(d.body)).toBe(200)
    expect((await done(d.body.job_id)).ran_steps).toEqual([1, 3])
    const jd = await jobJson(d.body.job_id)
    expect(jd.notes.text_kept).toBe(true)
    expect(jd.timings_ms.step2).toBeUndefined()
    expect(Buffer.compare(await jobFile(d.body.job_id, 'scene.png'), await jobFile(a, 'scene.png'))).toBe(0)

    // A scene kept by B serves again (a second move from the moved ad).
    const c = await api.post('/generate', { scene_from: bId, product_box: [0.3, 0.4, 0.3, 0.5], width: 256, height: 256, seed: 7, stop_step: 1 })
    expect(c.status).toBe(200)
    await done(c.body.job_id)
    expect(Buffer.compare(await jobFile(c.body.job_id, 'scene.png'), await jobFile(a, 'scene.png'))).toBe(0)
  }, 120_000)

  it('refuses, naming scene_from, an unknown job, a job without a kept scene, another size, a later start step', async () => {
    const a = (await api.post('/generate', await smallJob({ stop_step: 1 }))).body.job_id as string
    await done(a)
    const refused = async (body: Record<string, unknown>) => {
      const r = await api.post('/generate', { width: 256, height: 256, seed: 7, ...body })
      expect(r.status, JSON.stringify(r.body)).toBe(400)
      expect(r.body.detail).toMatch(/^scene_from: /)
      return r.body.detail as string
    }
    const unknown = '22222222-2222-4222-8222-222222222222'
    expect(await refused({ scene_from: unknown })).toBe(`scene_from: job ${unknown} not found`)
    expect(await refused({ scene_from: 'nope' })).toMatch(/must be the job_id of an earlier job/)
    expect(await refused({ scene_from: a, width: 320 })).toBe(
      `scene_from: job ${a}'s scene is 256x256, the request asks for 320x256 (send the same width and height, or make a new scene)`,
    )
    const s1 = (await api.get(`/jobs/${a}/images/step1.png`)).body as Buffer
    expect(await refused({ scene_from: a, start_step: 2, step1_image: s1.toString('base64'), text_content: 'x' })).toMatch(/needs start_step 1/)
    expect(await refused({ scene_from: a, samples: 3 })).toMatch(/samples > 1/)

    // A text re-run keeps no scene of its own (it made none).
    const text = await api.post('/generate', { start_step: 2, step1_image: s1.toString('base64'), text_content: 'Again', width: 256, height: 256 })
    expect(text.status).toBe(200)
    await done(text.body.job_id)
    expect(await refused({ scene_from: text.body.job_id })).toMatch(/keeps no empty scene/)

    // /help/parameters documents the field.
    const help = await api.get('/help/parameters')
    expect(JSON.stringify(help.body)).toContain('scene_from')
  }, 120_000)
})
