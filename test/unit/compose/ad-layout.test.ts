/**
 * Issue 10 §4: a layout for every size. Real step-2 text layers (the bundled fonts) composed over a
 * scene with a product placed by the layout, at every ratio: the product's share of the canvas,
 * the headline's cap height, and no text over the product in overlay or auto.
 */
import { describe, expect, it } from 'vitest'
import { runStep2 } from '../../../src/main/engine/pipeline/step2-text'
import { runStep3 } from '../../../src/main/engine/pipeline/step3-compose'
import { createRgba, type Box, type Mask } from '../../../src/main/engine/image/raster'
import { boxToPixels, floorShare, layoutFor, layoutKind, minCapPx, MIN_CAP_SHARE } from '../../../src/main/engine/steps/compose/ad-layout'
import { computePlacement } from '../../../src/main/engine/steps/placement/auto-place'
import { compositeProduct } from '../../../src/main/engine/steps/placement/composite-product'
import { makeLayout, makeLight, studioBackground } from '../placement/synthetic'

/** Every layout: square, 4:5, 9:16, taller than 9:16, 4:3, 1.91:1, a 4:1 leaderboard. */
const SIZES: [number, number][] = [
  [1080, 1080],
  [1080, 1350],
  [1080, 1920],
  [1000, 2200],
  [1200, 900],
  [1200, 628],
  [1600, 400],
]

/** An ellipse-ish product (a bottle, a fruit) of the given aspect, drawn at box size. */
function blob(w: number, h: number) {
  const img = createRgba(w, h)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const u = (x + 0.5) / w - 0.5
      const v = (y + 0.5) / h - 0.5
      if (u * u + v * v * 0.6 > 0.25 && v < 0.45) continue
      if (Math.abs(u) > 0.5 * (v > 0.45 ? 0.6 : 1)) continue
      const i = (y * w + x) * 4
      img.data.set([200, 60, 40, 255], i)
    }
  }
  return img
}

function sceneWithProduct(W: number, H: number, aspect: number) {
  const layout = makeLayout(W, H, { groundY: Math.round(H * floorShare(W, H)) })
  const place = computePlacement({ productBox: [0, 0, Math.round(600 * aspect), 600], canvas: { width: W, height: H }, layout })
  const r = compositeProduct({ background: studioBackground(W, H, Math.round(H * 0.6)), product: blob(place.box[2], place.box[3]), box: place.box, light: makeLight(130), layout })
  return { scene: r.image, mask: r.mask, box: place.box }
}

function overlap(mask: Mask, box: Box): number {
  let n = 0
  for (let y = box[1]; y < box[1] + box[3]; y++) for (let x = box[0]; x < box[0] + box[2]; x++) if (mask.data[y * mask.width + x] > 0.05) n++
  return n
}

const COPY = '맛있는 바나나 50% 할인\n오늘만 특가'

describe('ad layout per aspect ratio', () => {
  it('names a layout for every ratio, with copy and product regions that never meet', () => {
    expect(SIZES.map(([w, h]) => layoutKind(w, h))).toEqual(['square', 'portrait', 'story', 'tall', 'landscape', 'banner', 'wide-banner'])
    for (const [W, H] of SIZES) {
      const s = layoutFor(W, H)
      const t = boxToPixels(s.text, W, H)
      const p = boxToPixels(s.product, W, H)
      const apart = t[0] + t[2] <= p[0] || p[0] + p[2] <= t[0] || t[1] + t[3] <= p[1] || p[1] + p[3] <= t[1]
      expect(apart).toBe(true)
      if (s.kind === 'story' || s.kind === 'tall') {
        // Story UI bands: no copy in the top or bottom 250/1920 of the frame.
        expect(t[1]).toBeGreaterThanOrEqual(Math.ceil((250 / 1920) * H))
        expect(t[1] + t[3]).toBeLessThanOrEqual(H - Math.ceil((250 / 1920) * H))
      }
    }
  })

  for (const [W, H] of SIZES) {
    it(`${W}x${H}: product share within the layout's stated range for aspects 1:2.5 to 2.5:1`, () => {
      const spec = layoutFor(W, H)
      const layout = makeLayout(W, H, { groundY: Math.round(H * floorShare(W, H)) })
      for (const aspect of [0.4, 0.6, 1, 1.6, 2.5]) {
        const { box } = computePlacement({ productBox: [0, 0, Math.round(1000 * aspect), 1000], canvas: { width: W, height: H }, layout })
        const share = (box[2] * box[3]) / (W * H)
        expect(share, `aspect ${aspect}`).toBeGreaterThanOrEqual(spec.minShare)
        expect(share, `aspect ${aspect}`).toBeLessThanOrEqual(spec.maxShare + 0.01)
      }
    })

    it(`${W}x${H}: overlay and auto never put text over the product; the headline keeps its minimum cap height`, () => {
      const { scene, mask } = sceneWithProduct(W, H, 0.7)
      const s2 = runStep2({ text: COPY, fontName: null, stylePrompt: 'gold metallic 3D text', styleId: null, canvas: { width: W, height: H }, seed: 3 })
      const cases: [string, 'overlay' | 'blend', 'top' | 'center' | 'bottom' | 'auto'][] = [
        ['overlay auto', 'overlay', 'auto'],
        ['overlay top', 'overlay', 'top'],
        ['overlay center', 'overlay', 'center'],
        ['overlay bottom', 'overlay', 'bottom'],
        ['blend auto', 'blend', 'auto'],
      ]
      for (const [name, mode, position] of cases) {
        const { result } = runStep3({ scene, productMask: mask, textLayer: s2.layer, textFace: s2.face, mode, position, light: null })
        expect(result.productCoverage, name).toBe(0)
        expect(overlap(mask, result.textBox), name).toBe(0)
        if (position === 'auto') {
          expect(result.minCapPx).toBe(Math.ceil(MIN_CAP_SHARE * Math.min(W, H)))
          expect(result.headlinePx, name).toBeGreaterThanOrEqual(minCapPx(W, H) - 0.5)
        }
      }
    })
  }

  it('a text_box override is honoured: the copy lies inside it', () => {
    const { scene, mask } = sceneWithProduct(1080, 1080, 0.7)
    const s2 = runStep2({ text: COPY, fontName: null, stylePrompt: '', styleId: null, canvas: { width: 1080, height: 1080 }, seed: 3 })
    const { result } = runStep3({ scene, productMask: mask, textLayer: s2.layer, textFace: s2.face, mode: 'overlay', position: 'top', light: null, textBox: [0.1, 0.7, 0.8, 0.25] })
    const [x, y, w, h] = result.textBox
    expect(result.position).toBe('box')
    expect(x).toBeGreaterThanOrEqual(108)
    expect(y).toBeGreaterThanOrEqual(756)
    expect(x + w).toBeLessThanOrEqual(972 + 1)
    expect(y + h).toBeLessThanOrEqual(1026 + 1)
  })

  it('in a banner, top / center / bottom set the copy in its own column beside the product, at that height', () => {
    const [W, H] = [1200, 628]
    const { scene, mask } = sceneWithProduct(W, H, 0.7)
    const s2 = runStep2({ text: COPY, fontName: null, stylePrompt: 'gold metallic 3D text', styleId: null, canvas: { width: W, height: H }, seed: 3 })
    const [rx, ry, rw, rh] = boxToPixels(layoutFor(W, H).text, W, H)
    const tops: number[] = []
    for (const position of ['top', 'center', 'bottom'] as const) {
      const { result } = runStep3({ scene, productMask: mask, textLayer: s2.layer, textFace: s2.face, mode: 'overlay', position, light: null })
      const [x, y, w, h] = result.textBox
      // Inside the copy column (the left side), not across the middle of the canvas.
      expect(x, position).toBeGreaterThanOrEqual(rx - 1)
      expect(x + w, position).toBeLessThanOrEqual(rx + rw + 1)
      expect(y, position).toBeGreaterThanOrEqual(ry - 1)
      expect(y + h, position).toBeLessThanOrEqual(ry + rh + 1)
      expect(overlap(mask, result.textBox), position).toBe(0)
      tops.push(y)
    }
    expect(tops[0]).toBeLessThan(tops[1])
    expect(tops[1]).toBeLessThan(tops[2])
  })
})
