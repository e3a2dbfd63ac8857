import { describe, expect, it } from 'vitest'
import { applyStroke, brushFalloff, strokeStamps, type MaskBuf, type PhotoBuf, type Stroke } from '../../../src/renderer/lib/mask-brush'
import { canRedo, canUndo, newDoc, pushEdit, redo, renderDoc, undo } from '../../../src/renderer/lib/mask-history'
import { applyRegion, floodFrom } from '../../../src/renderer/lib/mask-region'

const mask = (w: number, h: number, v = 0): MaskBuf => ({ width: w, height: h, data: new Uint8Array(w * h).fill(v) })
const at = (m: MaskBuf, x: number, y: number) => m.data[y * m.width + x]
const stroke = (p: Partial<Stroke>): Stroke => ({ kind: 'stroke', mode: 'erase', size: 10, hardness: 1, snap: false, points: [[50, 50]], ...p })

/** Left half red (200,30,30), right half blue (30,30,200). */
function twoColours(w: number, h: number): PhotoBuf {
  const data = new Uint8Array(w * h * 4)
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const p = (y * w + x) * 4
      data.set(x < w / 2 ? [200, 30, 30, 255] : [30, 30, 200, 255], p)
    }
  return { width: w, height: h, data }
}

describe('brush falloff', () => {
  it('is 1 inside the hard core, 0 at the rim, 0.5 halfway through a soft edge', () => {
    expect(brushFalloff(0, 10, 0.5)).toBe(1)
    expect(brushFalloff(5, 10, 0.5)).toBe(1)
    expect(brushFalloff(7.5, 10, 0.5)).toBeCloseTo(0.5, 6)
    expect(brushFalloff(10, 10, 0.5)).toBe(0)
    // hardness 0: only the centre is full strength
    expect(brushFalloff(5, 10, 0)).toBeCloseTo(0.5, 6)
  })
})

describe('strokes', () => {
  it('a hard 10-px erase dab clears the disc of radius 5 and nothing else', () => {
    const m = mask(100, 100, 255)
    applyStroke(m, stroke({ points: [[50, 50]] }), null)
    let cleared = 0
    for (let y = 0; y < 100; y++) for (let x = 0; x < 100; x++) if (at(m, x, y) === 0) cleared++
    // π·5² ≈ 78.5 pixel centres inside the disc
    expect(cleared).toBeGreaterThanOrEqual(76)
    expect(cleared).toBeLessThanOrEqual(81)
    expect(at(m, 50, 50)).toBe(0)
    expect(at(m, 56, 50)).toBe(255)
  })

  it('a drag leaves a continuous band: every pixel on the path is cleared, 6 px off it is untouched', () => {
    const m = mask(200, 60, 255)
    applyStroke(m, stroke({ size: 8, points: [[10, 30], [190, 30]] }), null)
    for (let x = 10; x < 190; x++) expect(at(m, x, 30)).toBe(0)
    for (let x = 0; x < 200; x++) expect(at(m, x, 36)).toBe(255)
  })

  it('a soft restore dab ramps: full at the centre, partial on the edge, none outside', () => {
    const m = mask(100, 100, 0)
    applyStroke(m, stroke({ mode: 'restore', size: 40, hardness: 0, points: [[50, 50]] }), null)
    expect(at(m, 50, 50)).toBeGreaterThan(250)
    const mid = at(m, 59, 50) // ~9.5 px from centre of a 20-px radius: about half strength
    expect(mid).toBeGreaterThan(90)
    expect(mid).toBeLessThan(170)
    expect(at(m, 75, 50)).toBe(0)
  })

  it('overlapping stamps do not build up: a soft stroke passed over one point twice equals one pass', () => {
    const once = mask(100, 100, 255)
    const twice = mask(100, 100, 255)
    applyStroke(once, stroke({ size: 30, hardness: 0, points: [[20, 50], [80, 50]] }), null)
    applyStroke(twice, stroke({ size: 30, hardness: 0, points: [[20, 50], [80, 50], [20, 50]] }), null)
    expect(Array.from(twice.data)).toEqual(Array.from(once.data))
  })

  it('edge snapping: an erase stroke centred on red leaves the blue side alone', () => {
    const photo = twoColours(100, 40)
    const snapped = mask(100, 40, 255)
    const plain = mask(100, 40, 255)
    // centre 4 px left of the edge, 20 px brush: reaches 6 px into blue
    applyStroke(snapped, stroke({ size: 20, snap: true, points: [[46, 20]] }), photo)
    applyStroke(plain, stroke({ size: 20, snap: false, points: [[46, 20]] }), photo)
    expect(at(plain, 53, 20)).toBe(0)
    expect(at(snapped, 53, 20)).toBe(255) // blue differs by 240: weight e^-18
    expect(at(snapped, 44, 20)).toBe(0)
    expect(at(snapped, 48, 20)).toBe(0)
  })

  it('returns the touched box clipped to the mask', () => {
    const m = mask(50, 50, 255)
    expect(applyStroke(m, stroke({ size: 10, points: [[2, 2]] }), null)).toEqual([0, 0, 8, 8])
    expect(applyStroke(m, stroke({ points: [] }), null)).toBeNull()
  })

  it('stamps are at most size/8 apart', () => {
    const s = strokeStamps([[0, 0], [100, 0]], 16)
    for (let i = 1; i < s.length; i++) expect(s[i][0] - s[i - 1][0]).toBeLessThanOrEqual(2)
  })
})

describe('region picks', () => {
  it('removing a part clears only the connected blob under the click', () => {
    const m = mask(60, 20, 0)
    for (let y = 5; y < 15; y++) for (let x = 5; x < 15; x++) m.data[y * 60 + x] = 255 // blob A (100 px)
    for (let y = 5; y < 15; y++) for (let x = 40; x < 50; x++) m.data[y * 60 + x] = 200 // blob B
    expect(applyRegion(m, { kind: 'region', mode: 'erase', by: 'part', x: 42, y: 8, tolerance: 0 }, null)).toBe(100)
    expect(at(m, 45, 10)).toBe(0)
    expect(at(m, 10, 10)).toBe(255)
  })

  it('keeping a part fills a hole but not the background around the product', () => {
    const m = mask(30, 30, 0)
    for (let y = 5; y < 25; y++) for (let x = 5; x < 25; x++) m.data[y * 30 + x] = 255
    for (let y = 12; y < 16; y++) for (let x = 12; x < 16; x++) m.data[y * 30 + x] = 0 // 16-px hole
    expect(applyRegion(m, { kind: 'region', mode: 'restore', by: 'part', x: 13, y: 13, tolerance: 0 }, null)).toBe(16)
    expect(at(m, 2, 2)).toBe(0)
  })

  it('a colour flood stops at the tolerance: red floods, blue stays', () => {
    const photo = twoColours(40, 10)
    const m = mask(40, 10, 255)
    expect(applyRegion(m, { kind: 'region', mode: 'erase', by: 'colour', x: 3, y: 3, tolerance: 30 }, photo)).toBe(200)
    expect(at(m, 19, 5)).toBe(0)
    expect(at(m, 20, 5)).toBe(255)
  })

  it('flood is 4-connected and survives a 1-megapixel region without recursion', () => {
    const f = floodFrom(1000, 1000, 0, 0, () => true)
    expect(f.reduce((a, b) => a + b, 0)).toBe(1_000_000)
    // diagonal neighbours only: not connected
    const d = floodFrom(3, 3, 0, 0, (i) => i === 0 || i === 4)
    expect(Array.from(d)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0])
  })
})

describe('undo and redo', () => {
  it('replays edits from the base: undo restores the exact bytes, redo reapplies, a new edit drops the redo tail', () => {
    const base = mask(40, 40, 255)
    const a = stroke({ size: 6, points: [[10, 10], [30, 10]] })
    const b = stroke({ size: 6, points: [[10, 30], [30, 30]] })
    let doc = pushEdit(pushEdit(newDoc(base), a), b)
    expect(at(renderDoc(doc, null), 20, 30)).toBe(0)
    doc = undo(doc)
    expect(at(renderDoc(doc, null), 20, 30)).toBe(255)
    expect(at(renderDoc(doc, null), 20, 10)).toBe(0)
    expect(canRedo(doc)).toBe(true)
    doc = redo(doc)
    expect(at(renderDoc(doc, null), 20, 30)).toBe(0)
    doc = undo(undo(doc))
    expect(Array.from(renderDoc(doc, null).data)).toEqual(Array.from(base.data))
    expect(canUndo(doc)).toBe(false)
    doc = pushEdit(redo(doc), b)
    expect(doc.edits).toEqual([a, b].slice(0, 1).concat([b]))
    expect(canRedo(doc)).toBe(false)
    // the base is never written to
    expect(base.data.every((v) => v === 255)).toBe(true)
  })
})
