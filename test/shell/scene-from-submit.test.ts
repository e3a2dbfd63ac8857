import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { JobService } from '../../src/main/engine/jobs/job-service'
import { submitJob } from '../../src/main/shell/job-submit'
import { drawProductPhoto } from '../helpers/synthetic-product'
import { fakeWorkerFactory } from './fake-worker'

/** scene_from over IPC: the same acceptance as POST /generate, the kept scene copied into the new job's inputs. */
describe('scene_from over IPC', () => {
  let jobs: JobService
  let dir: string
  let photo: string
  const deps = () => ({ jobs, checkFont: async () => null })
  const scene = { look: { id: 'marble', name: 'Marble', matchedWords: ['marble'] }, light: { azimuthDeg: 40, elevationDeg: 45, softness: 0.6, color: [255, 250, 240] }, layout: { width: 256, height: 256, horizonY: 150, groundY: 200, glossy: true, reflectivity: 0.2, ambient: [200, 200, 200] } }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scene-from-submit-'))
    // The fake engine finishes every job at once without images: the scene files are written by hand below.
    jobs = await JobService.open({ dataDir: join(dir, 'data'), workerFactory: fakeWorkerFactory({ onRun: (w, m) => w.done(m.job_id) }) })
    photo = join(dir, 'sauce.png')
    await writeFile(photo, (await drawProductPhoto({ width: 64, height: 96, transparent: true })).png)
  })
  afterAll(() => jobs.close())

  async function sourceJob(record: unknown): Promise<string> {
    const r = await submitJob(deps(), { params: { width: 256, height: 256 }, product: { kind: 'path', path: photo } })
    if (!r.ok) throw new Error(r.message)
    const id = r.value.job_id
    await writeFile(join(jobs.store.dir(id), 'scene.png'), Buffer.from('scene bytes of ' + id))
    await writeFile(join(jobs.store.dir(id), 'job.json'), JSON.stringify(record))
    return id
  }

  it('keeps the scene and its job.json in the new job, and the source photo when none is sent', async () => {
    const a = await sourceJob({ engines: { background: 'builtin-procedural' }, scene, layout: { view: { chosen: 'front' } } })
    const r = await submitJob(deps(), { params: { scene_from: a, product_box: [0.5, 0.4, 0.3, 0.5], width: 256, height: 256 } })
    if (!r.ok) throw new Error(r.message)
    const b = jobs.get(r.value.job_id)!
    expect(b.params).toMatchObject({ scene_from: a, start_step: 1 })
    expect(await readFile(jobs.store.inputPath(b.stored.job_id, 'scene.png'))).toEqual(Buffer.from('scene bytes of ' + a))
    expect(JSON.parse(await readFile(jobs.store.inputPath(b.stored.job_id, 'scene-job.json'), 'utf8')).scene).toEqual(scene)
    expect(b.stored.product_from).toBe(a)
    expect(await readFile(jobs.store.inputPath(b.stored.job_id, b.stored.inputs.product!))).toEqual(await readFile(photo))
  })

  it('refuses, naming scene_from, another size, a diffusion scene, a podium scene, a job without a scene entry', async () => {
    const a = await sourceJob({ engines: { background: 'builtin-procedural' }, scene })
    const other = await submitJob(deps(), { params: { scene_from: a, width: 512, height: 256 } })
    expect(other).toMatchObject({ ok: false, code: 'invalid_request', issues: [{ field: 'scene_from' }] })
    expect(!other.ok && other.message).toBe(`scene_from: job ${a}'s scene is 256x256, the request asks for 512x256 (send the same width and height, or make a new scene)`)
    const diffusion = await sourceJob({ engines: { background: 'sdxl-turbo' }, scene })
    const d = await submitJob(deps(), { params: { scene_from: diffusion, width: 256, height: 256 } })
    expect(!d.ok && d.message).toMatch(/^scene_from: job .*: the scene was made by sdxl-turbo, which draws the product into it/)
    const podium = await sourceJob({ engines: { background: 'builtin-procedural' }, scene, layout: { podium: { kind: 'cylinder' } } })
    const p = await submitJob(deps(), { params: { scene_from: podium, width: 256, height: 256 } })
    expect(!p.ok && p.message).toMatch(/^scene_from: job .*: its scene has a podium drawn under the product/)
    const bare = await sourceJob({ engines: {} })
    const n = await submitJob(deps(), { params: { scene_from: bare, width: 256, height: 256 } })
    expect(!n.ok && n.message).toMatch(/^scene_from: job .*: job.json has no scene entry/)
  })
})
