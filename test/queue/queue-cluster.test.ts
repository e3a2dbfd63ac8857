import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { redisServerBinary, startRedis, type TestRedis } from '../helpers/redis'
import { smallJob } from '../service/helpers/images'
import { client, startServer, TEST_TOKEN, waitFor, waitForState, type TestServer } from '../service/helpers/server'
import { jobLog, resultWrites, startWorker, type TestWorker } from './helpers'

/**
 * `serve --queue` with a real Redis (our own redis-server on a loopback port, append-only file in a
 * temp folder) and three `adstudio worker` processes on this machine: the faults BullMQ handles,
 * each checked by counting the result writes the server logged per job.
 */
const hasRedis = redisServerBinary() !== null

let redis: TestRedis
let server: TestServer
let api: ReturnType<typeof client>
let workerToken: string
const workers: TestWorker[] = []

const fast = (seed: number) => smallJob({ stop_step: 1, seed })
const full = (seed: number) => smallJob({ seed })

/** `slowMs`: every engine sub-step of this worker sleeps that long (jobs long enough to catch mid-way). */
async function addWorker(slowMs = 0): Promise<TestWorker> {
  const env = slowMs ? { ADSTUDIO_WORKER_SUBSTEP_DELAY_MS: String(slowMs) } : {}
  const w = await startWorker(['--queue', redis.url, '--server', server.url, '--token', workerToken, '--lock-ms', '3000'], env)
  workers.push(w)
  return w
}

async function submit(body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<string> {
  const r = await api.post('/generate', body, headers)
  expect(r.status, JSON.stringify(r.body)).toBe(200)
  return r.body.job_id as string
}

/** Every job completed, and the server took exactly one result for each. */
async function allCompleteOnce(ids: string[], timeoutMs = 120_000): Promise<void> {
  for (const id of ids) {
    const { last } = await waitForState(api, id, ['completed', 'failed', 'stopped'], timeoutMs)
    expect(last.status, `${id}: ${last.message}\n${(await jobLog(server.dataDir, id)).join('\n')}`).toBe('completed')
  }
  for (const id of ids) expect(resultWrites(await jobLog(server.dataDir, id)), id).toHaveLength(1)
}

/** When a worker first took the job (the server's job log), or null. */
async function startedAt(id: string): Promise<number | null> {
  const line = (await jobLog(server.dataDir, id)).find((l) => / started on worker /.test(l))
  return line ? Date.parse(line.split(' ')[0]) : null
}

/** The first bytes of a job's step-1 image as the server serves it ("PNG" for a PNG). */
async function imageSignature(id: string): Promise<string> {
  const r = await fetch(`${server.url}/jobs/${id}/images/step1.png`, { headers: { Authorization: `Bearer ${TEST_TOKEN}` } })
  expect(r.status).toBe(200)
  return Buffer.from(await r.arrayBuffer()).subarray(1, 4).toString()
}

describe.skipIf(!hasRedis)('BullMQ queue with remote workers', () => {
  beforeAll(async () => {
    // follows the server across its restart (same port)
    api = client({ get url() { return server.url } })
    redis = await startRedis()
    server = await startServer({ args: ['--queue', redis.url, '--stop-grace-ms', '3000'] })
    workerToken = (await readFile(join(server.dataDir, 'worker-token'), 'utf8')).trim()
    for (let i = 0; i < 3; i++) await addWorker()
    await waitFor('three workers on /health', async () => ((await api.get('/health')).body.workers.length === 3 ? true : undefined), 20_000)
  })
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGKILL')))
    await server?.stop()
    await redis?.stop()
  })

  it('prints what it connected to and a worker token that opens only the worker routes', async () => {
    expect(server.output()).toMatch(/queue: redis:\/\/127\.0\.0\.1:\d+\/0 \(Redis [\d.]+\), BullMQ queue "adstudio-jobs"/)
    expect(server.output()).toContain(`worker token: ${workerToken}`)
    expect(workers[0].output()).toMatch(/server: http:\/\/127\.0\.0\.1:\d+ \(Ad Studio /)
    const asWorker = client(server, workerToken)
    expect((await asWorker.get('/jobs')).status).toBe(401)
    expect((await asWorker.post('/generate', await fast(1))).status).toBe(401)
    expect((await asWorker.get('/worker/hello')).status).toBe(200)
    expect((await api.get('/worker/hello')).status).toBe(401)
  })

  it('60 small jobs complete once each, and every worker ran some', async () => {
    const ids: string[] = []
    for (let i = 0; i < 60; i++) ids.push(await submit(await fast(i)))
    await allCompleteOnce(ids)
    const ran = new Map<string, number>()
    for (const id of ids) {
      const w = / result from worker (\S+)/.exec(resultWrites(await jobLog(server.dataDir, id))[0])![1]
      ran.set(w, (ran.get(w) ?? 0) + 1)
    }
    expect([...ran.keys()].sort()).toEqual(workers.map((w) => w.name).sort())
    for (const n of ran.values()) expect(n).toBeGreaterThan(0)
    // the images are the server's: served from its job folder
    expect(await imageSignature(ids[0])).toBe('PNG')
    // with the kept empty scene and cutout (re-placing the product) and the product's mask on the photo
    const files = await readdir(join(server.dataDir, 'jobs', ids[0]))
    for (const f of ['scene.png', 'cutout.png', 'product_mask.png']) expect(files, f).toContain(f)
  })

  it("a product moved over a kept scene (scene_from) runs on a worker: the scene's bytes are kept", async () => {
    const first = await submit(await fast(900))
    await allCompleteOnce([first])
    const moved = await submit(await fast(901).then((j) => ({ ...j, scene_from: first, product_box: [0.5, 0.4, 0.3, 0.45] })))
    await allCompleteOnce([moved])
    const scene = (id: string) => readFile(join(server.dataDir, 'jobs', id, 'scene.png'))
    expect((await scene(moved)).equals(await scene(first))).toBe(true)
    const job = JSON.parse(await readFile(join(server.dataDir, 'jobs', moved, 'job.json'), 'utf8'))
    expect(job.scene?.kept_from).toBe(first)
  })

  it('kill -9 of a worker mid-job: another worker takes the job over and every job completes exactly once', async () => {
    const ids: string[] = []
    for (let i = 0; i < 9; i++) ids.push(await submit(await full(100 + i)))
    const victimJob = await waitFor('a job mid-way', async () => {
      for (const id of ids) {
        const s = (await api.get(`/status/${id}?images=false`)).body
        if (s.status === 'running' && s.sub_step) return id
      }
      return undefined
    }, 60_000, 20)
    const holder = /started on worker (\S+)/.exec((await jobLog(server.dataDir, victimJob)).filter((l) => /started on worker/.test(l)).at(-1)!)![1]
    const victim = workers.find((w) => w.name === holder)!
    process.kill(victim.pid, 'SIGKILL')
    await victim.stop()
    workers.splice(workers.indexOf(victim), 1)

    await allCompleteOnce(ids)
    const log = await jobLog(server.dataDir, victimJob)
    expect(log.filter((l) => /started on worker/.test(l)).length).toBeGreaterThanOrEqual(2)
    expect(resultWrites(log)[0]).not.toContain(holder)
    await addWorker()
  })

  it('Redis restarted mid-run: server and workers reconnect and every job completes once', async () => {
    const ids: string[] = []
    for (let i = 0; i < 12; i++) ids.push(await submit(await full(200 + i)))
    await waitForState(api, ids[0], ['completed'], 60_000)
    await redis.restart(1000)
    await allCompleteOnce(ids, 180_000)
  })

  it("an editor's job overtakes a queued batch", async () => {
    // No worker while the batch and then the editor's job are queued; one worker then takes jobs.
    for (const w of workers.splice(0)) await w.stop()
    const batch: string[] = []
    for (let i = 0; i < 6; i++) batch.push(await submit(await full(300 + i), { 'X-Job-Priority': 'batch' }))
    const editor = await submit(await full(399))
    const first = await addWorker(150)
    const { last } = await waitForState(api, editor, ['running', 'completed'], 60_000)
    expect(last.status).toBeDefined()
    for (const id of batch) expect((await jobLog(server.dataDir, id)).some((l) => /started on worker/.test(l)), id).toBe(false)
    await addWorker(150)
    await addWorker(150)
    await allCompleteOnce([...batch, editor], 180_000)
    const e = (await startedAt(editor))!
    for (const id of batch) expect(await startedAt(id)).toBeGreaterThan(e)
    expect(resultWrites(await jobLog(server.dataDir, editor))[0]).toContain(first.name)
  })

  it('stop and delete work on queued and running jobs', async () => {
    const ids: string[] = []
    for (let i = 0; i < 8; i++) ids.push(await submit(await full(400 + i)))
    const [queuedStop, queuedDelete] = [ids[7], ids[6]]
    expect((await api.get(`/status/${queuedStop}?images=false`)).body.status).toBe('queued')
    expect((await api.post(`/stop/${queuedStop}`)).body).toEqual({ job_id: queuedStop, status: 'stopped' })
    expect((await api.delete(`/jobs/${queuedDelete}`)).status).toBe(200)

    const running = await waitFor('a running job', async () => {
      for (const id of ids.slice(0, 6)) if ((await api.get(`/status/${id}?images=false`)).body.status === 'running') return id
      return undefined
    }, 30_000, 20)
    const stop = await api.post(`/stop/${running}`)
    expect(stop.body).toEqual({ job_id: running, status: 'stopped' })
    // a running job cannot be deleted; once stopped it can
    for (const id of ids.slice(0, 6).filter((x) => x !== running)) await waitForState(api, id, ['completed'], 120_000)
    expect((await api.get(`/status/${queuedDelete}?images=false`)).status).toBe(404)
    const qs = (await api.get(`/status/${queuedStop}?images=false`)).body
    expect(qs.status).toBe('stopped')
    expect(qs.message).toBe('Stopped before it started')
    expect(await startedAt(queuedStop)).toBeNull()
    expect((await api.delete(`/jobs/${running}`)).status).toBe(200)
  })

  it('an engine that dies on two workers: the job fails with the reason, once', async () => {
    const id = await submit(await full(600))
    const killEngineOnce = async (attempt: number) => {
      const holder = await waitFor(`run ${attempt} mid-way`, async () => {
        const starts = (await jobLog(server.dataDir, id)).filter((l) => / started on worker /.test(l))
        const s = (await api.get(`/status/${id}?images=false`)).body
        return starts.length === attempt && s.status === 'running' && s.sub_step ? /started on worker (\S+)/.exec(starts.at(-1)!)![1] : undefined
      }, 60_000, 20)
      const w = workers.find((x) => x.name === holder)!
      const engine = Number((await readFile(`/proc/${w.pid}/task/${w.pid}/children`, 'utf8')).trim().split(/\s+/)[0])
      expect(engine).toBeGreaterThan(0)
      process.kill(engine, 'SIGKILL')
    }
    await killEngineOnce(1)
    await killEngineOnce(2)
    const { last } = await waitForState(api, id, ['failed', 'completed'], 60_000)
    expect(last.status).toBe('failed')
    expect(last.message).toMatch(/^The job failed on 2 workers: .*engine process ended while running the job \(killed by SIGKILL\)/)
    expect(resultWrites(await jobLog(server.dataDir, id))).toHaveLength(0)
  })

  it('server restarted: finished jobs are still served, workers reconnect, a job running then completes once', async () => {
    const done = await submit(await fast(500))
    await waitForState(api, done, ['completed'], 60_000)
    const ids: string[] = []
    for (let i = 0; i < 4; i++) ids.push(await submit(await full(510 + i)))
    await waitForState(api, ids[0], ['running'], 60_000)
    const port = server.port
    const dataDir = server.dataDir
    await server.stop()
    server = await startServer({ dataDir, args: ['--queue', redis.url, '--stop-grace-ms', '3000', '--port', String(port)] })
    expect(server.url).toBe(`http://127.0.0.1:${port}`)
    expect((await api.get(`/status/${done}?images=false`)).body.status).toBe('completed')
    expect(await imageSignature(done)).toBe('PNG')
    await allCompleteOnce(ids, 180_000)
    const again = await submit(await fast(520))
    await allCompleteOnce([again])
  })
})
