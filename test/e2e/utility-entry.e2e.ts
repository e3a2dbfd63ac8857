import { existsSync } from 'node:fs'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { JobService } from '../../src/main/engine/jobs/job-service'
import { forkWorkerFactory } from '../../src/main/engine/worker/fork-transport'
import { EngineSupervisor } from '../../src/main/shell/engine-supervisor'
import { submitJob } from '../../src/main/shell/job-submit'
import { REPO_ROOT } from '../helpers/fixtures'
import { drawProductPhoto } from '../helpers/synthetic-product'

const ENTRY = join(REPO_ROOT, 'out/main/engine-utility.js')

/**
 * The built engine entry of the desktop app (out/main/engine-utility.js, what Electron's
 * utilityProcess starts) run under plain Node with a parentPort shim: proves the bundle resolves its
 * external native modules and runs a whole job, with the same host code main uses.
 */
describe.skipIf(!existsSync(ENTRY))('built engine-utility entry', () => {
  it('runs a job end to end through the supervisor and the job service', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'utility-entry-'))
    const statuses: string[] = []
    const factory = forkWorkerFactory({ entry: ENTRY, execArgv: ['--import', join(REPO_ROOT, 'test/e2e/helpers/parent-port-shim.mjs')], env: { ...process.env, ADSTUDIO_DEVICE: 'cpu', ADSTUDIO_CACHE_DIR: join(tmpdir(), 'adstudio-test-cache') } })
    const sup = new EngineSupervisor(factory, { onStatus: (s) => statuses.push(s.state) })
    const jobs = await JobService.open({ dataDir: dir, workerFactory: sup.factory })
    try {
      const photo = join(dir, 'p.png')
      await sharp((await drawProductPhoto({ width: 200, height: 260, transparent: true })).png).toFile(photo)
      const r = await submitJob({ jobs, checkFont: async () => null }, { params: { text_content: '빌드 확인', width: 256, height: 256, seed: 5 }, product: { kind: 'path', path: photo } })
      if (!r.ok) throw new Error(r.message)
      const id = r.value.job_id
      for (let i = 0; i < 600 && !['completed', 'failed', 'stopped'].includes(jobs.get(id)!.stored.status); i++) await new Promise((res) => setTimeout(res, 100))
      const st = jobs.get(id)!.stored
      expect(st.status, st.error ?? '').toBe('completed')
      expect([...st.images].sort()).toEqual(['final', 'mask', 'product_mask', 'step1', 'step2'])
      const meta = await sharp(await readFile(jobs.store.imagePath(id, 'final'))).metadata()
      expect([meta.width, meta.height]).toEqual([256, 256])
      expect(statuses).toContain('ready')
    } finally {
      await jobs.close()
    }
  })
})
