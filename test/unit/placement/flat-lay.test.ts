/** Issue 10 §2: a flat lay gets a surface seen from above (no horizon), lies centred, and casts a drop shadow along the light. */
import { describe, expect, it } from 'vitest'
import { createRgba } from '../../../src/main/engine/image/raster'
import { generateBackground } from '../../../src/main/engine/steps/background/generate-background'
import { boxToPixels, layoutFor } from '../../../src/main/engine/steps/compose/ad-layout'
import { computePlacement } from '../../../src/main/engine/steps/placement/auto-place'
import { compositeProduct } from '../../../src/main/engine/steps/placement/composite-product'
import { makeLayout, makeLight } from './synthetic'

/** Mean luma of rows [y0, y1). */
function bandLuma(img: { width: number; data: Uint8ClampedArray }, y0: number, y1: number): number {
  let s = 0
  let n = 0
  for (let y = y0; y < y1; y++) {
    for (let x = 0; x < img.width; x += 3) {
      const i = (y * img.width + x) * 4
      s += (0.2126 * img.data[i] + 0.7152 * img.data[i + 1] + 0.0722 * img.data[i + 2]) / 255
      n++
    }
  }
  return s / n
}

describe('flat lay', () => {
  for (const prompt of ['marble table', 'wooden table', 'linen', 'concrete', 'paper']) {
    it(`"${prompt}" from above: the surface fills the canvas, no horizon`, () => {
      const W = 540
      const H = 540
      const top = generateBackground({ width: W, height: H, prompt, seed: 3, view: 'top' })
      const front = generateBackground({ width: W, height: H, prompt, seed: 3 })
      expect(top.layout.horizonY).toBe(0)
      expect(top.layout.glossy).toBe(false)
      // No wall: the band above the front view's horizon looks like the band at the bottom.
      const hz = front.layout.horizonY
      const dTop = Math.abs(bandLuma(top.image, 0, Math.round(hz * 0.5)) - bandLuma(top.image, H - 60, H))
      const dFront = Math.abs(bandLuma(front.image, 0, Math.round(hz * 0.5)) - bandLuma(front.image, H - 60, H))
      expect(dTop).toBeLessThan(0.08)
      expect(dTop).toBeLessThan(dFront + 0.02)
    })
  }

  it('lies centred in the layout region and its shadow falls away from the light', () => {
    const W = 1080
    const H = 1080
    const layout = makeLayout(W, H)
    const place = computePlacement({ productBox: [0, 0, 500, 500], canvas: { width: W, height: H }, layout, view: 'top' })
    const region = boxToPixels(layoutFor(W, H).product, W, H)
    const [x, y, w, h] = place.box
    expect(Math.abs(y + h / 2 - (region[1] + region[3] / 2))).toBeLessThanOrEqual(2)
    expect(Math.abs(x + w / 2 - W / 2)).toBeLessThanOrEqual(1)
    // A disc product on a flat grey surface, light from the upper left (135°).
    const product = createRgba(w, h)
    for (let py = 0; py < h; py++) for (let px = 0; px < w; px++) {
      if ((px - w / 2) ** 2 + (py - h / 2) ** 2 > (w / 2 - 1) ** 2) continue
      product.data.set([200, 40, 40, 255], (py * w + px) * 4)
    }
    const bg = createRgba(W, H)
    for (let i = 0; i < W * H; i++) bg.data.set([200, 200, 200, 255], i * 4)
    const r = compositeProduct({ background: bg, product, box: place.box, light: makeLight(135, 45, 0.4), layout, view: 'top' })
    // Darkened surface outside the product: its centroid is below and right of the product's centre.
    let sx = 0
    let sy = 0
    let sw = 0
    for (let py = 0; py < H; py++) for (let px = 0; px < W; px++) {
      const p = py * W + px
      if (r.mask.data[p] > 0) continue
      const d = 200 - r.image.data[p * 4]
      if (d <= 2) continue
      sx += d * px
      sy += d * py
      sw += d
    }
    expect(sw).toBeGreaterThan(0)
    expect(sx / sw).toBeGreaterThan(x + w / 2 + 5)
    expect(sy / sw).toBeGreaterThan(y + h / 2 + 5)
  })
})
