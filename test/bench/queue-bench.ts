import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { median, type Row } from './bench-utils'
import { redisServerBinary, startRedis } from '../helpers/redis'
import { smallJob } from '../service/helpers/images'
import { client, startServer, type TestServer } from '../service/helpers/server'
import { jobLog, startWorker, type TestWorker } from '../queue/helpers'

type Api = ReturnType<typeof client>

/**
 * The BullMQ queue (`serve --queue` + `adstudio worker`) against the built-in one: throughput in
 * ads per minute at 256² and 1024² with 1 and 2 workers on this machine, and the queue's own cost
 * per job, measured as the difference in end-to-end latency of one job at a time (submit → visible
 * as completed) between the two queues, plus submit → start from the server's job log.
 */
export async function queueBench(jobsSmall = Number(process.env.BENCH_QUEUE_JOBS ?? 12), jobsLarge = Number(process.env.BENCH_QUEUE_LARGE_JOBS ?? 4)): Promise<Row[]> {
  if (!redisServerBinary()) return [{ name: 'queue bench', median: 0, unit: '', note: 'skipped: no redis-server' }]
  const rows: Row[] = []
  const redis = await startRedis()
  const workers: TestWorker[] = []
  let server: TestServer | null = null
  try {
    // the built-in queue: one job at a time, end to end
    const local = await startServer()
    const inProc = await latencies(client(local), local, 8)
    await local.stop()

    server = await startServer({ args: ['--queue', redis.url, '--max-queue', '1000'] })
    const token = (await readFile(join(server.dataDir, 'worker-token'), 'utf8')).trim()
    const api = client(server)
    const add = async () => workers.push(await startWorker(['--queue', redis.url, '--server', server!.url, '--token', token]))
    await add()
    await runBatch(api, 1, 256) // warm the worker
    const queued = await latencies(api, server, 8)
    rows.push(
      { name: 'queue: one 256² job end to end, built-in queue', median: median(inProc.total), unit: 'ms', note: `submit → start ${median(inProc.start).toFixed(0)} ms` },
      { name: 'queue: one 256² job end to end, BullMQ + 1 worker', median: median(queued.total), unit: 'ms', note: `submit → start ${median(queued.start).toFixed(0)} ms` },
      { name: 'queue: BullMQ overhead per job', median: median(queued.total) - median(inProc.total), unit: 'ms', note: 'difference of the medians above' },
    )
    for (const n of [1, 2]) {
      while (workers.length < n) await add()
      if (n === 2) await runBatch(api, 2, 256) // warm the second
      for (const [side, count] of [[256, jobsSmall], [1024, jobsLarge]] as const) {
        const ms = await runBatch(api, count, side)
        rows.push({ name: `queue: ${side}² ads, ${n} worker${n > 1 ? 's' : ''}`, median: (count / ms) * 60_000, unit: 'ads/min', note: `${count} jobs in ${(ms / 1000).toFixed(1)} s` })
      }
    }
  } finally {
    await Promise.all(workers.map((w) => w.stop()))
    await server?.stop()
    await redis.stop()
  }
  return rows
}

/** `count` jobs submitted at once; ms until all completed. */
async function runBatch(api: Api, count: number, side: number): Promise<number> {
  const t0 = performance.now()
  const ids: string[] = []
  for (let i = 0; i < count; i++) ids.push((await api.post('/generate', await smallJob({ seed: i, width: side, height: side }))).body.job_id)
  await waitAll(api, ids)
  return performance.now() - t0
}

/** One 256² job at a time: submit → completed as a client sees it, and submit → start (job log). */
async function latencies(api: Api, server: TestServer, count: number): Promise<{ total: number[]; start: number[] }> {
  await waitAll(api, [(await api.post('/generate', await smallJob({ stop_step: 1 }))).body.job_id])
  const total: number[] = []
  const start: number[] = []
  for (let i = 0; i < count; i++) {
    const t0 = performance.now()
    const id = (await api.post('/generate', await smallJob({ stop_step: 1, seed: i }))).body.job_id
    await waitAll(api, [id], 5)
    total.push(performance.now() - t0)
    const log = await jobLog(server.dataDir, id)
    const at = (re: RegExp) => Date.parse(log.find((l) => re.test(l))!.split(' ')[0])
    start.push(at(/ started on /) - at(/ queued$/))
  }
  return { total, start }
}

async function waitAll(api: Api, ids: string[], everyMs = 50): Promise<void> {
  for (const id of ids)
    for (;;) {
      const s = (await api.get(`/status/${id}?images=false`)).body
      if (s.status === 'completed') break
      if (s.status === 'failed' || s.status === 'stopped') throw new Error(`job ${id} ${s.status}: ${s.message}`)
      await new Promise((r) => setTimeout(r, everyMs))
    }
}
