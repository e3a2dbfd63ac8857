/**
 * Start-up rows. Cold `adstudio make --stop-step 1` (a fresh process: module loading, session
 * creation, one inference, the step-1 files) against a fresh process running IMG.LY's
 * removeBackground on the same photo, run alternately so both see the same load on a shared
 * machine; and "New background" (the same photo again: kept mask, new seed, every step) against
 * the full ad that first cut the photo out, in one warm engine as the app runs them.
 */
import { copyFile, link, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateRequestSchema } from '../../src/shared/generate-request'
import { validate } from '../../src/shared/validate'
import { ensureIsnetModel } from '../../src/main/engine/ml/isnet-model'
import { EngineContext } from '../../src/main/engine/pipeline/engine-context'
import { runJob, stripImages } from '../../src/main/engine/pipeline/run-job'
import { REPO_ROOT } from '../helpers/fixtures'
import { freshCliBundle } from '../../bin/cli-bundle.mjs'
import { median, runTimed, type Row } from './bench-utils'
import { benchPhotos } from './step1-bench'

/** A cache folder holding only the assembled model: no kept masks, so the photo is segmented. */
async function coldCache(modelPath: string, root: string, i: number): Promise<string> {
  const dir = join(root, `cache${i}`)
  await mkdir(dir)
  const target = join(dir, modelPath.split(/[\\/]/).pop()!)
  await link(modelPath, target).catch(() => copyFile(modelPath, target))
  return dir
}

export async function coldCliBench(runs: number, cacheDir: string): Promise<Row[]> {
  const input = (await benchPhotos())[0]
  const dir = await mkdtemp(join(tmpdir(), 'adstudio-bench-'))
  const file = join(dir, input.name)
  await writeFile(file, input.bytes)
  const { path: model } = await ensureIsnetModel('isnet-medium', cacheDir)
  const fresh = freshCliBundle() !== null
  // Three sides: the CLI as `adstudio` starts it (the bundle when fresh), the same CLI from its
  // TypeScript sources through tsx (how every start ran before the bundle), and IMG.LY's cold cutout.
  const sides = ['cli', 'sources', 'imgly'] as const
  const ms: Record<(typeof sides)[number], number[]> = { cli: [], sources: [], imgly: [] }
  const peaks: Record<(typeof sides)[number], number[]> = { cli: [], sources: [], imgly: [] }
  let k = 0
  for (let i = 0; i < runs; i++) {
    // Rotate the order each round, so a load change on the shared machine falls on every side alike.
    for (let j = 0; j < sides.length; j++) {
      const who = sides[(i + j) % sides.length]
      const r =
        who === 'imgly'
          ? await runTimed(process.execPath, [join(REPO_ROOT, 'test/bench/imgly-cold-cutout.mjs'), file, join(dir, `imgly${i}.png`)])
          : await runTimed(process.execPath, [join(REPO_ROOT, 'bin/adstudio.mjs'), 'make', '--product', file, '--out', join(dir, `out${k}`), '--stop-step', '1'], {
              ADSTUDIO_CACHE_DIR: await coldCache(model, dir, k++),
              ADSTUDIO_DEVICE: 'cpu',
              ADSTUDIO_FROM_SOURCE: who === 'sources' ? '1' : '0',
            })
      if (r.code !== 0) throw new Error(`cold start bench (${who}) failed: ${r.stderr}`)
      ms[who].push(r.ms)
      if (r.peakMb !== null) peaks[who].push(r.peakMb)
    }
  }
  await rm(dir, { recursive: true, force: true })
  const of = (who: (typeof sides)[number]) => `${(median(ms[who]) / median(ms.imgly)).toFixed(2)} of imgly's cold removeBackground (same run, rotating order)`
  return [
    { name: `cold \`adstudio make --stop-step 1\` (${fresh ? 'bundled CLI' : 'no fresh bundle: tsx'})`, median: median(ms.cli), unit: 'ms', runs, target: '≤ 1.0 of imgly', note: of('cli') },
    { name: 'cold `adstudio make --stop-step 1`, from sources via tsx', median: median(ms.sources), unit: 'ms', runs, note: of('sources') },
    { name: 'imgly removeBackground, cold process (same photo)', median: median(ms.imgly), unit: 'ms', runs, note: 'reference' },
    { name: 'cold CLI peak RSS', median: median(peaks.cli), unit: 'MB', runs: peaks.cli.length, target: '≤ 1536', note: `imgly cold: ${median(peaks.imgly).toFixed(0)} MB` },
  ]
}

/** A full ad (steps 1-3, the photo cut out) and New background on it, alternately, one warm engine. */
export async function newBackgroundBench(runs: number, cacheDir: string): Promise<Row[]> {
  const input = (await benchPhotos())[0]
  const { path: model } = await ensureIsnetModel('isnet-medium', cacheDir)
  const root = await mkdtemp(join(tmpdir(), 'adstudio-rerun-bench-'))
  const cache = await coldCache(model, root, 0)
  const ctx = new EngineContext({ cacheDir: cache, device: 'cpu' })
  await ctx.segmenter('isnet-medium') // the app's engine is running: the model is loaded
  const request = (seed: number) => {
    const v = validate(generateRequestSchema, { product_image: input.name, text_content: 'Fresh bananas\n20% off', bg_prompt: 'marble table', seed, width: 1080, height: 1080 })
    if (!v.ok) throw new Error(v.message)
    return stripImages(v.value)
  }
  const full: number[] = []
  const rerun: number[] = []
  for (let i = 0; i < runs; i++) {
    // The photo is new to the engine: no kept mask.
    for (const f of await readdir(cache)) if (f === 'masks') await rm(join(cache, f), { recursive: true, force: true })
    let t0 = performance.now()
    const a = await runJob(request(100 + i), { product: input.bytes }, ctx)
    full.push(performance.now() - t0)
    if (a.record.notes.mask !== 'computed') throw new Error(`rerun bench: expected the full ad to segment, got ${String(a.record.notes.mask)}`)
    t0 = performance.now()
    const b = await runJob(request(200 + i), { product: input.bytes }, ctx)
    rerun.push(performance.now() - t0)
    if (b.record.notes.mask !== 'cached') throw new Error(`rerun bench: expected New background to use the kept mask, got ${String(b.record.notes.mask)}`)
  }
  await ctx.dispose()
  await rm(root, { recursive: true, force: true })
  const ratio = median(rerun) / median(full)
  return [
    { name: 'full ad, warm engine (segment, scene, text, composite; 1080²)', median: median(full), unit: 'ms', runs },
    { name: '"New background" re-run (kept mask, new seed, every step)', median: median(rerun), unit: 'ms', runs, target: '≤ 0.2 of a full ad', note: `${ratio.toFixed(2)} of the full ad (same run, alternating)` },
  ]
}
