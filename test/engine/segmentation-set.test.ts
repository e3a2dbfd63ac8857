/**
 * The cutout test set scored against its known alpha: raw ISNet (p ≥ 0.5) against the refined
 * pipeline, per photo and on average. ISNet's answers are cached on disk (test/helpers/cutout-set/
 * cached-segmenter.ts), so only the first run on a machine pays ~2 s of inference per photo.
 * Per-stage gains: `node bin/run-ts.mjs test/bench/cutout-set-score.ts`.
 */
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EngineContext } from '../../src/main/engine/pipeline/engine-context'
import { productMatte, type ProductMatteOptions } from '../../src/main/engine/steps/segment/product-matte'
import { cachedSegmenter } from '../helpers/cutout-set/cached-segmenter'
import { buildScene, SCENES, type Scene, type SceneKind } from '../helpers/cutout-set/scenes'
import { iou } from '../helpers/synthetic-product'

const ctx = new EngineContext({ cacheDir: join(tmpdir(), 'adstudio-test-cache'), device: 'cpu' })
const seg = cachedSegmenter(ctx, 'isnet-medium')
afterAll(() => ctx.dispose())

interface Row {
  scene: Scene
  raw: number
  refined: number
}
const rows: Row[] = []

async function score(scene: Scene, options: Partial<ProductMatteOptions> = {}): Promise<number> {
  const photo = { width: scene.width, height: scene.height, data: scene.rgba }
  const { mask } = await productMatte(photo, (p) => seg.segment(p), options)
  return iou(mask.data, scene.truth)
}

const byKind = (kind: SceneKind) => rows.filter((r) => r.scene.spec.kind === kind)
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)

describe('cutout test set (known alpha, real ISNet)', () => {
  beforeAll(async () => {
    for (const spec of SCENES) {
      const scene = await buildScene(spec)
      if (!scene) continue // needs ../shared/fixtures
      const photo = { width: scene.width, height: scene.height, data: scene.rgba }
      const raw = iou((await seg.segment(photo)).data, scene.truth)
      rows.push({ scene, raw, refined: await score(scene) })
    }
    const table = rows.map((r) => `${r.scene.spec.name.padEnd(28)} ${r.scene.spec.kind.padEnd(8)} raw ${r.raw.toFixed(3)}  refined ${r.refined.toFixed(3)}`)
    console.log(`${table.join('\n')}\nmean raw ${mean(rows.map((r) => r.raw)).toFixed(4)} refined ${mean(rows.map((r) => r.refined)).toFixed(4)} (${rows.length} photos, ${seg.runs} inferences run)`)
  }, 900_000)

  it('holds at least 16 photos of every kind without the shared fixtures', () => {
    expect(rows.length).toBeGreaterThanOrEqual(16)
    for (const kind of ['shadow', 'bokeh', 'hand', 'tray', 'small', 'hole', 'clutter'] as const) expect(byKind(kind).length).toBeGreaterThan(0)
  })

  it('is better than the raw model on the mean and never worse by more than 0.01 on a photo', () => {
    expect(mean(rows.map((r) => r.refined))).toBeGreaterThan(mean(rows.map((r) => r.raw)) + 0.003)
    for (const r of rows) expect(r.refined, r.scene.spec.name).toBeGreaterThanOrEqual(r.raw - 0.01)
  })

  it('keeps cast shadows, bokeh and the blurred room out (IoU ≥ 0.99 on each such photo)', () => {
    for (const r of [...byKind('shadow'), ...byKind('bokeh'), ...byKind('hand')]) expect(r.refined, r.scene.spec.name).toBeGreaterThanOrEqual(0.99)
  })

  it('the crop pass pays on small products, island removal on clutter', async () => {
    const small = byKind('small')
    const noCrop = await Promise.all(small.map((r) => score(r.scene, { cropPass: false })))
    // Measured: +0.004 on the mean of 3 (a bottle 0.994 → 0.998, a banana 0.987 → 0.994, a mug ±0.001).
    expect(mean(small.map((r) => r.refined))).toBeGreaterThan(mean(noCrop) + 0.002)
    small.forEach((r, k) => expect(r.refined, r.scene.spec.name).toBeGreaterThanOrEqual(noCrop[k] - 0.002))
    const clutter = byKind('clutter')
    const withIslands = mean(clutter.map((r) => r.refined))
    const noIslands = mean(await Promise.all(clutter.map((r) => score(r.scene, { refine: { minIslandShareOfImage: 0, minIslandShareOfLargest: 0 } }))))
    expect(withIslands).toBeGreaterThan(noIslands + 0.01)
  }, 120_000)
})
