/**
 * Segmentation with the mask kept per photo: cold model (first job of a process), warm model, and
 * a cached mask (a re-run of the same photo: "New background", another size or seed, a batch
 * re-run, the next start), each as a ratio to imgly's removeBackground measured in the same run.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeImage } from '../../src/main/engine/image/decode'
import { EngineContext } from '../../src/main/engine/pipeline/engine-context'
import { computeMatte, maskCacheFor } from '../../src/main/engine/pipeline/product-cutout'
import { Stopwatch } from '../../src/main/engine/pipeline/stopwatch'
import { MaskCache } from '../../src/main/engine/steps/segment/mask-cache'
import { median, type Row } from './bench-utils'

export async function maskCacheBench(runs: number, photos: { name: string; bytes: Uint8Array }[], imglyMs: number | null): Promise<Row[]> {
  const cacheRoot = await mkdtemp(join(tmpdir(), 'adstudio-mask-bench-'))
  const modelCache = join(tmpdir(), 'adstudio-bench-cache')
  const ratio = (ms: number) => (imglyMs ? `${(ms / imglyMs).toFixed(2)} of imgly's removeBackground (same run)` : undefined)
  const photo = photos[0]
  const decoded = await decodeImage(photo.bytes, photo.name)

  // Cold: a fresh context (session creation included), no mask kept.
  const cold: number[] = []
  for (let i = 0; i < Math.min(runs, 3); i++) {
    const ctx = new EngineContext({ cacheDir: modelCache, device: 'cpu' })
    const t0 = performance.now()
    await computeMatte(decoded, ctx, 'isnet-medium', new Stopwatch())
    cold.push(performance.now() - t0)
    await ctx.dispose()
  }
  // Warm model, no mask kept; then the same photos with their masks kept on disk.
  const ctx = new EngineContext({ cacheDir: modelCache, device: 'cpu' })
  const keep = new EngineContext({ cacheDir: cacheRoot, device: 'cpu' })
  await ctx.segmenter('isnet-medium')
  const warm: number[] = []
  const cached: number[] = []
  for (let i = 0; i < runs; i++) {
    for (const p of photos) {
      const d = await decodeImage(p.bytes, p.name)
      let t0 = performance.now()
      const m = await computeMatte(d, ctx, 'isnet-medium', new Stopwatch())
      warm.push(performance.now() - t0)
      // The bench's own mask folder (the model stays in the shared cache, not copied again).
      if (i === 0) await maskCacheFor(keep).put(MaskCache.key(p.bytes, 'isnet-medium'), m.matte)
      t0 = performance.now()
      const hit = await computeMatte(d, keep, 'isnet-medium', new Stopwatch(), { photoBytes: p.bytes })
      cached.push(performance.now() - t0)
      if (hit.notes.mask !== 'cached') throw new Error(`mask bench: expected a cached mask for ${p.name}, got ${String(hit.notes.mask)}`)
    }
  }
  await ctx.dispose()
  await keep.dispose()
  await rm(cacheRoot, { recursive: true, force: true })
  return [
    { name: 'segmentation, cold model (session + inference + refine)', median: median(cold), unit: 'ms', runs: cold.length, note: ratio(median(cold)) },
    { name: 'segmentation, warm model', median: median(warm), unit: 'ms', runs: warm.length, target: '≤ 0.6 of imgly', note: ratio(median(warm)) },
    { name: 'segmentation, cached mask (same photo again)', median: median(cached), unit: 'ms', runs: cached.length, note: ratio(median(cached)) },
  ]
}
