import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { busyResponseSchema } from '../../src/shared/api-responses'
import { smallJob } from './helpers/images'
import { client, startServer, waitFor, waitForState, type TestServer } from './helpers/server'

/**
 * Stop, busy and delete against a real worker made slow: it sleeps 1 s at each sub-step boundary
 * (ADSTUDIO_WORKER_SUBSTEP_DELAY_MS, blocking like real CPU-bound work), so a job is reliably
 * "mid-job" for a few seconds while the pipeline itself runs for real.
 */
let server: TestServer
let api: ReturnType<typeof client>

beforeAll(async () => {
  server = await startServer({ args: ['--max-queue', '1', '--stop-grace-ms', '5000'], env: { ADSTUDIO_WORKER_SUBSTEP_DELAY_MS: '1000' } })
  api = client(server)
})
afterAll(async () => {
  await server.stop()
})

/** Submits a job and waits until the engine has reported a sub-step (it is then mid-job). */
async function startMidJob(extra: Record<string, unknown> = {}): Promise<string> {
  const r = await api.post('/generate', await smallJob(extra))
  expect(r.status).toBe(200)
  await waitFor('a sub-step report', async () => {
    const s = (await api.get(`/status/${r.body.job_id}?images=false`)).body
    return s.status === 'running' && s.sub_step ? s : undefined
  }, 20_000, 50, () => server.output().slice(-4000))
  return r.body.job_id
}

describe('stop, busy and delete with a real worker', () => {
  it('stops a running job at the next sub-step, without restarting the worker', async () => {
    const id = await startMidJob()
    const t0 = Date.now()
    const r = await api.post(`/stop/${id}`)
    expect(r.status).toBe(200)
    expect(r.body).toEqual({ job_id: id, status: 'stopped' })
    expect(Date.now() - t0).toBeLessThan(4000) // landed at a boundary, well within the grace time
    const s = (await api.get(`/status/${id}`)).body
    expect(s).toMatchObject({ status: 'stopped', error_code: 'stopped' })
    expect(s.message).toMatch(/Stopped by request \(at step1_background/)
    expect(s.final_result).toBeNull()
    const health = (await api.get('/health')).body
    expect(health.workers[0].restarts).toBe(0)
    // stopping it again changes nothing
    expect((await api.post(`/stop/${id}`)).body).toEqual({ job_id: id, status: 'stopped' })
  })

  it('queues one job, answers busy with Retry-After when the queue is full, refuses to delete a running job', async () => {
    const running = await startMidJob()
    const queued = await api.post('/generate', await smallJob())
    expect(queued.status).toBe(200)
    expect(queued.body).toMatchObject({ status: 'started', state: 'queued', queue_position: 1 })

    const busy = await api.post('/generate', await smallJob())
    expect(busy.status).toBe(503)
    const b = busyResponseSchema.parse(busy.body)
    expect(busy.headers.get('retry-after')).toBe(String(b.retry_after))
    expect(b.message).toBe(`Busy. Retry after ${b.retry_after}s`)

    const queuedStatus = (await api.get(`/status/${queued.body.job_id}?images=false`)).body
    expect(queuedStatus).toMatchObject({ status: 'queued', queue_position: 1, progress_percent: 0 })
    expect(queuedStatus.eta_seconds).toBeGreaterThan(0)

    const del = await api.delete(`/jobs/${running}`)
    expect(del.status).toBe(400)
    expect(del.body.detail).toBe('Cannot delete running job. Stop it first.')

    // a queued job stops at once and can then be deleted
    expect((await api.post(`/stop/${queued.body.job_id}`)).body).toEqual({ job_id: queued.body.job_id, status: 'stopped' })
    expect((await api.get(`/status/${queued.body.job_id}?images=false`)).body.message).toBe('Stopped before it started')
    expect((await api.delete(`/jobs/${queued.body.job_id}`)).status).toBe(200)
    expect((await api.post(`/stop/${running}`)).body.status).toBe('stopped')
  })

  it('counts the estimate down between reports, never below zero, with progress that only grows', async () => {
    const id = await startMidJob({ stop_step: 1 })
    const seen: { eta: number; step: number; pct: number; sub: string }[] = []
    for (let i = 0; i < 8; i++) {
      const s = (await api.get(`/status/${id}?images=false`)).body
      if (s.status !== 'running') break
      seen.push({ eta: s.eta_seconds, step: s.step_eta_seconds, pct: s.progress_percent, sub: s.sub_step })
      await new Promise((r) => setTimeout(r, 150))
    }
    expect(seen.length).toBeGreaterThan(3)
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i].pct).toBeGreaterThanOrEqual(seen[i - 1].pct)
      expect(seen[i].eta).toBeGreaterThanOrEqual(0)
      expect(seen[i].step).toBeGreaterThanOrEqual(0)
      if (seen[i].sub === seen[i - 1].sub) expect(seen[i].eta).toBeLessThanOrEqual(seen[i - 1].eta)
    }
    const { last } = await waitForState(api, id, ['completed'], 30_000)
    expect(last.progress_percent).toBe(100)
  })
})
