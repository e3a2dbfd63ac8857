import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { JobService } from '../../src/main/engine/jobs/job-service'
import { submitJob } from '../../src/main/shell/job-submit'
import { drawProductPhoto } from '../helpers/synthetic-product'
import { fakeWorkerFactory } from './fake-worker'

/** product_mask over IPC: the same rules as POST /generate, the mask kept with the job. */
describe('product mask over IPC', () => {
  let jobs: JobService
  let dir: string
  let photo: string
  const deps = () => ({ jobs, checkFont: async () => null })
  const grey = (w: number, h: number, v: number) => sharp(Buffer.alloc(w * h, v), { raw: { width: w, height: h, channels: 1 } }).png().toBuffer()

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'submit-mask-'))
    jobs = await JobService.open({ dataDir: join(dir, 'data'), workerFactory: fakeWorkerFactory({ onRun: (w, m) => w.done(m.job_id) }) })
    photo = join(dir, 'sauce.png')
    await writeFile(photo, (await drawProductPhoto({ width: 64, height: 96, backdrop: 'gradient' })).png)
  })
  afterAll(() => jobs.close())

  it('keeps a supplied mask with the job as its step-1 mask input', async () => {
    const mask = await grey(64, 96, 255)
    const r = await submitJob(deps(), { params: { width: 256, height: 256 }, product: { kind: 'path', path: photo }, productMask: { kind: 'bytes', bytes: mask, name: 'mask.png' } })
    if (!r.ok) throw new Error(r.message)
    const j = jobs.get(r.value.job_id)!
    expect(j.params).not.toHaveProperty('product_mask')
    expect(await readFile(jobs.store.inputPath(r.value.job_id, j.stored.inputs.mask!))).toEqual(mask)
  })

  it('refuses a mask of another size or an empty one, naming product_mask', async () => {
    const other = await submitJob(deps(), { params: {}, product: { kind: 'path', path: photo }, productMask: { kind: 'bytes', bytes: await grey(96, 64, 255), name: 'm.png' } })
    expect(other).toMatchObject({ ok: false, code: 'invalid_image', message: 'product_mask: 96x64 does not match product_image (64x96); the mask must be the photo\'s size' })
    const empty = await submitJob(deps(), { params: {}, product: { kind: 'path', path: photo }, productMask: { kind: 'bytes', bytes: await grey(64, 96, 0), name: 'm.png' } })
    expect(empty).toMatchObject({ ok: false, code: 'invalid_image', issues: [{ field: 'product_mask' }] })
  })
})
