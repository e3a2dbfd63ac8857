import { describe, expect, it } from 'vitest'
import { maskBoundingBox } from '../../../src/main/engine/steps/segment/mask-bounds'
import { emptyMask, paintDisc, paintRect } from './synthetic'

describe('maskBoundingBox', () => {
  it('returns [x, y, w, h] of a rectangle', () => {
    expect(maskBoundingBox(paintRect(emptyMask(64, 48), 10, 5, 20, 30))).toEqual([10, 5, 20, 30])
  })

  it('spans several separate pieces', () => {
    const m = paintRect(emptyMask(64, 48), 3, 40, 2, 2)
    paintRect(m, 50, 2, 4, 3)
    expect(maskBoundingBox(m)).toEqual([3, 2, 51, 40])
  })

  it('covers the image border and single pixels', () => {
    expect(maskBoundingBox(paintRect(emptyMask(8, 6), 0, 0, 8, 6))).toEqual([0, 0, 8, 6])
    const m = emptyMask(8, 6)
    m.data[5 * 8 + 7] = 1
    expect(maskBoundingBox(m)).toEqual([7, 5, 1, 1])
  })

  it('applies the threshold (inclusive) so a faint fringe does not widen the box', () => {
    const m = paintRect(emptyMask(40, 40), 10, 10, 20, 20)
    paintRect(m, 5, 5, 30, 5, 0.2) // faint band above
    expect(maskBoundingBox(m)).toEqual([10, 10, 20, 20])
    expect(maskBoundingBox(m, 0.1)).toEqual([5, 5, 30, 25])
    m.data[0] = 0.5
    expect(maskBoundingBox(m)).toEqual([0, 0, 30, 30])
  })

  it('is symmetric for a centred disc', () => {
    expect(maskBoundingBox(paintDisc(emptyMask(101, 101), 50.5, 50.5, 20))).toEqual([30, 30, 41, 41]) // pixels 30..70: centres within 20 of 50.5
  })

  it('returns null for an empty mask', () => {
    expect(maskBoundingBox(emptyMask(16, 16))).toBeNull()
    expect(maskBoundingBox(emptyMask(0, 0))).toBeNull()
  })
})
