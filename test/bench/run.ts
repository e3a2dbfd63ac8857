import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cpus } from 'node:os'
import { printTable, type Row } from './bench-utils'
import { maskCacheBench } from './mask-cache-bench'
import { benchPhotos, step1Bench } from './step1-bench'
import { coldCliBench, newBackgroundBench } from './cold-start-bench'
import { textComposeBench } from './text-compose-bench'
import { serviceBench } from './service-bench'
import { generativeBench } from './generative-bench'
import { queueBench } from './queue-bench'
import { productMoveBench } from './product-move-bench'

/**
 * `npm run bench`: medians over several runs on this machine. Timed tests would flake on a shared
 * machine; a table of medians is what the targets are checked against.
 */
const runs = Number(process.env.BENCH_RUNS ?? 5)
const cacheDir = join(tmpdir(), 'adstudio-bench-cache')
/** BENCH_ONLY=step1,text,cli,rerun,service,move,generative,queue runs a subset (e.g. to compare two runtimes quickly). */
const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim())) : null
const want = (part: string) => !only || only.has(part)
const rows: Row[] = []
if (want('step1')) rows.push(...(await step1Bench(runs, cacheDir)))
if (want('step1')) {
  const imgly = rows.find((r) => r.name.startsWith('imgly removeBackground'))?.median ?? null
  rows.push(...(await maskCacheBench(runs, await benchPhotos(), imgly)))
}
if (want('text')) rows.push(...(await textComposeBench(runs, cacheDir)))
if (want('cli')) rows.push(...(await coldCliBench(runs, cacheDir)))
if (want('rerun')) rows.push(...(await newBackgroundBench(runs, cacheDir)))
if (want('service')) rows.push(...(await serviceBench()))
if (want('move')) rows.push(...(await productMoveBench(runs)))
if (want('generative')) rows.push(...(await generativeBench(runs)))
if (want('queue')) rows.push(...(await queueBench()))
rows.push({ name: 'bench process peak RSS', median: process.resourceUsage().maxRSS / 1024, unit: 'MB', note: 'harness: our sessions + imgly reference' })
console.log(`\nAd Studio bench: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${runs} runs\n`)
printTable(rows)
