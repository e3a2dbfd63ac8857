import { describe, expect, it } from 'vitest'
import { dilate, erode } from '../../../src/main/engine/steps/segment/grid-morphology'
import { rng } from './synthetic'

/** Speckle plus a blob with a hole, so rows have runs of every length. */
function plane(w: number, h: number, seed: number): Uint8Array {
  const rand = rng(seed)
  const out = new Uint8Array(w * h)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const d = Math.hypot(x - w / 2, y - h / 2)
      const blob = d < Math.min(w, h) / 3 && d > Math.min(w, h) / 8
      out[y * w + x] = blob !== rand() < 0.1 ? 1 : 0
    }
  }
  return out
}

/** Set cells and window size of the (2r+1)² window around (x, y), clipped to the plane. */
function windowCount(src: Uint8Array, w: number, h: number, x: number, y: number, r: number): [number, number] {
  let set = 0
  let cells = 0
  for (let yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
    for (let xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
      set += src[yy * w + xx]
      cells++
    }
  }
  return [set, cells]
}

describe('grid morphology (word-wise counts)', () => {
  // Widths that are and are not whole 32-bit words, radii past the byte-count limit (63).
  const sizes: [number, number][] = [
    [64, 40],
    [61, 33],
    [7, 90],
    [150, 3],
  ]

  it('dilate and erode match the window definition, also for radii above 63', () => {
    for (const [w, h] of sizes) {
      const src = plane(w, h, w + h)
      for (const r of [0, 1, 3, 63, 64, 100]) {
        const d = dilate(src, w, h, r)
        const e = erode(src, w, h, r)
        for (let y = 0; y < h; y++) {
          for (let x = 0; x < w; x++) {
            const [set, cells] = windowCount(src, w, h, x, y, r)
            expect(d[y * w + x]).toBe(set > 0 ? 1 : 0)
            // Cells outside the plane count as set, so only the clipped window decides.
            expect(e[y * w + x]).toBe(set === cells ? 1 : 0)
          }
        }
      }
    }
  })
})
