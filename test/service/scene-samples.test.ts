import { readFile } from 'node:fs/promises'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importModel } from '../../src/main/engine/models/model-store'
import { jobEventSchema, type JobEvent } from '../../src/shared/job-events'
import { jobStatusSchema } from '../../src/shared/job-status'
import { writeTinyModelFolder } from '../helpers/tiny-onnx/model-folder'
import { imageInfo, smallJob } from './helpers/images'
import { client, startServer, TEST_TOKEN, waitForState, type TestServer } from './helpers/server'

// Scene variations through the real server and worker, with a tiny stand-in diffusion model (real
// input/output names and shapes) imported into the server's models folder the way a user imports one.
let root: string
let dataDir: string
const servers: TestServer[] = []
let api: ReturnType<typeof client>

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'adstudio-samples-'))
  dataDir = join(root, 'data')
  // startServer points the server (and so its workers) at <data>/models through ADSTUDIO_MODELS_DIR.
  await importModel(join(dataDir, 'models'), await writeTinyModelFolder(join(root, 'turbo'), 'sd-turbo'), { id: 'sd-turbo' })
  servers.push(await startServer({ dataDir, env: { ADSTUDIO_DEVICE: 'cpu' } }))
  api = client(servers[0])
})
afterAll(async () => {
  for (const s of servers) await s.stop('SIGKILL')
  await rm(root, { recursive: true, force: true })
})

const pixels = async (png: Buffer) => sharp(png).ensureAlpha().raw().toBuffer()

/** Every event of the stream from `start` until the job it started finishes. */
async function eventsOfJob(start: () => Promise<string>): Promise<JobEvent[]> {
  const res = await fetch(`${servers[0].url}/events`, { headers: { Authorization: `Bearer ${TEST_TOKEN}` } })
  const reader = res.body!.getReader()
  const events: JobEvent[] = []
  const id = await start()
  let buf = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) return events
    buf += Buffer.from(value).toString('utf8')
    let cut
    while ((cut = buf.indexOf('\n\n')) >= 0) {
      const data = buf.slice(0, cut).split('\n').find((l) => l.startsWith('data: '))
      buf = buf.slice(cut + 2)
      if (!data) continue
      const e = jobEventSchema.parse(JSON.parse(data.slice(6)))
      if (e.job_id !== id) continue
      events.push(e)
      if (e.type === 'job.finished') {
        await reader.cancel()
        return events
      }
    }
  }
}

describe('scene variations (samples) over the API', () => {
  let jobId: string
  let sampleFiles: Buffer[]

  it('samples=3 with a diffusion engine: three variations listed with their seeds, each fetchable, the first being step1', async () => {
    const events = await eventsOfJob(async () => {
      const gen = await api.post('/generate', await smallJob({ bg_engine: 'sd-turbo', samples: 3, seed: 11, stop_step: 1 }))
      expect(gen.status, JSON.stringify(gen.body)).toBe(200)
      jobId = gen.body.job_id
      return jobId
    })
    const { last } = await waitForState(api, jobId, ['completed', 'failed', 'stopped'], 60_000)
    expect(last.status, last.message).toBe('completed')

    const status = jobStatusSchema.parse((await api.get(`/status/${jobId}?images=false`)).body)
    expect(status.samples).toEqual([1, 2, 3].map((n) => ({ id: `sample-${n}`, index: n, seed: 10 + n, image: `/jobs/${jobId}/samples/${n}.png` })))

    sampleFiles = []
    for (const s of status.samples) {
      const r = await api.get(s.image)
      expect(r.status).toBe(200)
      expect(r.headers.get('content-type')).toBe('image/png')
      expect(await imageInfo(r.body)).toMatchObject({ width: 256, height: 256, format: 'png' })
      sampleFiles.push(r.body)
    }
    const step1 = (await api.get(`/jobs/${jobId}/images/step1.png`)).body as Buffer
    expect(sampleFiles[0].equals(step1)).toBe(true)
    expect((await pixels(sampleFiles[1])).equals(await pixels(sampleFiles[0]))).toBe(false)

    // job.json records the seed of each; events told clients as each variation was written.
    const record = JSON.parse(await readFile(join(dataDir, 'jobs', jobId, 'job.json'), 'utf8'))
    expect(record.samples).toEqual([1, 2, 3].map((n) => ({ index: n, seed: 10 + n, file: `step1_sample_${n}.png` })))
    const sampleEvents = events.filter((e) => e.type === 'job.samples')
    expect(sampleEvents.length).toBeGreaterThanOrEqual(1)
    expect(sampleEvents.at(-1)).toMatchObject({ samples: status.samples })
  })

  it('a start_step 2 job over sample 2 (its PNG as step1_image, the same mask) completes over that scene', async () => {
    const mask = (await api.get(`/jobs/${jobId}/images/mask.png`)).body as Buffer
    const gen = await api.post('/generate', {
      start_step: 2,
      step1_image: sampleFiles[1].toString('base64'),
      mask_image: mask.toString('base64'),
      text_content: 'Pick Two',
      seed: 11,
    })
    expect(gen.status, JSON.stringify(gen.body)).toBe(200)
    const rerun = gen.body.job_id
    const { last } = await waitForState(api, rerun, ['completed', 'failed', 'stopped'], 60_000)
    expect(last.status, last.message).toBe('completed')
    const status = jobStatusSchema.parse((await api.get(`/status/${rerun}?images=false`)).body)
    expect(status.samples).toEqual([])
    expect(status.images.final).toBe(`/jobs/${rerun}/images/final.png`)
    const step1 = (await api.get(`/jobs/${rerun}/images/step1.png`)).body as Buffer
    expect((await pixels(step1)).equals(await pixels(sampleFiles[1]))).toBe(true)
    expect((await api.get(`/jobs/${rerun}/samples/1.png`)).status).toBe(404)
  })

  it('anything but a variation the job has is 404', async () => {
    for (const n of ['0', '9', 'abc', '01', '4', '-1', '1.5'])
      expect((await api.get(`/jobs/${jobId}/samples/${n}.png`)).status, n).toBe(404)
    const r = await api.get(`/jobs/${jobId}/samples/9.png`)
    expect(r.body).toMatchObject({ code: 'not_found' })
    expect(r.body.detail).toMatch(/1, 2, 3/)
    expect((await api.get('/jobs/00000000-0000-4000-8000-000000000000/samples/1.png')).status).toBe(404)
    expect((await api.get('/jobs/not-a-job/samples/1.png')).status).toBe(404)
  })

  it('a restarted server still lists and serves the variations', async () => {
    expect(await servers[0].stop()).toBe(0)
    const again = await startServer({ dataDir, env: { ADSTUDIO_DEVICE: 'cpu' } })
    servers.push(again)
    const api2 = client(again)
    const status = jobStatusSchema.parse((await api2.get(`/status/${jobId}?images=false`)).body)
    expect(status.samples.map((s) => [s.index, s.seed])).toEqual([[1, 11], [2, 12], [3, 13]])
    const third = await api2.get(`/jobs/${jobId}/samples/3.png`)
    expect(third.status).toBe(200)
    expect((third.body as Buffer).equals(sampleFiles[2])).toBe(true)
  })
})
