import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LIMITS, MAX_BODY_BYTES } from '../../src/shared/limits'
import { drawProductPhoto } from '../helpers/synthetic-product'
import { productB64, smallJob } from './helpers/images'
import { client, startServer, waitForState, type TestServer } from './helpers/server'

/**
 * The product photo a job keeps (inputs/product.<ext>): served back (GET /jobs/{id}/inputs/product),
 * named by later jobs (product_from) instead of being sent again, kept by re-runs; the input limits
 * of src/shared/limits.ts as the HTTP API applies them; damaged job folders listed, not dropped.
 */
let server: TestServer
let api: ReturnType<typeof client>
beforeAll(async () => {
  server = await startServer()
  api = client(server)
})
afterAll(async () => {
  await server?.stop('SIGKILL')
})

/**
 * A 7000x7000 camera-sized product photo (the synthetic bottle on a studio backdrop) with sensor-like
 * grain, as JPEG: about 1 byte per pixel, so between the old 36 MB limit and today's 64 MB.
 */
async function cameraJpeg(): Promise<Buffer> {
  // Drawn once per machine (about 15 s on 2 cores) and kept with the other test caches.
  const cached = join(tmpdir(), 'adstudio-test-cache', 'camera-7000x7000-grain.jpg')
  const hit = await readFile(cached).catch(() => null)
  if (hit) return hit
  const jpeg = await drawCameraJpeg()
  await mkdir(dirname(cached), { recursive: true })
  await writeFile(cached, jpeg)
  return jpeg
}

async function drawCameraJpeg(): Promise<Buffer> {
  const { png } = await drawProductPhoto({ width: 7000, height: 7000, backdrop: 'plain' })
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  let x = 12345
  for (let i = 0; i < data.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff
    data[i] = Math.max(0, Math.min(255, data[i] + ((x >> 16) % 61) - 30))
  }
  return sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } }).jpeg({ quality: 95, chromaSubsampling: '4:4:4' }).toBuffer()
}

describe('input limits (one set, src/shared/limits.ts)', () => {
  it('keep the body limit above two images at the byte limit, and the base64 limit above the byte limit', () => {
    expect(LIMITS.maxBase64Chars).toBeGreaterThan((LIMITS.maxInputBytes * 4) / 3)
    expect(MAX_BODY_BYTES).toBeGreaterThan(2 * LIMITS.maxBase64Chars)
  })

  it('take a 50 MP JPEG of about 50 MB end to end, and refuse one over 64 MB in plain words', async () => {
    const t0 = Date.now()
    const jpeg = await cameraJpeg()
    const t1 = Date.now()
    console.log(`camera JPEG: ${(jpeg.length / 1e6).toFixed(1)} MB`)
    expect(jpeg.length).toBeGreaterThan(40_000_000) // over the old 36 MB limit that refused it
    expect(jpeg.length).toBeLessThan(LIMITS.maxInputBytes)
    const r = await api.post('/generate', { product_image: jpeg.toString('base64'), text_content: 'SALE 50%', width: 256, height: 256, seed: 3 })
    expect(r.status).toBe(200)
    const t2 = Date.now()
    const done = (await waitForState(api, r.body.job_id, ['completed', 'failed'], 120_000)).last
    console.log(`make photo ${t1 - t0} ms, POST ${t2 - t1} ms, job ${done.elapsed_sec} s, until seen done ${Date.now() - t2} ms`)
    expect(done, JSON.stringify({ error: done.error, message: done.message })).toMatchObject({ status: "completed", ran_steps: [1, 2, 3], inputs: { product: `/jobs/${r.body.job_id}/inputs/product` } })
    const back = await api.get(`/jobs/${r.body.job_id}/inputs/product`)
    expect(back.status).toBe(200)
    expect(back.headers.get('content-type')).toBe('image/jpeg')
    expect(Buffer.compare(back.body, jpeg)).toBe(0)

    const tooBig = Buffer.concat([jpeg, Buffer.alloc(LIMITS.maxInputBytes + 500_000 - jpeg.length)])
    const refused = await api.post('/generate', { product_image: tooBig.toString('base64'), width: 256, height: 256 })
    expect(refused.status).toBe(400)
    expect(refused.body).toMatchObject({ code: 'image_too_large', detail: 'product_image: the file is 64.5 MB; the limit is 64 MB' })
  }, 180_000)
})

describe('the product photo kept with each job', () => {
  it('is named by later jobs (product_from), kept by re-runs, and outlives the job it came from', async () => {
    const photo = Buffer.from(await productB64(), 'base64')
    const first = (await api.post('/generate', await smallJob())).body.job_id as string
    const a = (await waitForState(api, first, ['completed'], 60_000)).last
    const productId = (await api.get('/jobs')).body.jobs.find((j: { job_id: string }) => j.job_id === first).product_id
    expect(productId).toMatch(/^[0-9a-f]{16}$/)

    // New background from a reopened job: the photo is named, not sent.
    const again = await api.post('/generate', { product_from: first, bg_prompt: 'beach', text_content: 'New', width: 256, height: 256, seed: 9 })
    expect(again.status).toBe(200)
    // Regenerate text from it: the re-run keeps the photo too (not read by steps 2-3, kept for History).
    const text = await api.post('/generate', { start_step: 2, product_from: first, step1_image: await imageB64(first, 'step1'), text_content: 'Other', width: 256, height: 256 })
    expect(text.status).toBe(200)
    for (const id of [again.body.job_id, text.body.job_id]) {
      const st = (await waitForState(api, id, ['completed'], 60_000)).last
      expect(st.inputs.product).toBe(`/jobs/${id}/inputs/product`)
      expect(Buffer.compare((await api.get(`/jobs/${id}/inputs/product`)).body, photo)).toBe(0)
    }
    const rows = (await api.get('/jobs')).body.jobs as { job_id: string; product_id: string }[]
    expect(rows.filter((j) => j.product_id === productId).map((j) => j.job_id).sort()).toEqual([first, again.body.job_id, text.body.job_id].sort())
    expect(a.parameters).not.toHaveProperty('product_from')

    // Deleting the job the photo came from does not take it from the others (a hard link, or a copy).
    expect((await api.delete(`/jobs/${first}`)).status).toBe(200)
    expect(Buffer.compare((await api.get(`/jobs/${again.body.job_id}/inputs/product`)).body, photo)).toBe(0)
  }, 120_000)

  it('refuses what cannot work, naming the field', async () => {
    const bare = (await api.post('/generate', { text_content: 'Only a scene', width: 256, height: 256, seed: 1 })).body.job_id as string
    const st = (await waitForState(api, bare, ['completed'], 60_000)).last
    expect(st.inputs.product).toBeNull()
    expect((await api.get(`/jobs/${bare}/inputs/product`)).status).toBe(404)

    const scene = await api.post('/generate', { product_from: bare, width: 256, height: 256 })
    expect(scene.status).toBe(400)
    expect(scene.body.detail).toBe(`product_from: job ${bare} has no product photo (send product_image)`)
    const both = await api.post('/generate', { product_from: bare, product_image: await productB64(), width: 256, height: 256 })
    expect(both.status).toBe(400)
    expect(both.body.detail).toMatch(/^product_from: cannot be given together with product_image/)
    const unknown = await api.post('/generate', { product_from: '22222222-2222-4222-8222-222222222222', width: 256, height: 256 })
    expect(unknown.body.detail).toBe('product_from: job 22222222-2222-4222-8222-222222222222 not found')
    // A re-run of a background-only job has no photo to keep, and needs none.
    const rerun = await api.post('/generate', { start_step: 2, product_from: bare, step1_image: await imageB64(bare, 'step1'), text_content: 'Again', width: 256, height: 256 })
    expect(rerun.status).toBe(200)
    expect((await waitForState(api, rerun.body.job_id, ['completed'], 60_000)).last.inputs.product).toBeNull()
  }, 120_000)
})

describe('damaged job folders', () => {
  it('are listed as damaged after a restart, with the images that survive', async () => {
    const id = (await api.post('/generate', await smallJob({ stop_step: 1 }))).body.job_id as string
    await waitForState(api, id, ['completed'], 60_000)
    const other = (await api.post('/generate', await smallJob({ stop_step: 1, seed: 8 }))).body.job_id as string
    await waitForState(api, other, ['completed'], 60_000)
    await server.stop()
    await writeFile(join(server.dataDir, 'jobs', id, 'status.json'), '{ "version": 1, "job_')
    await rm(join(server.dataDir, 'jobs', other, 'request.json'))
    server = await startServer({ dataDir: server.dataDir })
    api = client(server)
    expect(server.output()).toMatch(new RegExp(`job folder ${id} is damaged \\(status.json is not valid JSON`))
    const rows = (await api.get('/jobs')).body.jobs as { job_id: string; status: string; damaged: string | null }[]
    expect(rows.find((j) => j.job_id === id)).toMatchObject({ status: 'failed', damaged: 'status.json is not valid JSON (damaged)' })
    expect(rows.find((j) => j.job_id === other)).toMatchObject({ status: 'failed', damaged: 'request.json is missing' })
    const st = (await api.get(`/status/${id}?images=false`)).body
    expect(st).toMatchObject({ error_code: 'damaged', images: { step1: `/jobs/${id}/images/step1.png`, mask: `/jobs/${id}/images/mask.png` } })
    expect((await api.get(`/jobs/${id}/images/step1.png`)).status).toBe(200)
    expect((await api.get(`/jobs/${id}/inputs/product`)).status).toBe(200)
    expect(existsSync(join(server.dataDir, 'jobs', id))).toBe(true)
  }, 120_000)
})

async function imageB64(id: string, image: string): Promise<string> {
  return ((await api.get(`/jobs/${id}/images/${image}.png`)).body as Buffer).toString('base64')
}
