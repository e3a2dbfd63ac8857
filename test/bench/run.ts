import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cpus } from 'node:os'
import { printTable, type Row } from './bench-utils'
import { maskCacheBench } from './mask-cache-bench'
import { benchPhotos, coldCliBench, step1Bench } from './step1-bench'
import { textComposeBench } from './text-compose-bench'
import { serviceBench } from './service-bench'
import { generativeBench } from './generative-bench'

/**
 * `npm run bench`: medians over several runs on this machine. Timed tests would flake on a shared
 * machine; a table of medians is what the targets are checked against.
 */
const runs = Number(process.env.BENCH_RUNS ?? 5)
const cacheDir = join(tmpdir(), 'adstudio-bench-cache')
const rows: Row[] = []
rows.push(...(await step1Bench(runs, cacheDir)))
const imgly = rows.find((r) => r.name.startsWith('imgly removeBackground'))?.median ?? null
rows.push(...(await maskCacheBench(runs, await benchPhotos(), imgly)))
rows.push(...(await textComposeBench(runs, cacheDir)))
rows.push(...(await coldCliBench(runs, cacheDir)))
rows.push(...(await serviceBench()))
rows.push(...(await generativeBench(runs)))
rows.push({ name: 'bench process peak RSS', median: process.resourceUsage().maxRSS / 1024, unit: 'MB', note: 'harness: our sessions + imgly reference' })
console.log(`\nAd Studio bench: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${runs} runs\n`)
printTable(rows)
