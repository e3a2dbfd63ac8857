import { pathToFileURL } from 'node:url'
import { median, peakRssMb, printTable, type Row } from './bench-utils'
import { smallJob } from '../service/helpers/images'
import { client, startServer } from '../service/helpers/server'

/**
 * The engine service through its HTTP API, as a client would use it: 100 small jobs queued at once
 * (throughput), /status latency measured while they run, and peak memory of the server and worker
 * processes. Small jobs (256x256, RGBA product) make this a measure of the service's overhead.
 */
export async function serviceBench(jobs = Number(process.env.BENCH_SERVICE_JOBS ?? 100)): Promise<Row[]> {
  const server = await startServer({ args: ['--max-queue', String(jobs + 10)] })
  const api = client(server)
  try {
    const body = await smallJob()
    // one job first: the worker's modules and caches are warm before the clock starts
    const warm = (await api.post('/generate', body)).body.job_id as string
    await waitDone(api, [warm])

    const t0 = performance.now()
    const ids: string[] = []
    for (let i = 0; i < jobs; i++) {
      const r = await api.post('/generate', { ...body, seed: i })
      if (r.status !== 200) throw new Error(`POST /generate answered ${r.status}: ${JSON.stringify(r.body)}`)
      ids.push(r.body.job_id)
    }
    // /status latency while the queue drains, polling like a UI does (one job, no images; and with)
    const lean: number[] = []
    const full: number[] = []
    let finished = 0
    while (finished < ids.length) {
      const target = ids[Math.min(ids.length - 1, finished)]
      let t = performance.now()
      await api.get(`/status/${target}?images=false`)
      lean.push(performance.now() - t)
      t = performance.now()
      await api.get(`/status/${ids[Math.max(0, finished - 1)]}`)
      full.push(performance.now() - t)
      finished = (await api.get('/jobs')).body.jobs.filter((j: { status: string }) => j.status !== 'queued' && j.status !== 'running').length - 1
      await new Promise((r) => setTimeout(r, 20))
    }
    const minutes = (performance.now() - t0) / 60_000
    const failed = (await api.get('/jobs')).body.failed_jobs as number
    const workerPid = (await api.get('/health')).body.workers[0].pid as number
    const serverMb = await peakRssMb(server.proc.pid!)
    const workerMb = await peakRssMb(workerPid)
    const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]
    const rows: Row[] = [
      { name: `service: ${jobs} small jobs via the API (256x256)`, median: jobs / minutes, unit: 'ads/min', runs: 1, note: failed ? `${failed} failed` : undefined },
      { name: 'service: /status?images=false p50 while busy', median: median(lean), unit: 'ms', runs: lean.length },
      { name: 'service: /status?images=false p95 while busy', median: pct(lean, 0.95), unit: 'ms', runs: lean.length, target: '< 50' },
      { name: 'service: /status with images p95 while busy', median: pct(full, 0.95), unit: 'ms', runs: full.length, target: '< 50' },
    ]
    if (serverMb !== null) rows.push({ name: 'service: server peak RSS', median: serverMb, unit: 'MB' })
    if (workerMb !== null) rows.push({ name: 'service: worker peak RSS', median: workerMb, unit: 'MB' })
    return rows
  } finally {
    await server.stop()
  }
}

async function waitDone(api: ReturnType<typeof client>, ids: string[]): Promise<void> {
  for (const id of ids) {
    for (;;) {
      const s = (await api.get(`/status/${id}?images=false`)).body
      if (s.status !== 'queued' && s.status !== 'running') break
      await new Promise((r) => setTimeout(r, 20))
    }
  }
}

// `node bin/run-ts.mjs test/bench/service-bench.ts` runs it alone.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) printTable(await serviceBench())
