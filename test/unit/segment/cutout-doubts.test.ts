import { describe, expect, it } from 'vitest'
import { cutoutDoubts } from '../../../src/main/engine/steps/segment/cutout-doubts'
import { emptyMask, gaussianBlur, paintDisc, paintRect } from './synthetic'

const S = 200

describe('cutout doubts ("check cutout")', () => {
  it('a product inside the frame with a sure edge raises none', () => {
    const m = paintRect(emptyMask(S, S), 60, 40, 80, 130)
    const r = cutoutDoubts(m, gaussianBlur(m, 1))
    expect(r.doubts).toEqual([])
    expect(r.bordersTouched).toBe(0)
    expect(r.areaShare).toBeCloseTo((80 * 130) / (S * S), 6)
    expect(r.unsureShare!).toBeLessThan(0.1)
  })

  it('a hand reaching the bottom edge is fine; background running along two sides is flagged', () => {
    const arm = paintRect(paintRect(emptyMask(S, S), 80, 40, 40, 80), 90, 120, 20, 80)
    expect(cutoutDoubts(arm, null).doubts).toEqual([])
    const spill = paintRect(paintRect(emptyMask(S, S), 80, 40, 40, 80), 0, 150, 200, 50)
    expect(cutoutDoubts(spill, null)).toMatchObject({ doubts: ['borders'], bordersTouched: 3 })
  })

  it('flags a sliver (0.2% of the photo) and a mask of nearly the whole photo', () => {
    expect(cutoutDoubts(paintRect(emptyMask(S, S), 100, 100, 8, 10), null).doubts).toEqual(['area'])
    expect(cutoutDoubts(paintRect(emptyMask(S, S), 5, 5, 190, 190), null).doubts).toEqual(['area'])
  })

  it('flags a wide band the model was unsure of (30% of the product)', () => {
    const m = paintRect(emptyMask(S, S), 60, 40, 80, 100)
    const p = paintRect(paintRect(emptyMask(S, S), 60, 40, 80, 100, 0.95), 60, 140, 80, 30, 0.5)
    const r = cutoutDoubts(m, p)
    expect(r.unsureShare).toBeCloseTo(0.3, 6)
    expect(r.doubts).toEqual(['unsure'])
  })

  it('flags three large disjoint parts, not a product with a small cap beside it', () => {
    const three = paintDisc(paintDisc(paintDisc(emptyMask(S, S), 40, 100, 25), 100, 100, 22), 160, 100, 20)
    expect(cutoutDoubts(three, null)).toMatchObject({ doubts: ['parts'], largeParts: 3 })
    const withCap = paintDisc(paintRect(emptyMask(S, S), 50, 40, 70, 130), 160, 150, 12)
    expect(cutoutDoubts(withCap, null).doubts).toEqual([])
  })
})
