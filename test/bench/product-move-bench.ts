import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { median, printTable, type Row } from './bench-utils'
import { drawProductPhoto } from '../helpers/synthetic-product'
import { client, startServer } from '../service/helpers/server'

/**
 * A product move in the editor, as the engine sees it (issue 11): the same ad re-run from step 1 with
 * another product_box, the old way (same seed: the scene is made again) against scene_from (the first
 * job's kept scene: placement, text and composition run; with its text layer too, as the editor sends it:
 * placement and composition only). Alternated on one warm server, so both
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
    const step2 = ((await api.get(`/jobs/${first}/images/step2.png`)).body as Buffer).toString('base64')
    const timed = async (extra: Record<string, unknown>) => {
      const t0 = performance.now()
      const r = await api.post('/generate', { ...base, product_from: first, ...extra })
      if (r.status !== 200) throw new Error(`POST /generate answered ${r.status}: ${JSON.stringify(r.body)}`)
      await waitDone(api, r.body.job_id)
      const wall = performance.now() - t0
      const record = JSON.parse(await readFile(join(server.dataDir, 'jobs', r.body.job_id, 'job.json'), 'utf8'))
      if (process.env.BENCH_VERBOSE) console.log(JSON.stringify(Object.keys(extra)), JSON.stringify(record.timings_ms))
      return { wall, engine: record.timings_ms.total as number }
    }
    type Timing = { wall: number; engine: number }
    const variants: [string, (box: number[]) => Record<string, unknown>, Timing[]][] = [
      ['scene made again', (product_box) => ({ product_box }), []],
      ['scene_from', (product_box) => ({ product_box, scene_from: first }), []],
      ['scene_from + kept text layer (the editor)', (product_box) => ({ product_box, scene_from: first, step2_image: step2 }), []],
    ]
    for (let i = 0; i < runs; i++) {
      const product_box = [0.1 + 0.05 * (i % 5), 0.4, 0.3, 0.5]
      // Rotate which goes first, so none always follows another.
      for (let k = 0; k < variants.length; k++) {
        const [, body, out] = variants[(i + k) % variants.length]
        out.push(await timed(body(product_box)))
      }
    }
    const label = `${size.width}x${size.height}`
    const row = (name: string, xs: number[]): Row => ({ name, median: median(xs), unit: 'ms', runs: xs.length, note: xs.map((v) => v.toFixed(0)).join(' ') })
    return [
      ...variants.map(([name, , t]) => row(`product move ${label}, ${name} (POST → done)`, t.map((x) => x.wall))),
      ...variants.map(([name, , t]) => row(`product move ${label}, ${name} (engine total)`, t.map((x) => x.engine))),
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
