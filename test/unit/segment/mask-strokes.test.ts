import { describe, expect, it } from 'vitest'
import type { Mask, RgbaImage } from '../../../src/main/engine/image/raster'
import { applyMaskEdits, type BrushStroke } from '../../../src/main/engine/steps/segment/mask-strokes'
import { emptyMask, flatPhoto, paintDisc, paintRect } from './synthetic'

const S = 100
const at = (m: Mask, x: number, y: number) => m.data[y * m.width + x]
const brush = (over: Partial<BrushStroke>): BrushStroke => ({ kind: 'brush', mode: 'erase', radius: 5, hardness: 1, points: [[10, 50], [90, 50]], snap: false, ...over })

/** Dark product on the left of x = 50, bright background on the right. */
function edgePhoto(): RgbaImage {
  const p = flatPhoto(S, S, 230)
  for (let y = 0; y < S; y++) for (let x = 0; x < 50; x++) for (let c = 0; c < 3; c++) p.data[(y * S + x) * 4 + c] = 40
  return p
}

describe('mask edits (Refine cutout, engine side)', () => {
  it('an erase stroke clears a band as wide as the brush and leaves the rest exactly as it was', () => {
    const full = paintRect(emptyMask(S, S), 0, 0, S, S)
    const out = applyMaskEdits(full, flatPhoto(S, S), [brush({})])
    expect(at(out, 50, 50)).toBe(0)
    expect(at(out, 50, 46)).toBe(0) // 4.5 px from the line: inside the hard disc
    expect(at(out, 50, 40)).toBe(1) // 9.5 px away: untouched
    expect(at(out, 50, 30)).toBe(1)
    expect(full.data[50 * S + 50]).toBe(1) // the input is left alone
  })

  it('a soft restore brush (hardness 0) falls off linearly from its centre', () => {
    const out = applyMaskEdits(emptyMask(S, S), flatPhoto(S, S), [brush({ mode: 'restore', radius: 10, hardness: 0, points: [[50, 50]] })])
    expect(at(out, 50, 50)).toBeGreaterThan(0.9)
    expect(at(out, 55, 50)).toBeCloseTo(1 - 5.5 / 10, 1)
    expect(at(out, 62, 50)).toBe(0)
  })

  it('with snapping, an erase stroke that overlaps the product stops at the photo’s edge', () => {
    const full = paintRect(emptyMask(S, S), 0, 0, S, S)
    const stroke = brush({ radius: 10, points: [[57, 20], [57, 80]] })
    const plain = applyMaskEdits(full, edgePhoto(), [stroke])
    const snapped = applyMaskEdits(full, edgePhoto(), [{ ...stroke, snap: true }])
    expect(at(plain, 48, 50)).toBe(0) // the brush circle alone bites into the product
    expect(at(snapped, 48, 50)).toBeGreaterThan(0.9) // snapped: the product side stays
    expect(at(snapped, 57, 50)).toBe(0)
    expect(at(snapped, 53, 50)).toBeLessThan(0.1)
  })

  it('a click removes one connected part of the mask, or fills an enclosed background part', () => {
    const m = paintDisc(paintRect(emptyMask(S, S), 10, 10, 40, 40), 75, 75, 10)
    paintRect(m, 25, 25, 10, 10, 0) // a hole in the first part
    const out = applyMaskEdits(m, flatPhoto(S, S), [
      { kind: 'region', mode: 'erase', at: [75, 75], tolerance: null },
      { kind: 'region', mode: 'restore', at: [30, 30], tolerance: null },
    ])
    expect(at(out, 75, 75)).toBe(0)
    expect(at(out, 30, 30)).toBe(1)
    expect(at(out, 15, 15)).toBe(1)
    expect(at(out, 5, 5)).toBe(0)
  })

  it('a colour flood with a tolerance takes the clicked patch only', () => {
    const photo = flatPhoto(S, S, 200)
    for (let y = 60; y < 80; y++) for (let x = 20; x < 40; x++) photo.data.set([190, 40, 40], (y * S + x) * 4)
    const out = applyMaskEdits(emptyMask(S, S), photo, [{ kind: 'region', mode: 'restore', at: [30, 70], tolerance: 30 }])
    let set = 0
    for (const v of out.data) set += v
    expect(set).toBe(400)
    expect(at(out, 20, 60)).toBe(1)
    expect(at(out, 19, 60)).toBe(0)
  })
})
