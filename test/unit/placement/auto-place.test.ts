import { describe, expect, it } from 'vitest'
import type { Box } from '../../../src/main/engine/image/raster'
import { computePlacement } from '../../../src/main/engine/steps/placement/auto-place'
import { boxToPixels, layoutFor } from '../../../src/main/engine/steps/compose/ad-layout'
import { makeLayout } from './synthetic'

const CANVASES: [number, number][] = [
  [1024, 1024],
  [1080, 1350],
  [1080, 1920],
  [1200, 628],
  [2048, 2048],
  [256, 256],
]
const PRODUCTS: Record<string, Box> = {
  tall: [40, 12, 300, 1000],
  wide: [0, 300, 1200, 300],
  square: [10, 10, 500, 500],
  extremeWide: [0, 0, 2000, 200],
  extremeTall: [0, 0, 100, 1000],
}

function expectInside(box: Box, W: number, H: number): void {
  const [x, y, w, h] = box
  for (const v of box) expect(Number.isInteger(v)).toBe(true)
  expect(w).toBeGreaterThan(0)
  expect(h).toBeGreaterThan(0)
  expect(x).toBeGreaterThanOrEqual(Math.floor(0.025 * W))
  expect(y).toBeGreaterThanOrEqual(Math.floor(0.025 * H))
  expect(W - (x + w)).toBeGreaterThanOrEqual(Math.floor(0.025 * W))
  expect(H - (y + h)).toBeGreaterThanOrEqual(Math.floor(0.025 * H))
}

describe('computePlacement', () => {
  for (const [W, H] of CANVASES) {
    const layout = makeLayout(W, H)
    for (const [name, pb] of Object.entries(PRODUCTS)) {
      it(`${name} product on ${W}x${H}`, () => {
        const { box, scale } = computePlacement({ productBox: pb, canvas: { width: W, height: H }, layout })
        expectInside(box, W, H)
        const [x, y, w, h] = box
        const spec = layoutFor(W, H)
        // The area share the layout states is a ceiling.
        expect((w * h) / (W * H)).toBeLessThanOrEqual(spec.maxShare + 0.01)
        // The bbox keeps its aspect ratio and the scale maps it onto the box.
        expect(Math.abs(w / h - pb[2] / pb[3]) / (pb[2] / pb[3])).toBeLessThan(0.05)
        expect(Math.abs(pb[3] * scale - h)).toBeLessThanOrEqual(1.5)
        // Base on the ground line.
        expect(Math.abs(y + h - layout.groundY)).toBeLessThanOrEqual(1)
        const text = boxToPixels(spec.text, W, H)
        if (spec.textSide === 'left') {
          // Product on the right, clear of the copy's column.
          expect(x).toBeGreaterThanOrEqual(text[0] + text[2])
        } else {
          expect(Math.abs(x + w / 2 - W / 2)).toBeLessThanOrEqual(1)
          // The copy's band stays above the product.
          expect(y).toBeGreaterThanOrEqual(text[1] + text[3])
        }
      })
    }
  }

  it('does not depend on the input resolution', () => {
    for (const [W, H] of CANVASES) {
      const layout = makeLayout(W, H)
      for (const pb of Object.values(PRODUCTS)) {
        const small: Box = [Math.round(pb[0] / 10), Math.round(pb[1] / 10), Math.round(pb[2] / 2.5), Math.round(pb[3] / 2.5)]
        const big: Box = [pb[0] * 4, pb[1] * 4, pb[2] * 4, pb[3] * 4]
        const a = computePlacement({ productBox: small, canvas: { width: W, height: H }, layout }).box
        const b = computePlacement({ productBox: big, canvas: { width: W, height: H }, layout }).box
        for (let i = 0; i < 4; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(1)
      }
    }
  })

  it('stays on the canvas for odd ground lines, fills and aspect ratios', () => {
    const cases: [number, number, number, number][] = [
      [1080, 1920, 0.1, 0.55],
      [1080, 1920, 1.4, 0.9],
      [1200, 628, 0.2, 0.9],
      [3000, 300, 0.9, 0.9],
      [300, 3000, 0.5, 0.9],
      [64, 64, 1, 0.55],
    ]
    for (const [W, H, g, fill] of cases) {
      const layout = makeLayout(W, H, { groundY: g * H })
      for (const pb of Object.values(PRODUCTS)) {
        const { box } = computePlacement({ productBox: pb, canvas: { width: W, height: H }, layout, fill })
        expectInside(box, W, H)
      }
    }
  })

  it('honours fill and survives degenerate boxes', () => {
    const layout = makeLayout(1024, 1024)
    const a = computePlacement({ productBox: PRODUCTS.tall, canvas: { width: 1024, height: 1024 }, layout, fill: 0.4 }).box
    expect(Math.abs(a[3] - 0.4 * 1024)).toBeLessThanOrEqual(1)
    const z = computePlacement({ productBox: [0, 0, 0, 0], canvas: { width: 1024, height: 1024 }, layout }).box
    expectInside(z, 1024, 1024)
  })
})
