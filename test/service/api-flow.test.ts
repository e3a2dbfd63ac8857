import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateResponseSchema, healthResponseSchema, jobsListResponseSchema } from '../../src/shared/api-responses'
import { generateRequestSchema } from '../../src/shared/generate-request'
import { jobEventSchema, type JobEvent } from '../../src/shared/job-events'
import { jobStatusSchema } from '../../src/shared/job-status'
import { imageInfo, smallJob } from './helpers/images'
import { client, rawRequest, startServer, TEST_TOKEN, waitForState, type TestServer } from './helpers/server'

let server: TestServer
let api: ReturnType<typeof client>

beforeAll(async () => {
  server = await startServer()
  api = client(server)
})
afterAll(async () => {
  expect(await server.stop()).toBe(0) // SIGTERM: a clean shutdown
})

/** Reads /events until `until` says stop; returns the events of that time. */
async function collectEvents(start: () => Promise<void>, until: (e: JobEvent) => boolean): Promise<JobEvent[]> {
  const res = await fetch(`${server.url}/events`, { headers: { Authorization: `Bearer ${TEST_TOKEN}` } })
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/)
  const reader = res.body!.getReader()
  const events: JobEvent[] = []
  let buf = ''
  await start()
  for (;;) {
    const { value, done } = await reader.read()
    if (done) break
    buf += Buffer.from(value).toString('utf8')
    let cut
    while ((cut = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, cut)
      buf = buf.slice(cut + 2)
      const data = block.split('\n').find((l) => l.startsWith('data: '))
      if (!data) continue
      const e = jobEventSchema.parse(JSON.parse(data.slice(6)))
      events.push(e)
      if (until(e)) {
        await reader.cancel()
        return events
      }
    }
  }
  return events
}

describe('the seed-002 client flow against the real server and worker', () => {
  let firstJob: string
  let step1Result: string
  let step2Result: string

  it('health → fonts → generate → poll → results, in nanoCocoa shapes', async () => {
    const health = await api.get('/health')
    expect(health.status).toBe(200)
    expect(healthResponseSchema.parse(health.body).status).toBe('healthy')

    const fonts = await api.get('/fonts')
    expect(fonts.status).toBe(200)
    expect(Array.isArray(fonts.body.fonts)).toBe(true)

    // The seed's own example names NanumSquare, which resolves to a bundled face.
    const gen = await api.post('/generate', await smallJob({ font_name: 'NanumSquare/NanumSquareB.ttf' }))
    expect(gen.status).toBe(200)
    const accepted = generateResponseSchema.parse(gen.body)
    expect(accepted.status).toBe('started')
    firstJob = accepted.job_id

    const { last, seen } = await waitForState(api, firstJob, ['completed', 'failed', 'stopped'])
    expect(last.status, last.message).toBe('completed')
    // progress only ever grows; estimates are never negative
    const pct = seen.map((s) => s.progress_percent)
    for (let i = 1; i < pct.length; i++) expect(pct[i]).toBeGreaterThanOrEqual(pct[i - 1])
    for (const s of seen) {
      expect(s.eta_seconds).toBeGreaterThanOrEqual(0)
      expect(s.step_eta_seconds).toBeGreaterThanOrEqual(0)
      expect('step1_result' in s).toBe(false) // ?images=false
    }
    expect(last.progress_percent).toBe(100)

    const full = await api.get(`/status/${firstJob}`)
    const status = jobStatusSchema.parse(full.body)
    expect(status.parameters).toMatchObject({ start_step: 1, width: 256, height: 256, seed: 7, font_name: 'NanumSquare/NanumSquareB.ttf' })
    expect(status.parameters.product_image).toBeUndefined()
    expect(status.system_metrics.ram_total_gb).toBeGreaterThan(0)
    expect(Array.isArray(status.system_metrics.gpu_info)).toBe(true)
    expect(await imageInfo(status.step1_result!)).toMatchObject({ width: 256, height: 256, format: 'png' })
    step1Result = status.step1_result!
    expect(await imageInfo(status.step2_result!)).toMatchObject({ format: 'png', hasAlpha: true }) // the text layer, cropped to the text
    expect(await imageInfo(status.final_result!)).toMatchObject({ width: 256, height: 256, format: 'png' })
    expect(status.images).toEqual({
      step1: `/jobs/${firstJob}/images/step1.png`,
      mask: `/jobs/${firstJob}/images/mask.png`,
      step2: `/jobs/${firstJob}/images/step2.png`,
      final: `/jobs/${firstJob}/images/final.png`,
      product_mask: `/jobs/${firstJob}/images/product_mask.png`,
    })
    // The product's own alpha is its mask: nothing a model guessed, nothing to check.
    expect(status.cutout_check).toBeUndefined()
    expect(status.message).toBe('All steps completed')
  })

  it('serves each image as a PNG, and 404 for images a job does not have', async () => {
    const step1 = await api.get(`/jobs/${firstJob}/images/step1.png`)
    expect(step1.status).toBe(200)
    expect(step1.headers.get('content-type')).toBe('image/png')
    expect((step1.body as Buffer).toString('base64')).toBe(step1Result)
    const mask = await api.get(`/jobs/${firstJob}/images/mask.png`)
    expect(await imageInfo(mask.body)).toMatchObject({ width: 256, height: 256, format: 'png', channels: 1 })
    // The product's mask on the photo itself (Refine cutout edits it): the photo's size, 8-bit grey.
    const productMask = await api.get(`/jobs/${firstJob}/images/product_mask.png`)
    expect(await imageInfo(productMask.body)).toMatchObject({ width: 240, height: 320, format: 'png', channels: 1 })
    expect((await api.get(`/jobs/${firstJob}/images/secret.png`)).status).toBe(404)
    expect((await api.get(`/jobs/${firstJob}/images/..%2Fstatus.json.png`)).status).toBe(404)
  })

  it('lists jobs with counts (GET /jobs)', async () => {
    const r = await api.get('/jobs')
    const list = jobsListResponseSchema.parse(r.body)
    expect(list.total_jobs).toBeGreaterThanOrEqual(1)
    expect(list.completed_jobs).toBeGreaterThanOrEqual(1)
    expect(list.jobs.find((j) => j.job_id === firstJob)).toMatchObject({ status: 'completed', progress_percent: 100 })
  })

  it('re-runs from step 2 with the kept step-1 image and mask ("regenerate text only")', async () => {
    const mask = ((await api.get(`/jobs/${firstJob}/images/mask.png`)).body as Buffer).toString('base64')
    const gen = await api.post('/generate', { start_step: 2, step1_image: step1Result, mask_image: mask, text_content: 'Different Text', text_model_prompt: 'gold metallic text with shadow', font_name: 'NanumGothic/NanumGothic.ttf' })
    expect(gen.status).toBe(200)
    const { last } = await waitForState(api, gen.body.job_id, ['completed', 'failed', 'stopped'])
    expect(last.status, last.message).toBe('completed')
    const s = (await api.get(`/status/${gen.body.job_id}`)).body
    expect(s.step1_result).toBe(step1Result) // the kept image, not a new scene
    expect(await imageInfo(s.step2_result)).toMatchObject({ format: 'png', hasAlpha: true })
    expect(await imageInfo(s.final_result)).toMatchObject({ width: 256, height: 256 })
    expect(s.parameters).toMatchObject({ start_step: 2, text_content: 'Different Text' })
    expect(s.parameters.step1_image).toBeUndefined()
    expect(s.parameters.mask_image).toBeUndefined()
    step2Result = s.step2_result
  })

  it('re-runs step 3 alone from step-1 and step-2 images ("recomposite only")', async () => {
    const gen = await api.post('/generate', { start_step: 3, step1_image: step1Result, step2_image: step2Result, composition_mode: 'blend', text_position: 'center' })
    expect(gen.status, JSON.stringify(gen.body)).toBe(200)
    const { last } = await waitForState(api, gen.body.job_id, ['completed', 'failed', 'stopped'])
    expect(last.status, last.message).toBe('completed')
    const s = (await api.get(`/status/${gen.body.job_id}`)).body
    expect(s.step2_result).toBe(step2Result)
    expect(await imageInfo(s.final_result)).toMatchObject({ width: 256, height: 256 })
  })

  it('pushes the job events over SSE: queued, started, progress (monotonic), image, finished', async () => {
    let id = ''
    const events = await collectEvents(
      async () => {
        id = (await api.post('/generate', await smallJob())).body.job_id
      },
      (e) => e.type === 'job.finished' && e.job_id === id,
    )
    const mine = events.filter((e) => e.job_id === id)
    const types = mine.map((e) => e.type)
    expect(types[0]).toBe('job.queued')
    expect(types).toContain('job.started')
    expect(types).toContain('job.progress')
    expect(types).toContain('job.image')
    expect(types.at(-1)).toBe('job.finished')
    const pct = mine.flatMap((e) => (e.type === 'job.progress' ? [e.progress_percent] : []))
    for (let i = 1; i < pct.length; i++) expect(pct[i]).toBeGreaterThanOrEqual(pct[i - 1])
  })

  it('stopping a finished job changes nothing', async () => {
    const r = await api.post(`/stop/${firstJob}`)
    expect(r.status).toBe(200)
    expect(r.body).toEqual({ job_id: firstJob, status: 'completed' })
    expect((await api.get(`/status/${firstJob}?images=false`)).body.status).toBe('completed')
  })

  it('deletes a finished job and its folder; then it is unknown', async () => {
    const r = await api.delete(`/jobs/${firstJob}`)
    expect(r.body).toEqual({ job_id: firstJob, status: 'deleted' })
    expect(existsSync(join(server.dataDir, 'jobs', firstJob))).toBe(false)
    for (const [method, path] of [['GET', `/status/${firstJob}`], ['POST', `/stop/${firstJob}`], ['DELETE', `/jobs/${firstJob}`], ['GET', `/jobs/${firstJob}/images/step1.png`]]) {
      const again = await api.call(method, path)
      expect(again.status, `${method} ${path}`).toBe(404)
      expect(again.body).toMatchObject({ detail: 'Job not found' })
    }
  })
})

describe('auth, origin and routing', () => {
  it('needs the bearer token on every endpoint', async () => {
    for (const path of ['/health', '/jobs', '/fonts', '/help', '/help/parameters', '/events', '/status/x']) {
      for (const auth of [null, 'wrong-token']) {
        const r = await client(server, auth).get(path)
        expect(r.status, `${path} with ${auth}`).toBe(401)
        expect(r.headers.get('www-authenticate')).toBe('Bearer')
      }
    }
    const basic = await rawRequest(server.port, { path: '/health', headers: { Host: `127.0.0.1:${server.port}`, Authorization: `Basic ${TEST_TOKEN}` } })
    expect(basic.status).toBe(401)
    const before = (await api.get('/jobs')).body.total_jobs
    const gen = await client(server, null).post('/generate', await smallJob())
    expect(gen.status).toBe(401)
    expect((await api.get('/jobs')).body.total_jobs).toBe(before) // nothing was queued
  })

  it('refuses other hosts (DNS rebinding) and other origins, and sends no CORS headers', async () => {
    const auth = { Authorization: `Bearer ${TEST_TOKEN}` }
    expect((await rawRequest(server.port, { path: '/health', headers: { ...auth, Host: 'evil.example:80' } })).status).toBe(421)
    expect((await rawRequest(server.port, { path: '/health', headers: { ...auth, Host: `127.0.0.1:${server.port}`, Origin: 'http://evil.example' } })).status).toBe(403)
    const same = await api.get('/health', { Origin: `http://127.0.0.1:${server.port}` })
    expect(same.status).toBe(200)
    expect(same.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('answers 404 for unknown endpoints and job ids, 405 for wrong methods', async () => {
    expect((await api.get('/nope')).status).toBe(404)
    expect((await api.get('/status/not-a-uuid')).body).toEqual({ detail: 'Job not found', code: 'not_found' })
    expect((await api.get('/status/00000000-0000-4000-8000-000000000000')).status).toBe(404)
    const wrong = await api.get('/generate')
    expect(wrong.status).toBe(405)
    expect(wrong.headers.get('allow')).toBe('POST')
  })

  it('documents every request field from the schema itself (GET /help/parameters)', async () => {
    const r = await api.get('/help/parameters')
    expect(r.status).toBe(200)
    const names = r.body.parameters.map((p: { name: string }) => p.name)
    expect(names.sort()).toEqual(Object.keys(generateRequestSchema.shape).sort())
    const byName = Object.fromEntries(r.body.parameters.map((p: { name: string }) => [p.name, p]))
    expect(byName.composition_strength).toMatchObject({ type: 'number', default: 0.4, minimum: 0, maximum: 1 })
    expect(byName.composition_mode.allowed).toEqual(['overlay', 'blend', 'behind'])
    expect(byName.num_inference_steps).toMatchObject({ type: 'integer', default: 4, minimum: 1, maximum: 50 })
    for (const p of r.body.parameters) expect(p.description, p.name).not.toBe('')
    expect(r.body.rules).toContain('step1_image is required when start_step is 2 or 3')
    expect(r.body.rules).toContain('step2_image is required when start_step is 3')
    const help = await api.get('/help')
    expect(help.body.endpoints.map((e: { path: string }) => e.path)).toContain('/generate')
  })
})
