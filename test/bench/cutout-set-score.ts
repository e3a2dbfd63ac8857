/**
 * What each stage of the cutout adds on the scored test set (not a test; prints a table):
 *   node bin/run-ts.mjs test/bench/cutout-set-score.ts [name-filter] [--out DIR]
 * Each column turns one stage off; `full` is the pipeline as shipped, `raw` ISNet at p ≥ 0.5.
 * With --out, writes each photo, its matte and the cutout on a checkerboard for looking at.
 */
import { mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { EngineContext } from '../../src/main/engine/pipeline/engine-context'
import { productMatte, type ProductMatteOptions } from '../../src/main/engine/steps/segment/product-matte'
import { cachedSegmenter } from '../helpers/cutout-set/cached-segmenter'
import { buildScene, SCENES, type Scene } from '../helpers/cutout-set/scenes'
import { iou } from '../helpers/synthetic-product'

const VARIANTS: Record<string, Partial<ProductMatteOptions>> = {
  full: {},
  noCrop: { cropPass: false },
  noHyst: { refine: { sureThreshold: 0.5 } },
  noIsl: { refine: { minIslandShareOfImage: 0, minIslandShareOfLargest: 0 } },
  noHoles: { refine: { maxHoleShareOfImage: 0, maxHoleShareOfProduct: 0 } },
  noFeather: { refine: { feather: false } },
}

async function writeLook(dir: string, scene: Scene, matte: Float32Array): Promise<void> {
  const { width, height } = scene
  const name = scene.spec.name
  const alpha = Buffer.from(Uint8Array.from(matte, (v) => Math.round(v * 255)))
  await sharp(scene.png).toFile(join(dir, `${name}.png`))
  await sharp(alpha, { raw: { width, height, channels: 1 } }).png().toFile(join(dir, `${name}-matte.png`))
  const board = Buffer.alloc(width * height * 3)
  const cell = Math.max(8, Math.round(Math.max(width, height) / 48))
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x
      const bg = ((Math.floor(x / cell) + Math.floor(y / cell)) & 1) === 0 ? 200 : 140
      for (let c = 0; c < 3; c++) board[i * 3 + c] = Math.round(matte[i] * scene.rgba[i * 4 + c] + (1 - matte[i]) * bg)
    }
  }
  await sharp(board, { raw: { width, height, channels: 3 } }).jpeg({ quality: 85 }).toFile(join(dir, `${name}-cutout.jpg`))
}

const args = process.argv.slice(2)
const outAt = args.indexOf('--out')
const outDir = outAt >= 0 ? args[outAt + 1] : null
const filter = args.find((a) => !a.startsWith('--') && a !== outDir)
if (outDir) await mkdir(outDir, { recursive: true })

const ctx = new EngineContext({ cacheDir: join(tmpdir(), 'adstudio-test-cache'), device: 'cpu' })
const seg = cachedSegmenter(ctx, 'isnet-medium')
const sums: Record<string, number> = { raw: 0 }
let count = 0
console.log(['scene'.padEnd(28), 'kind'.padEnd(8), 'raw  ', ...Object.keys(VARIANTS).map((k) => k.padEnd(9))].join(' '))
for (const spec of SCENES) {
  if (filter && !spec.name.includes(filter)) continue
  const scene = await buildScene(spec)
  if (!scene) continue
  const photo = { width: scene.width, height: scene.height, data: scene.rgba }
  const segment = (p: typeof photo) => seg.segment(p)
  const raw = iou((await segment(photo)).data, scene.truth)
  sums.raw += raw
  const cells: string[] = []
  for (const [name, options] of Object.entries(VARIANTS)) {
    const m = await productMatte(photo, segment, options)
    const s = iou(m.mask.data, scene.truth)
    sums[name] = (sums[name] ?? 0) + s
    cells.push(`${s.toFixed(4)}${name === 'full' && m.stats.cropPass ? 'c' : ' '}   `)
    if (name === 'full' && outDir) await writeLook(outDir, scene, m.mask.data)
  }
  count++
  console.log([spec.name.padEnd(28), spec.kind.padEnd(8), raw.toFixed(4), ...cells].join(' '))
}
console.log(`mean (${count} photos): ${Object.entries(sums).map(([k, v]) => `${k} ${(v / count).toFixed(4)}`).join(', ')}`)
console.log(`inferences run: ${seg.runs} (c: crop pass used)`)
await ctx.dispose()
