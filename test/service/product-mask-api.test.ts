/**
 * `product_mask` on POST /generate: a supplied mask replaces segmentation for its photo (job.json
 * says so), and the 400s for a mask of another size, one that cannot be decoded, one without
 * product pixels, and one without a photo, each naming product_mask and the rule.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorResponseSchema } from '../../src/shared/api-responses'
import { drawProductPhoto } from '../helpers/synthetic-product'
import { client, startServer, waitForState, type TestServer } from './helpers/server'

let server: TestServer
let api: ReturnType<typeof client>
let photo: string
/** The supplied mask: a 100x140 block at (70, 90), not the bottle the photo shows. */
let block: string

const grey = (w: number, h: number, fill: (x: number, y: number) => number) => {
  const px = Buffer.alloc(w * h)
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) px[y * w + x] = fill(x, y)
  return sharp(px, { raw: { width: w, height: h, channels: 1 } }).png().toBuffer()
}

beforeAll(async () => {
  server = await startServer()
  api = client(server)
  photo = (await drawProductPhoto({ width: 240, height: 320, backdrop: 'gradient' })).png.toString('base64')
  block = (await grey(240, 320, (x, y) => (x >= 70 && x < 170 && y >= 90 && y < 230 ? 255 : 0))).toString('base64')
})
afterAll(async () => {
  await server.stop()
})

describe('product_mask (POST /generate, start_step 1)', () => {
  it('replaces segmentation for the photo and job.json says the mask was supplied', async () => {
    const gen = await api.post('/generate', { start_step: 1, stop_step: 1, product_image: photo, product_mask: block, width: 256, height: 256, seed: 3 })
    expect(gen.status, JSON.stringify(gen.body)).toBe(200)
    const { last } = await waitForState(api, gen.body.job_id, ['completed', 'failed', 'stopped'], 60_000)
    expect(last.status, last.message).toBe('completed')
    const job = JSON.parse(await readFile(join(server.dataDir, 'jobs', gen.body.job_id, 'job.json'), 'utf8'))
    expect(job.engines.cutout).toBe('supplied')
    expect(job.notes.mask).toBe('supplied')
    expect(job.timings_ms.segmentation).toBeUndefined()
    // The product is the supplied block, not what a model would see (the bottle).
    expect(job.product_source_box).toEqual([70, 90, 100, 140])
    expect(job.parameters.product_mask).toBeUndefined()
  }, 90_000)

  it('refuses a mask of another size, an undecodable one, an empty one and one without a photo (400, naming product_mask)', async () => {
    const png = Buffer.from(block, 'base64')
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['other size', { product_image: photo, product_mask: (await grey(120, 160, () => 255)).toString('base64') }, /product_mask: 120x160 does not match product_image \(240x320\)/],
      ['undecodable', { product_image: photo, product_mask: png.subarray(0, 60).toString('base64') }, /product_mask: is not a decodable image/],
      ['no product pixels', { product_image: photo, product_mask: (await grey(240, 320, () => 100)).toString('base64') }, /product_mask: has no product pixels/],
      ['not an image', { product_image: photo, product_mask: Buffer.from('a mask, honestly').toString('base64') }, /product_mask: is not an image/],
      ['without product_image', { product_mask: block }, /product_mask: needs product_image/],
    ]
    const failures: string[] = []
    for (const [name, body, detail] of cases) {
      const r = await api.post('/generate', { start_step: 1, ...body })
      const e = errorResponseSchema.safeParse(r.body)
      if (r.status !== 400 || !e.success || !detail.test(e.data.detail) || !e.data.issues?.some((i) => i.field === 'product_mask'))
        failures.push(`${name}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`)
    }
    expect(failures).toEqual([])
  })

  it('applies cutout_edits (a hard erase stroke) to the mask and records them', async () => {
    // The block spans x 70..169; a 25 px stroke down x = 145 erases x 120..169.
    const edits = [{ kind: 'brush', mode: 'erase', radius: 25, hardness: 1, points: [[145, 60], [145, 260]] }]
    const gen = await api.post('/generate', { start_step: 1, stop_step: 1, product_image: photo, product_mask: block, cutout_edits: edits, width: 256, height: 256, seed: 3 })
    expect(gen.status, JSON.stringify(gen.body)).toBe(200)
    const { last } = await waitForState(api, gen.body.job_id, ['completed', 'failed', 'stopped'], 60_000)
    expect(last.status, last.message).toBe('completed')
    const job = JSON.parse(await readFile(join(server.dataDir, 'jobs', gen.body.job_id, 'job.json'), 'utf8'))
    expect(job.notes.mask_edits).toBe(1)
    expect(job.product_source_box).toEqual([70, 90, 50, 140])
    const bad = await api.post('/generate', { start_step: 1, product_image: photo, cutout_edits: [{ kind: 'brush', mode: 'erase', radius: 0, points: [[1, 1]] }] })
    expect(bad.status).toBe(400)
    expect(bad.body.detail).toMatch(/cutout_edits.*radius.*0\.5/)
  }, 90_000)

  it('is documented in /help/parameters as an extension of the nanoCocoa request', async () => {
    const help = (await api.get('/help/parameters')).body
    const p = help.parameters.find((x: { name: string }) => x.name === 'product_mask')
    expect(p.description).toMatch(/extension of the nanoCocoa request/)
    expect(p.description).toMatch(/0 = background, 255 = product/)
    expect(help.rules).toContain('product_mask needs product_image (the photo it masks)')
    expect(help.parameters.find((x: { name: string }) => x.name === 'cutout_edits').description).toMatch(/kind: "brush"/)
  })
})
