import { readFile } from 'node:fs/promises'
import { decodeImage } from '../../src/main/engine/image/decode'
import { EngineContext } from '../../src/main/engine/pipeline/engine-context'
import { runStep1 } from '../../src/main/engine/pipeline/step1-product-scene'
import { sharedFixture } from '../helpers/fixtures'
import { drawProductPhoto } from '../helpers/synthetic-product'
import { median, timeRuns, type Row } from './bench-utils'

/** Product photos without alpha (so segmentation runs): the shared fixtures when present. */
export async function benchPhotos(): Promise<{ name: string; bytes: Uint8Array }[]> {
  const names = ['banana.png', 'pollock.png']
  const found = names.map((n) => [n, sharedFixture(n)] as const).filter(([, p]) => p)
  if (found.length) return Promise.all(found.map(async ([n, p]) => ({ name: n, bytes: await readFile(p!) })))
  return [{ name: 'synthetic-bottle', bytes: (await drawProductPhoto({ width: 800, height: 800, backdrop: 'gradient' })).png }]
}

export async function step1Bench(runs: number, cacheDir: string): Promise<Row[]> {
  const ctx = new EngineContext({ cacheDir, device: 'cpu' })
  const inputs = await benchPhotos()
  await ctx.segmenter('isnet-medium') // load once; the warm numbers below exclude model load
  const decode: number[] = []
  const seg: number[] = []
  const bg: number[] = []
  const place: number[] = []
  const total: number[] = []
  for (let i = 0; i < runs; i++) {
    for (const input of inputs) {
      const t0 = performance.now()
      const product = await decodeImage(input.bytes, input.name)
      decode.push(performance.now() - t0)
      const out = await runStep1({ product, width: 1024, height: 1024, bgPrompt: 'marble table', seed: i, segmentation: 'isnet-medium' }, ctx)
      seg.push(out.timings.segmentation + (out.timings.matte_refine ?? 0))
      bg.push(out.timings.background)
      place.push(out.timings.placement)
      total.push(performance.now() - t0)
    }
  }
  const rows: Row[] = [
    { name: 'decode', median: median(decode), unit: 'ms', runs: decode.length },
    { name: 'segmentation (ISNet medium + refine)', median: median(seg), unit: 'ms', runs: seg.length, target: '≤ 2000' },
    { name: 'background', median: median(bg), unit: 'ms', runs: bg.length },
    { name: 'placement (shadows, composite)', median: median(place), unit: 'ms', runs: place.length },
    { name: 'background + placement', median: median(bg.map((b, i) => b + place[i])), unit: 'ms', runs: bg.length, target: '≤ 300' },
    { name: 'step 1 total, warm (decode → composite)', median: median(total), unit: 'ms', runs: total.length, target: '≤ 2500' },
  ]

  // The reference: @imgly/background-removal-node's own removeBackground, same images, same run.
  const { removeBackground } = await import('@imgly/background-removal-node')
  const blobs = inputs.map((i) => new Blob([i.bytes], { type: 'image/png' }))
  await removeBackground(blobs[0], { model: 'medium' })
  const imgly = await timeRuns(runs * blobs.length, (() => {
    let k = 0
    return () => removeBackground(blobs[k++ % blobs.length], { model: 'medium' })
  })())
  rows.push({ name: 'imgly removeBackground (same images)', median: median(imgly), unit: 'ms', runs: imgly.length, note: 'reference: ours must be ≤' })
  await ctx.dispose()
  return rows
}
