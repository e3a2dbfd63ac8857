import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { smallJob } from './helpers/images'
import { client, startServer, waitFor, waitForState, type TestServer } from './helpers/server'

/**
 * The worker dies mid-job (kill -9 from outside), or does not reach a stop point in time and is
 * killed by the host: the job ends failed / stopped with a message saying so, a new worker starts,
 * and the queue goes on. Sub-steps are made 2 s long (ADSTUDIO_WORKER_SUBSTEP_DELAY_MS) and the stop
 * grace 0.6 s, so a stop cannot land at a boundary in time.
 */
let server: TestServer
let api: ReturnType<typeof client>

beforeAll(async () => {
  server = await startServer({ args: ['--stop-grace-ms', '600'], env: { ADSTUDIO_WORKER_SUBSTEP_DELAY_MS: '2000' } })
  api = client(server)
})
afterAll(async () => {
  await server.stop()
})

async function workerWhen(pred: (w: { pid: number; state: string; restarts: number }) => boolean) {
  return waitFor('the worker', async () => {
    const w = (await api.get('/health')).body.workers[0]
    return pred(w) ? w : undefined
  })
}

async function waitMidJob(id: string) {
  await waitFor('a sub-step report', async () => {
    const s = (await api.get(`/status/${id}?images=false`)).body
    return s.status === 'running' && s.sub_step ? s : undefined
  }, 20_000, 50, () => server.output().slice(-4000))
}

describe('worker death', () => {
  it('kill -9 of the worker mid-job: that job fails saying so, the worker restarts, the queued job completes', async () => {
    const victim = (await api.post('/generate', await smallJob())).body.job_id
    const next = (await api.post('/generate', await smallJob({ seed: 8 }))).body.job_id
    await waitMidJob(victim)
    const before = await workerWhen((w) => w.state === 'busy')
    process.kill(before.pid, 'SIGKILL')

    const { last } = await waitForState(api, victim, ['failed', 'stopped', 'completed'])
    expect(last.status).toBe('failed')
    expect(last.error_code).toBe('worker_crashed')
    expect(last.message).toMatch(/engine process ended unexpectedly .*SIGKILL/)

    const after = await workerWhen((w) => w.restarts === 1 && w.pid !== before.pid)
    expect(after.pid).not.toBe(before.pid)
    expect((await api.get('/health')).body.status).toBe('healthy')

    // the next job was picked up by the new worker; stop it by killing (grace 0.6 s < 2 s sub-steps)
    await waitMidJob(next)
    const t0 = Date.now()
    const stop = await api.post(`/stop/${next}`)
    expect(stop.body).toEqual({ job_id: next, status: 'stopped' })
    expect(Date.now() - t0).toBeLessThan(3000)
    const stopped = (await api.get(`/status/${next}?images=false`)).body
    expect(stopped.message).toMatch(/did not reach a stop point within 0.6 s, so it was restarted/)
    await workerWhen((w) => w.restarts === 2 && w.state === 'idle')

    // and the queue goes on: a fresh job runs to the end on the third worker
    const last3 = (await api.post('/generate', await smallJob({ seed: 9, stop_step: 1 }))).body.job_id
    const done = await waitForState(api, last3, ['completed', 'failed'], 30_000)
    expect(done.last.status, done.last.message).toBe('completed')
    expect(server.proc.exitCode).toBeNull()
  })
})
