import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { median, printTable, type Row } from './bench-utils'
import { drawProductPhoto } from '../helpers/synthetic-product'
import { client, startServer } from '../service/helpers/server'

/**
 * A product move in the editor, as the engine sees it (issue 11): the same ad re-run from step 1 with
 * another product_box, the old way (same seed: the scene is made again) against scene_from (the first
 * job's kept scene: only placement, text and composition run). Alternated on one warm server, so both
 * see the same machine load; an opaque 1200x1600 photo at 1080x1080 (its mask is cached after the first job).
 */
export async function productMoveBench(runs: number, size = { width: 1080, height: 1080 }): Promise<Row[]> {
  const server = await startServer()
  const api = client(server)
  try {
    const photo = (await drawProductPhoto({ width: 1200, height: 1600, backdrop: 'plain' })).png.toString('base64')
    const base = { bg_prompt: 'marble table, soft light', text_content: 'NEW SAUCE 50%', seed: 1234, ...size }
    const first = (await api.post('/generate', { ...base, product_image: photo })).body.job_id as string
    await waitDone(api, first)
    const timed = async (extra: Record<string, unknown>) => {
      const t0 = performance.now()
      const r = await api.post('/generate', { ...base, product_from: first, ...extra })
      if (r.status !== 200) throw new Error(`POST /generate answered ${r.status}: ${JSON.stringify(r.body)}`)
      await waitDone(api, r.body.job_id)
      const wall = performance.now() - t0
      const record = JSON.parse(await readFile(join(server.dataDir, 'jobs', r.body.job_id, 'job.json'), 'utf8'))
      if (process.env.BENCH_VERBOSE) console.log(JSON.stringify(extra.scene_from ? 'kept' : 'old'), JSON.stringify(record.timings_ms))
      return { wall, engine: record.timings_ms.total as number }
    }
    const old: { wall: number; engine: number }[] = []
    const kept: { wall: number; engine: number }[] = []
    for (let i = 0; i < runs; i++) {
      const product_box = [0.1 + 0.05 * (i % 5), 0.4, 0.3, 0.5]
      // Alternate which goes first, so neither always follows the other.
      const pair = i % 2 ? [false, true] : [true, false]
      for (const useKept of pair) (useKept ? kept : old).push(await timed(useKept ? { product_box, scene_from: first } : { product_box }))
    }
    const label = `${size.width}x${size.height}`
    const row = (name: string, xs: number[]): Row => ({ name, median: median(xs), unit: 'ms', runs: xs.length, note: xs.map((v) => v.toFixed(0)).join(' ') })
    return [
      row(`product move ${label}, scene made again (POST → done)`, old.map((x) => x.wall)),
      row(`product move ${label}, scene_from (POST → done)`, kept.map((x) => x.wall)),
      row(`product move ${label}, scene made again (engine total)`, old.map((x) => x.engine)),
      row(`product move ${label}, scene_from (engine total)`, kept.map((x) => x.engine)),
    ]
  } finally {
    await server.stop()
  }
}

async function waitDone(api: ReturnType<typeof client>, id: string): Promise<void> {
  for (;;) {
    const s = (await api.get(`/status/${id}?images=false`)).body
    if (s.status === 'failed') throw new Error(`job ${id} failed: ${s.error}`)
    if (s.status !== 'queued' && s.status !== 'running') return
    await new Promise((r) => setTimeout(r, 10))
  }
}

// `node bin/run-ts.mjs test/bench/product-move-bench.ts` runs it alone.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) printTable(await productMoveBench(Number(process.env.BENCH_RUNS ?? 7)))
