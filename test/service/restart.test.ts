import { existsSync, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { smallJob } from './helpers/images'
import { client, startServer, waitFor, waitForState, type TestServer } from './helpers/server'

const servers: TestServer[] = []
afterAll(async () => {
  for (const s of servers) await s.stop('SIGKILL')
})

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('a server restart', () => {
  it('keeps finished jobs and images, marks the running job interrupted, runs the queued one', async () => {
    // First life: slow sub-steps (0.8 s) so a job is caught mid-run when the server dies.
    const first = await startServer({ env: { ADSTUDIO_WORKER_SUBSTEP_DELAY_MS: '800' } })
    servers.push(first)
    const api1 = client(first)
    const done = (await api1.post('/generate', await smallJob({ stop_step: 1 }))).body.job_id
    expect((await waitForState(api1, done, ['completed'], 30_000)).last.status).toBe('completed')
    const step1Before = await readFile(join(first.dataDir, 'jobs', done, 'step1.png'))

    const running = (await api1.post('/generate', await smallJob({ seed: 2 }))).body.job_id
    const queued = (await api1.post('/generate', await smallJob({ seed: 3 }))).body.job_id
    await waitFor('the second job mid-run', async () => {
      const s = (await api1.get(`/status/${running}?images=false`)).body
      return s.status === 'running' && s.sub_step ? s : undefined
    })
    const workerPid = (await api1.get('/health')).body.workers[0].pid as number
    expect(await first.stop('SIGKILL')).toBeNull() // a crash: no chance to tidy up
    // the orphaned worker notices its server is gone and exits
    await waitFor('the worker to exit', async () => (alive(workerPid) ? undefined : true), 10_000)

    // Second life, same data folder, no token given: one is generated and stored owner-only.
    const second = await startServer({ dataDir: first.dataDir, token: null })
    servers.push(second)
    const tokenFile = join(first.dataDir, 'token')
    expect(existsSync(tokenFile)).toBe(true)
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600)
    const token = (await readFile(tokenFile, 'utf8')).trim()
    // The token line follows the "listening" line that startServer waits for: wait for it too.
    await waitFor('the token line', async () => (second.output().includes(`token: ${token}`) ? true : undefined), 10_000)
    const api2 = client(second, token)

    const kept = (await api2.get(`/status/${done}`)).body
    expect(kept.status).toBe('completed')
    expect(Buffer.from(kept.step1_result, 'base64').equals(step1Before)).toBe(true)
    expect((await api2.get(`/jobs/${done}/images/step1.png`)).status).toBe(200)

    const interrupted = (await api2.get(`/status/${running}?images=false`)).body
    expect(interrupted).toMatchObject({ status: 'failed', error_code: 'interrupted' })
    expect(interrupted.message).toMatch(/Interrupted/)

    const resumed = await waitForState(api2, queued, ['completed', 'failed'], 30_000)
    expect(resumed.last.status, resumed.last.message).toBe('completed')

    const list = (await api2.get('/jobs')).body
    expect(list.jobs.map((j: { job_id: string }) => j.job_id)).toEqual([done, running, queued])
    // durations measured in the first life were kept for the estimates
    expect(existsSync(join(first.dataDir, 'eta-stats.json'))).toBe(true)
  })
})
