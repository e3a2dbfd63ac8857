import { describe, expect, it } from 'vitest'
import type { Mask } from '../../../src/main/engine/image/raster'
import { hysteresisMask } from '../../../src/main/engine/steps/segment/hysteresis'
import { refineMatteWithStats } from '../../../src/main/engine/steps/segment/refine-matte'
import { emptyMask, gaussianBlur, iou, paintDisc, paintRect, photoFromMask } from './synthetic'

const S = 256
const at = (m: { width: number; data: ArrayLike<number> }, x: number, y: number) => m.data[y * m.width + x]

describe('hysteresis on the model’s probability', () => {
  it('drops a shadow the model half-believes (p 0.6) beside a sure product (p 0.98)', () => {
    const p = emptyMask(S, S)
    paintRect(p, 60, 40, 60, 150, 0.98) // the product
    paintRect(p, 140, 150, 90, 40, 0.6) // its cast shadow on the table, apart from it
    const { mask, dropped, droppedArea } = hysteresisMask(p, 0.5, 0.8)
    expect(dropped).toBe(1)
    expect(droppedArea).toBe(90 * 40)
    expect(at(mask, 90, 100)).toBe(1)
    expect(at(mask, 180, 170)).toBe(0)
  })

  it('keeps two objects of a tray that each have a sure core, and what joins them', () => {
    const p = emptyMask(S, S)
    paintRect(p, 20, 100, 216, 80, 0.65) // the tray: the model is unsure of it...
    paintDisc(p, 70, 120, 30, 0.97) // ...but sure of the two things on it
    paintDisc(p, 180, 125, 25, 0.95)
    paintDisc(p, 128, 30, 12, 0.7) // a bokeh disc above, never sure
    const { mask, dropped } = hysteresisMask(p, 0.5, 0.8)
    expect(dropped).toBe(1)
    let tray = 0
    for (let y = 100; y < 180; y++) for (let x = 20; x < 236; x++) tray += mask.data[y * S + x]
    expect(tray).toBe(216 * 80) // one product: tray and both objects
    expect(at(mask, 128, 30)).toBe(0)
  })

  it('keeps a separate sure object (a second figurine) as part of the product', () => {
    const p = emptyMask(S, S)
    paintRect(p, 40, 60, 50, 150, 0.99)
    paintRect(p, 150, 70, 50, 140, 0.9)
    const { mask, dropped } = hysteresisMask(p, 0.5, 0.8)
    expect(dropped).toBe(0)
    expect(at(mask, 170, 150)).toBe(1)
  })

  it('never empties the cutout: with no sure piece anywhere, the most confident piece stays', () => {
    const p = emptyMask(S, S)
    paintRect(p, 40, 40, 80, 120, 0.7) // a glass bottle the model is lukewarm about
    paintRect(p, 170, 60, 40, 40, 0.55)
    const { mask, dropped } = hysteresisMask(p, 0.5, 0.8)
    expect(dropped).toBe(1)
    expect(at(mask, 80, 100)).toBe(1)
    expect(at(mask, 190, 80)).toBe(0)
  })

  it('in refineMatte: the unsure blob is gone and the product is untouched (IoU ≥ 0.99)', () => {
    const truth = paintRect(emptyMask(S, S), 60, 40, 60, 150)
    const p: Mask = gaussianBlur(truth, 1.2)
    for (let y = 150; y < 190; y++) for (let x = 140; x < 230; x++) p.data[y * S + x] = 0.6
    const { mask, stats } = refineMatteWithStats(p, photoFromMask(truth))
    expect(stats.unsureDropped).toBe(1)
    expect(iou(mask, truth)).toBeGreaterThanOrEqual(0.99)
    expect(at(mask, 180, 170)).toBe(0)
  })
})
