import { describe, expect, it } from 'vitest'
import { createMask, createRgba, type Box, type RgbaImage } from '../../../src/main/engine/image/raster'
import { computePlacement } from '../../../src/main/engine/steps/placement/auto-place'
import { compositeProduct } from '../../../src/main/engine/steps/placement/composite-product'
import { contactPointsOfRgba, cutByFrame, findContactPoints } from '../../../src/main/engine/steps/placement/contact-points'
import { groundBox } from '../../../src/main/engine/steps/placement/ground'
import { makeLayout, makeLight, studioBackground } from './synthetic'

type Rect = [number, number, number, number, number] // x0, y0, x1, y1 as shares of the size, alpha

/** A product drawn from rectangles given as shares of its size, so any box size draws the same shape. */
function drawProduct(w: number, h: number, rects: Rect[]): RgbaImage {
  const img = createRgba(w, h)
  for (const [x0, y0, x1, y1, a] of rects) {
    for (let y = Math.round(y0 * h); y < Math.round(y1 * h); y++) {
      for (let x = Math.round(x0 * w); x < Math.round(x1 * w); x++) {
        const i = (y * w + x) * 4
        img.data[i] = 120
        img.data[i + 1] = 70
        img.data[i + 2] = 40
        img.data[i + 3] = Math.max(img.data[i + 3], Math.round(a * 255))
      }
    }
  }
  return img
}

// A chair seen slightly from above: front legs reach lowest, back legs end higher (further back),
// and the matte has a faint haze (a shadow remnant at alpha 0.15) under it, as real cutouts do.
const CHAIR: Rect[] = [
  [0.1, 0, 0.2, 0.3, 1], // back
  [0.1, 0.25, 0.9, 0.42, 1], // seat
  [0.15, 0.42, 0.21, 0.92, 1], // front legs
  [0.79, 0.42, 0.85, 0.92, 1],
  [0.3, 0.42, 0.35, 0.86, 1], // back legs
  [0.65, 0.42, 0.7, 0.86, 1],
  [0.05, 0.92, 0.95, 1, 0.15], // haze
]
const FLAT: Rect[] = [
  [0.1, 0, 0.9, 0.97, 1],
  [0.1, 0.97, 0.9, 1, 0.3], // soft edge under the base
]
// A flat base with one thin stray strand hanging 12% below it (a hair of the matte).
const SPIKE: Rect[] = [
  [0.2, 0, 0.8, 0.85, 1],
  [0.5, 0.85, 0.502, 0.97, 1],
]

/** Lowest solid row + 1 of the canvas mask in columns [x0, x1). */
function solidBottom(mask: { width: number; height: number; data: Float32Array }, x0: number, x1: number): number {
  let b = 0
  for (let x = x0; x < x1; x++) for (let y = mask.height - 1; y >= 0; y--) if (mask.data[y * mask.width + x] >= 0.5) { b = Math.max(b, y + 1); break }
  return b
}

function placeAndGround(W: number, H: number, rects: Rect[], cut = false) {
  const layout = makeLayout(W, H)
  const place = computePlacement({ productBox: [0, 0, 400, 480], canvas: { width: W, height: H }, layout })
  const product = drawProduct(place.box[2], place.box[3], rects)
  const g = groundBox(product, place.box, place.floorY, H, cut)
  return { layout, place, product, ...g }
}

describe('grounding: contact points on the floor line', () => {
  for (const [W, H] of [[1080, 1080], [1200, 628], [1080, 1920]] as const) {
    it(`a chair with legs and haze under it stands on its front legs at ${W}x${H} (gap ≤ 2 px)`, () => {
      const { place, product, box, grounding } = placeAndGround(W, H, CHAIR)
      // The naive placement (box bottom on the floor) leaves the legs hovering over the haze.
      const naiveGap = place.floorY - (place.box[1] + contactPointsOfRgba(product)!.contactY)
      expect(naiveGap).toBeGreaterThan(2)
      expect(grounding.gap_px).toBe(0)
      expect(Math.abs(grounding.floor_line - grounding.contact_line)).toBeLessThanOrEqual(2)
      // Two feet: the front legs (the back legs end higher, behind them).
      expect(grounding.contacts).toHaveLength(2)
      // On the canvas: each front leg's solid bottom is on the floor line.
      const light = makeLight(120)
      const r = compositeProduct({ background: studioBackground(W, H, Math.round(H * 0.6)), product, box, light, layout: makeLayout(W, H), floorY: grounding.contact_line })
      for (const [x0, x1] of grounding.contacts) {
        expect(Math.abs(solidBottom(r.mask, x0, x1) - grounding.floor_line)).toBeLessThanOrEqual(2)
        // The contact shadow darkens the floor right under the foot.
        const cx = Math.round((x0 + x1) / 2)
        const under = (grounding.floor_line + 1) * W + cx
        const bg = studioBackground(W, H, Math.round(H * 0.6)).data[under * 4]
        expect(r.image.data[under * 4]).toBeLessThan(bg * 0.8)
      }
    })
  }

  it('a flat base with a soft edge stands on the floor line (gap ≤ 2 px)', () => {
    const { grounding } = placeAndGround(1080, 1080, FLAT)
    expect(Math.abs(grounding.gap_px)).toBeLessThanOrEqual(2)
    expect(grounding.contacts).toHaveLength(1)
  })

  it('a stray strand thinner than a foot does not hold the product up', () => {
    const { product, grounding, box } = placeAndGround(1080, 1080, SPIKE)
    expect(Math.abs(grounding.gap_px)).toBeLessThanOrEqual(2)
    // The base (85% of the height), not the strand's tip (97%), is on the floor.
    expect(Math.abs(grounding.contact_line - (box[1] + Math.round(0.85 * product.height)))).toBeLessThanOrEqual(2)
  })

  it('a product cut by the photo at its bottom edge stands with the cut on the floor line', () => {
    // The matte of a cup cropped by the frame: solid down to the photo's last row.
    const matte = createMask(300, 200)
    for (let y = 40; y < 200; y++) for (let x = 80; x < 220; x++) matte.data[y * 300 + x] = 1
    const sourceBox: Box = [80, 40, 140, 160]
    expect(cutByFrame(matte, sourceBox)).toBe(true)
    // The same cup whole, with a base above the frame's edge: not cut.
    const whole = createMask(300, 220)
    for (let y = 40; y < 200; y++) for (let x = 80; x < 220; x++) whole.data[y * 300 + x] = 1
    expect(cutByFrame(whole, [80, 40, 140, 160])).toBe(false)
    const { grounding, box } = placeAndGround(1080, 1080, [[0.1, 0, 0.9, 1, 1]], true)
    expect(grounding.cut_by_frame).toBe(true)
    expect(grounding.gap_px).toBe(0)
    expect(box[1] + box[3]).toBe(grounding.floor_line)
  })

  it('contact points of a plane: feet, and nothing for an empty alpha', () => {
    const a = new Float32Array(10 * 6)
    for (const x of [1, 2, 7, 8]) for (let y = 0; y < 6; y++) a[y * 10 + x] = 1
    const c = findContactPoints(a, 10, 6)!
    expect(c.contactY).toBe(6)
    expect(c.feet).toEqual([[1, 3], [7, 9]])
    expect(findContactPoints(new Float32Array(60), 10, 6)).toBeNull()
  })
})
