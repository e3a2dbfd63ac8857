import { describe, expect, it } from 'vitest'
import type { BinaryMask } from '../../../src/main/engine/steps/segment/connected-components'
import { fillSmallHoles, removeSmallIslands, thresholdMask } from '../../../src/main/engine/steps/segment/islands-and-holes'
import { emptyMask, paintDisc, paintRect, rng } from './synthetic'

const S = 256

function ones(b: BinaryMask): number {
  let c = 0
  for (const v of b.data) c += v
  return c
}

function at(b: BinaryMask, x: number, y: number): number {
  return b.data[y * b.width + x]
}

/** A 3-pixel diagonal speck: one piece under 8-connectivity. */
function speck(m: ReturnType<typeof emptyMask>, x: number, y: number): void {
  for (let k = 0; k < 3; k++) m.data[(y + k) * m.width + x + k] = 1
}

describe('removeSmallIslands', () => {
  it('removes 3-pixel specks and keeps the disc intact', () => {
    const m = paintDisc(emptyMask(S, S), 128, 128, 70)
    const discArea = ones(thresholdMask(m))
    const rand = rng(11)
    let specks = 0
    while (specks < 25) {
      const x = Math.floor(rand() * (S - 3))
      const y = Math.floor(rand() * (S - 3))
      if (Math.hypot(x - 128, y - 128) < 80) continue // keep them clear of the disc
      speck(m, x, y)
      specks++
    }
    const res = removeSmallIslands(thresholdMask(m))
    expect(res.kept).toBe(1)
    expect(res.removed).toBeGreaterThan(15) // a few specks may touch each other
    expect(Math.abs(ones(res.mask) - discArea) / discArea).toBeLessThan(0.01)
    expect(at(res.mask, 128, 128)).toBe(1)
  })

  it('keeps every sizeable object of a tray, not only the largest', () => {
    const m = emptyMask(S, S)
    paintDisc(m, 70, 70, 45) // ~6400 px
    paintRect(m, 150, 140, 90, 60) // 5400 px
    paintRect(m, 30, 200, 20, 20) // 400 px: small next to the others but 0.6% of the frame
    speck(m, 200, 20)
    const res = removeSmallIslands(thresholdMask(m))
    expect(res.kept).toBe(3)
    expect(res.removed).toBe(1)
    expect(at(res.mask, 70, 70)).toBe(1)
    expect(at(res.mask, 190, 170)).toBe(1)
    expect(at(res.mask, 40, 210)).toBe(1)
    expect(at(res.mask, 201, 21)).toBe(0)
  })

  it('drops crumbs and a peanut on the table (1-4% of the product) but keeps a lid beside the jar (12%)', () => {
    const m = emptyMask(512, 512)
    paintRect(m, 180, 120, 120, 260) // the jar: 31 200 px
    paintRect(m, 330, 330, 70, 55) // its lid lying beside it: 3850 px, 12%
    paintDisc(m, 60, 420, 16) // a peanut: ~800 px, 2.6%, 0.3% of the frame
    paintDisc(m, 440, 120, 9) // crumbs
    paintDisc(m, 100, 300, 6)
    const res = removeSmallIslands(thresholdMask(m))
    expect(res.kept).toBe(2)
    expect(res.removed).toBe(3)
    expect(at(res.mask, 360, 350)).toBe(1)
    expect(at(res.mask, 60, 420)).toBe(0)
  })

  it('keeps a piece that is small next to the frame but not next to the product', () => {
    // A small product: the largest piece is 400 px, the second 36 px (9% of it).
    const m = emptyMask(S, S)
    paintRect(m, 100, 100, 20, 20)
    paintRect(m, 130, 100, 6, 6)
    const res = removeSmallIslands(thresholdMask(m))
    expect(res.kept).toBe(2)
  })

  it('leaves an empty mask empty', () => {
    const res = removeSmallIslands(thresholdMask(emptyMask(32, 32)))
    expect(res.kept).toBe(0)
    expect(ones(res.mask)).toBe(0)
  })
})

describe('fillSmallHoles', () => {
  it('fills 2–3 px pin holes in a disc', () => {
    const m = paintDisc(emptyMask(S, S), 128, 128, 80)
    const full = ones(thresholdMask(m))
    paintRect(m, 100, 100, 2, 2, 0)
    paintRect(m, 150, 120, 3, 3, 0)
    paintRect(m, 120, 160, 3, 2, 0)
    const res = fillSmallHoles(thresholdMask(m))
    expect(res.filled).toBe(3)
    expect(res.filledArea).toBe(4 + 9 + 6)
    expect(ones(res.mask)).toBe(full)
  })

  it('keeps a ring opening (a mug handle, the inside of an "O") transparent', () => {
    const m = paintDisc(emptyMask(S, S), 128, 128, 80)
    paintDisc(m, 128, 128, 35, 0)
    const before = ones(thresholdMask(m))
    const res = fillSmallHoles(thresholdMask(m))
    expect(res.filled).toBe(0)
    expect(res.keptOpen).toBe(1)
    expect(ones(res.mask)).toBe(before)
    expect(at(res.mask, 128, 128)).toBe(0)
  })

  it('keeps the counter of a small letter "O" next to a large product', () => {
    const m = emptyMask(S, S)
    paintRect(m, 10, 10, 150, 150) // large product, 22500 px: 0.3% is 67 px
    paintDisc(m, 210, 60, 20)
    paintDisc(m, 210, 60, 8, 0) // ~200 px counter
    paintRect(m, 80, 80, 2, 3, 0) // pin hole in the large product
    const res = fillSmallHoles(thresholdMask(m))
    expect(res.filled).toBe(1)
    expect(at(res.mask, 80, 80)).toBe(1)
    expect(at(res.mask, 210, 60)).toBe(0)
  })

  it('never fills background that reaches the image border', () => {
    const m = paintRect(emptyMask(64, 64), 0, 0, 64, 64)
    paintRect(m, 0, 30, 3, 2, 0) // a notch on the left edge, tiny but open to the outside
    const res = fillSmallHoles(thresholdMask(m))
    expect(res.filled).toBe(0)
    expect(at(res.mask, 0, 30)).toBe(0)
  })

  it('treats a diagonal-only gap as enclosed (8-connected product, 4-connected background)', () => {
    const m = emptyMask(9, 9)
    // a diamond outline of single pixels: product pixels touch only diagonally
    for (const [x, y] of [[4, 1], [5, 2], [6, 3], [7, 4], [6, 5], [5, 6], [4, 7], [3, 6], [2, 5], [1, 4], [2, 3], [3, 2]]) {
      m.data[y * 9 + x] = 1
    }
    const res = fillSmallHoles(thresholdMask(m), { maxShareOfProduct: 10 })
    expect(res.filled).toBe(1)
    expect(at(res.mask, 4, 4)).toBe(1)
  })
})
