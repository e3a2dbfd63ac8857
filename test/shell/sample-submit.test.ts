import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useSampleRequest } from '../../src/shared/api-client'
import type { JobEvent } from '../../src/shared/job-events'
import { jobRequestSchema } from '../../src/shared/ipc-channels'
import { validate } from '../../src/shared/validate'
import { JobService } from '../../src/main/engine/jobs/job-service'
import { submitJob } from '../../src/main/shell/job-submit'
import { drawProductPhoto } from '../helpers/synthetic-product'
import { fakeWorkerFactory } from './fake-worker'

/**
 * "Use this scene" in the desktop app: a `sample-<n>` ImageRef is read from the job folder by main,
 * and only ever names a variation the job reported. The stand-in worker writes `samples` variations
 * (two at most) the way the engine's worker does: the file, then a `sample` message.
 */
describe('scene variations as IPC job inputs', () => {
  let jobs: JobService
  let dir: string
  let scenes: Buffer[]
  const events: JobEvent[] = []
  const deps = () => ({ jobs, checkFont: async () => null })

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sample-submit-'))
    scenes = [(await drawProductPhoto({ width: 256, height: 256, backdrop: 'plain' })).png, (await drawProductPhoto({ width: 256, height: 256, transparent: true })).png]
    const factory = fakeWorkerFactory({
      onRun: (w, m) => {
        const run = m as unknown as { job_id: string; job_dir: string; params: { samples?: number; seed?: number } }
        void (async () => {
          for (let i = 0; i < Math.min(run.params.samples ?? 1, scenes.length); i++) {
            const path = join(run.job_dir, `step1_sample_${i + 1}.png`)
            await writeFile(path, scenes[i])
            w.emit({ type: 'sample', job_id: run.job_id, index: i + 1, seed: (run.params.seed ?? 0) + i, path })
          }
          w.done(run.job_id)
        })()
      },
    })
    jobs = await JobService.open({ dataDir: join(dir, 'data'), workerFactory: factory })
    jobs.on((e) => events.push(e))
  })
  afterAll(() => jobs.close())

  async function finished(id: string): Promise<void> {
    for (let i = 0; i < 400 && jobs.get(id)?.stored.status !== 'completed'; i++) await new Promise((r) => setTimeout(r, 5))
    expect(jobs.get(id)?.stored.status).toBe('completed')
  }

  it('lists the variations a worker reports, and a re-run reads the chosen one from the job folder', async () => {
    const made = await submitJob(deps(), { params: { samples: 2, seed: 50, width: 256, height: 256 } })
    if (!made.ok) throw new Error(made.message)
    const id = made.value.job_id
    await finished(id)
    const status = jobs.status(id, { cpu_percent: 0, ram_used_gb: 0, ram_total_gb: 0, ram_percent: 0, gpu_info: [] })!
    expect(status.samples).toEqual([
      { id: 'sample-1', index: 1, seed: 50, image: `/jobs/${id}/samples/1.png` },
      { id: 'sample-2', index: 2, seed: 51, image: `/jobs/${id}/samples/2.png` },
    ])
    expect(events.filter((e) => e.type === 'job.samples' && e.job_id === id).at(-1)).toMatchObject({ samples: status.samples })

    const rerun = await submitJob(deps(), useSampleRequest({ text_content: '이 배경으로' }, id, 2))
    if (!rerun.ok) throw new Error(rerun.message)
    const k = jobs.get(rerun.value.job_id)!
    expect(k.params).toMatchObject({ start_step: 2, stop_step: 3, text_content: '이 배경으로' })
    expect(await readFile(jobs.store.inputPath(k.stored.job_id, k.stored.inputs.step1!))).toEqual(scenes[1])
  })

  it('refuses a variation the job does not have with not_found naming the field', async () => {
    const made = await submitJob(deps(), { params: { samples: 1, width: 256, height: 256 } })
    if (!made.ok) throw new Error(made.message)
    await finished(made.value.job_id)
    const r = await submitJob(deps(), useSampleRequest({ text_content: 'x' }, made.value.job_id, 2))
    expect(r).toMatchObject({ ok: false, code: 'not_found' })
    expect(!r.ok && r.message).toMatch(/^step1_image: .*sample-2/)
  })

  it('the IPC schema takes sample-1..8 as a kept image and names the field for anything else', () => {
    const jobId = '0b8f2a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b'
    const req = (image: string) => ({ params: { start_step: 2 }, step1: { kind: 'job', jobId, image } })
    for (const image of ['sample-1', 'sample-8', 'step1', 'product']) expect(validate(jobRequestSchema, req(image)).ok, image).toBe(true)
    for (const image of ['sample-0', 'sample-9', 'sample-01', 'sample-x', 'sample-', 'final', '../step1']) {
      const r = validate(jobRequestSchema, req(image))
      expect(r, image).toMatchObject({ ok: false, code: 'invalid_request', issues: [{ field: 'step1.image' }] })
    }
  })
})
