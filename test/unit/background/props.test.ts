/**
 * Seasonal props (issue 10 §3): chosen by English and Korean words, set behind and beside the
 * product, never in its box or the copy's, and never over its pixels in a real step-1 run.
 */
import { describe, expect, it } from 'vitest'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRgba } from '../../../src/main/engine/image/raster'
import { drawProps, planProps, propsFromPrompt, type PropSet } from '../../../src/main/engine/steps/background/props'
import { generateBackground } from '../../../src/main/engine/steps/background/generate-background'
import { decodeImage } from '../../../src/main/engine/image/decode'
import { EngineContext } from '../../../src/main/engine/pipeline/engine-context'
import { runStep1 } from '../../../src/main/engine/pipeline/step1-product-scene'
import { drawProductPhoto } from '../../helpers/synthetic-product'

type Box = [number, number, number, number]
const overlaps = (a: Box, b: Box) => a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3]
const LIGHT = { azimuthDeg: 130, elevationDeg: 40, softness: 0.5, color: [255, 255, 255] as [number, number, number] }

describe('seasonal props', () => {
  it.each([
    ['추석 선물 세트', 'chuseok'],
    ['명절 한우 선물', 'chuseok'],
    ['chuseok gift set', 'chuseok'],
    ['설날 선물', 'seollal'],
    ['lunar new year sale', 'seollal'],
    ['설 명절 선물', 'seollal'],
    ['christmas gift', 'christmas'],
    ['크리스마스 에디션', 'christmas'],
    ['summer beach sale', 'summer'],
    ['여름 휴가', 'summer'],
    ['marble table', null],
  ])('"%s" → %s', (prompt, set) => expect(propsFromPrompt(prompt)).toBe(set))

  const sets: PropSet[] = ['chuseok', 'seollal', 'christmas', 'summer']
  const sizes: [number, number][] = [[1080, 1080], [1080, 1920], [1080, 1350], [1200, 628]]
  const products: Box[] = [[390, 300, 300, 560], [240, 420, 600, 380], [480, 250, 120, 600]]

  it('keep clear of the product and the copy, stand behind its contact line, inside the canvas', () => {
    let placed = 0
    for (const set of sets) {
      for (const [W, H] of sizes) {
        for (const p0 of products) {
          const sx = W / 1080
          const sy = H / 1080
          const product: Box = [p0[0] * sx, p0[1] * Math.min(1, sy), p0[2] * sx, Math.min(H * 0.6, p0[3] * Math.min(1, sy))]
          const floorY = product[1] + product[3]
          const text: Box = [0.08 * W, 0.04 * H, 0.84 * W, 0.18 * H]
          for (const seed of [1, 2, 3]) {
            const plans = planProps(set, W, H, { product, floorY, avoid: [text], light: LIGHT, seed })
            for (const p of plans) {
              if (p.behind) {
                // Further back than the beside props, and only when the product leaves no room beside it.
                expect(p.box[1] + p.box[3]).toBeLessThanOrEqual(floorY - 0.05 * Math.min(W, H))
                expect(plans.filter((q) => !q.behind).length).toBeLessThan(2)
                continue
              }
              expect(overlaps(p.box, product)).toBe(false)
              expect(overlaps(p.box, text)).toBe(false)
              expect(p.box[1] + p.box[3]).toBeLessThan(floorY)
              expect(p.box[0]).toBeGreaterThanOrEqual(0)
              expect(p.box[0] + p.box[2]).toBeLessThanOrEqual(W)
              // Supporting cast: never taller than the product.
              expect(p.box[3]).toBeLessThan(product[3])
            }
            placed += plans.length
          }
        }
      }
    }
    // Most layouts leave room for props (a few wide products leave none).
    expect(placed).toBeGreaterThan(sets.length * sizes.length * products.length * 3 * 1.5)
  })

  it('beside the product on both sides when there is room, and paint nothing inside its box', () => {
    const W = 600
    const img = createRgba(W, W)
    for (let i = 0; i < W * W; i++) img.data.set([180, 60, 60, 255], i * 4)
    const before = new Uint8ClampedArray(img.data)
    const product: Box = [250, 180, 100, 260]
    const plans = drawProps(img, 'chuseok', { product, floorY: 440, light: LIGHT, seed: 7 })
    expect(plans.length).toBeGreaterThanOrEqual(4)
    expect(plans.every((p) => !p.behind)).toBe(true)
    expect(plans.some((p) => p.box[0] + p.box[2] <= product[0])).toBe(true)
    expect(plans.some((p) => p.box[0] >= product[0] + product[2])).toBe(true)
    expect(plans.some((p) => p.kind === 'persimmon')).toBe(true)
    expect(plans.some((p) => p.kind === 'bojagi')).toBe(true)
    let changedInside = 0
    let changed = 0
    for (let y = 0; y < W; y++) {
      for (let x = 0; x < W; x++) {
        const i = (y * W + x) * 4
        const diff = img.data[i] !== before[i] || img.data[i + 1] !== before[i + 1] || img.data[i + 2] !== before[i + 2]
        if (!diff) continue
        changed++
        if (x >= product[0] && x < product[0] + product[2] && y >= product[1] && y < product[1] + product[3]) changedInside++
      }
    }
    expect(changedInside).toBe(0)
    expect(changed).toBeGreaterThan(0.02 * W * W)
  })

  it('a product too wide for props beside it gets two further back, partly behind it', () => {
    const product: Box = [30, 900, 1020, 420]
    const plans = planProps('chuseok', 1080, 1920, { product, floorY: 1320, horizonY: 760, light: LIGHT, seed: 2 })
    expect(plans.length).toBe(2)
    // Never on the wall: with the floor's far edge above the product's top there is no room.
    expect(planProps('chuseok', 1080, 1920, { product, floorY: 1320, horizonY: 1000, light: LIGHT, seed: 2 })).toHaveLength(0)
    for (const p of plans) {
      expect(p.behind).toBe(true)
      expect(p.box[1] + p.box[3]).toBeLessThanOrEqual(1320 - 0.06 * 1080 + 1)
      // They peek out above the product's top (its box top at 900).
      expect(p.box[1]).toBeLessThan(product[1] - 0.45 * p.box[3])
      expect(p.box[1] + p.box[3]).toBeGreaterThan(760)
    }
  })

  it('in a real step 1: the scene gains props only outside the product box, the look name says so', async () => {
    const product = await decodeImage((await drawProductPhoto({ width: 300, height: 420, transparent: true })).png, 'bottle')
    const ctx = new EngineContext({ cacheDir: join(tmpdir(), `adstudio-props-${process.pid}`), device: 'cpu' })
    try {
      for (const [W, H] of [[360, 360], [360, 640]] as [number, number][]) {
        const s1 = await runStep1({ product, width: W, height: H, bgPrompt: '추석 선물 세트', seed: 11, segmentation: 'isnet-medium' }, ctx)
        expect(s1.look.name).toMatch(/chuseok props/)
        const bare = generateBackground({ width: W, height: H, prompt: '추석 선물 세트', seed: 11, productPalette: undefined })
        const [bx, by, bw, bh] = s1.productBox!
        let outside = 0
        let inside = 0
        for (let y = 0; y < H; y++) {
          for (let x = 0; x < W; x++) {
            const i = (y * W + x) * 4
            // The product palette tints nothing here (holiday look): scene and bare differ only by props.
            if (Math.abs(s1.scene.data[i] - bare.image.data[i]) + Math.abs(s1.scene.data[i + 1] - bare.image.data[i + 1]) < 6) continue
            if (x >= bx - 2 && x < bx + bw + 2 && y >= by - 2 && y < by + bh + 2) inside++
            else outside++
          }
        }
        expect(inside).toBe(0)
        expect(outside).toBeGreaterThan(0.01 * W * H)
      }
    } finally {
      await ctx.dispose()
    }
  }, 60_000)
})
