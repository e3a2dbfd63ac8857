/**
 * Refine cutout's correction belongs to the photo: a job given product_mask keeps it in the mask
 * cache, so the next job with the same photo and no product_mask (New background, a batch re-run,
 * after a restart) uses it; and every job with a product writes product_mask.png, the mask on the photo.
 */
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { drawProductPhoto } from '../helpers/synthetic-product'
import { client, startServer, waitForState, type TestServer } from './helpers/server'

let server: TestServer
let api: ReturnType<typeof client>

beforeAll(async () => {
  server = await startServer()
  api = client(server)
})
afterAll(async () => {
  await server.stop()
})

const grey = (w: number, h: number, fill: (x: number, y: number) => number) => {
  const px = Buffer.alloc(w * h)
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) px[y * w + x] = fill(x, y)
  return sharp(px, { raw: { width: w, height: h, channels: 1 } }).png().toBuffer()
}
const greyPixels = async (png: Buffer) => (await sharp(png).extractChannel(0).raw().toBuffer()).toString('hex')

async function run(body: Record<string, unknown>) {
  const gen = await api.post('/generate', body)
  expect(gen.status, JSON.stringify(gen.body)).toBe(200)
  const { last } = await waitForState(api, gen.body.job_id, ['completed', 'failed', 'stopped'], 90_000)
  expect(last.status, last.message).toBe('completed')
  const id = gen.body.job_id as string
  const job = JSON.parse(await readFile(join(server.dataDir, 'jobs', id, 'job.json'), 'utf8'))
  const cutout = Buffer.from(((await api.get(`/jobs/${id}/images/product_mask.png`)).body as Buffer))
  return { id, job, cutout }
}

describe('a corrected cutout is kept with the photo', () => {
  it('the next job on the same photo without product_mask uses the correction (cached), and product_mask.png shows it', async () => {
    // Bytes no earlier run has seen (a random first row), so the shared test cache holds nothing for them.
    const shot = await drawProductPhoto({ width: 200, height: 260, backdrop: 'plain' })
    const { data, info } = await sharp(shot.png).raw().toBuffer({ resolveWithObject: true })
    randomBytes(info.width * info.channels).copy(data, 0)
    const photo = (await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).png().toBuffer()).toString('base64')
    // The "corrected" mask: a block with a 20-px band erased across it.
    const fixed = await grey(200, 260, (x, y) => (x >= 50 && x < 150 && y >= 40 && y < 220 && !(y >= 120 && y < 140) ? 255 : 0))

    const a = await run({ start_step: 1, stop_step: 1, product_image: photo, product_mask: fixed.toString('base64'), width: 256, height: 256, seed: 11 })
    expect(a.job.notes).toMatchObject({ mask: 'supplied', mask_kept: true })
    expect(await greyPixels(a.cutout)).toBe(await greyPixels(fixed))

    const b = await run({ start_step: 1, stop_step: 1, product_image: photo, width: 256, height: 256, seed: 12 })
    expect(b.job.notes.mask).toBe('cached')
    expect(b.job.timings_ms.segmentation).toBeUndefined()
    expect(await greyPixels(b.cutout)).toBe(await greyPixels(fixed))
    expect(b.job.cutout_check).toEqual({ doubtful: false, reasons: [] })
    expect((await api.get(`/status/${b.id}?images=false`)).body.cutout_check).toEqual({ doubtful: false, reasons: [] })
  }, 180_000)

  it('a doubtful kept mask (the whole photo but a hole) is reported in /status as cutout_check with its reasons', async () => {
    const shot = await drawProductPhoto({ width: 160, height: 200, backdrop: 'plain' })
    const { data, info } = await sharp(shot.png).raw().toBuffer({ resolveWithObject: true })
    randomBytes(info.width * info.channels).copy(data, 0)
    const photo = (await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).png().toBuffer()).toString('base64')
    const everything = await grey(160, 200, (x, y) => (x >= 60 && x < 100 && y >= 80 && y < 120 ? 0 : 255))
    const a = await run({ start_step: 1, stop_step: 1, product_image: photo, product_mask: everything.toString('base64'), width: 256, height: 256 })
    // A mask a person supplied is not second-guessed.
    expect((await api.get(`/status/${a.id}?images=false`)).body.cutout_check).toBeUndefined()
    const b = await run({ start_step: 1, stop_step: 1, product_image: photo, width: 256, height: 256 })
    expect(b.job.notes.mask).toBe('cached')
    const st = (await api.get(`/status/${b.id}?images=false`)).body
    expect(st.cutout_check).toEqual({ doubtful: true, reasons: ['borders', 'area'] })
  }, 180_000)
})
