import { describe, expect, it } from 'vitest'
import type { Mask } from '../../../src/main/engine/image/raster'
import { refineMatte, refineMatteWithStats } from '../../../src/main/engine/steps/segment/refine-matte'
import { addNoise, emptyMask, flatPhoto, gaussianBlur, iou, paintDisc, paintRect, photoFromMask, rng } from './synthetic'

const S = 512

/** The raw map a network might give: the true shape, blurred, with noise and salt specks. */
function networkLike(truth: Mask, sigma: number, noise: number, seed: number): Mask {
  const raw = addNoise(gaussianBlur(truth, sigma), noise, seed)
  const rand = rng(seed + 1)
  for (let k = 0; k < 60; k++) {
    const i = Math.floor(rand() * raw.data.length)
    if (truth.data[i] === 0) raw.data[i] = 0.95
  }
  return raw
}

function sum(m: Mask): number {
  let s = 0
  for (const v of m.data) s += v
  return s
}

/** Every pixel at Chebyshev distance ≥ margin inside the rect is exactly 1, outside exactly 0. */
function expectExactAwayFromEdge(m: Mask, [x0, y0, w, h]: [number, number, number, number], margin: number): void {
  let wrongInside = 0
  let wrongOutside = 0
  for (let y = 0; y < m.height; y++) {
    for (let x = 0; x < m.width; x++) {
      const v = m.data[y * m.width + x]
      const inside = x >= x0 + margin && x < x0 + w - margin && y >= y0 + margin && y < y0 + h - margin
      const outside = x < x0 - margin || x >= x0 + w + margin || y < y0 - margin || y >= y0 + h + margin
      if (inside && v !== 1) wrongInside++
      if (outside && v !== 0) wrongOutside++
    }
  }
  expect(wrongInside).toBe(0)
  expect(wrongOutside).toBe(0)
}

function expectInRange(m: Mask): void {
  let bad = 0
  for (const v of m.data) if (!(v >= 0 && v <= 1)) bad++
  expect(bad).toBe(0)
}

/** Fractional pixels (10–90%) along row y left of `xEnd`: the width of one vertical edge. */
function edgeWidth(m: Mask, y: number, xEnd = m.width / 2): number {
  let c = 0
  for (let x = 0; x < xEnd; x++) {
    const v = m.data[y * m.width + x]
    if (v > 0.1 && v < 0.9) c++
  }
  return c
}

describe('refineMatte', () => {
  const squareBox: [number, number, number, number] = [150, 130, 212, 240]
  const square = paintRect(emptyMask(S, S), ...squareBox)

  it('recovers a square from a blurred, noisy, speckled map (IoU ≥ 0.98, exact interior and background)', () => {
    const raw = networkLike(square, 2, 0.2, 1)
    const out = refineMatte(raw, photoFromMask(square))
    expect(iou(out, square)).toBeGreaterThanOrEqual(0.98)
    expectExactAwayFromEdge(out, squareBox, 12)
    expectInRange(out)
  })

  it('still recovers the square when the photo carries no edge information', () => {
    const raw = networkLike(square, 2, 0.2, 2)
    const out = refineMatte(raw, flatPhoto(S, S))
    expect(iou(out, square)).toBeGreaterThanOrEqual(0.98)
    expectExactAwayFromEdge(out, squareBox, 12)
  })

  it('sharpens a soft network edge where the photo has a sharp one', () => {
    const raw = gaussianBlur(square, 2.5)
    const out = refineMatte(raw, photoFromMask(square))
    const y = 250
    expect(edgeWidth(raw, y)).toBeGreaterThanOrEqual(6)
    expect(edgeWidth(out, y)).toBeLessThanOrEqual(4)
    // the edge stays on the photo's edge
    expect(out.data[y * S + 148]).toBeLessThan(0.5)
    expect(out.data[y * S + 151]).toBeGreaterThan(0.5)
  })

  it('snaps a slightly misplaced network edge to the photo\'s edge', () => {
    // the network puts the left edge 1 px too far right
    const raw = gaussianBlur(paintRect(emptyMask(S, S), 151, 130, 211, 240), 1.5)
    const out = refineMatte(raw, photoFromMask(square))
    const y = 250
    expect(out.data[y * S + 149]).toBeLessThan(0.02)
    expect(out.data[y * S + 150]).toBeGreaterThan(0.5)
    expect(iou(out, square)).toBeGreaterThanOrEqual(0.99)
  })

  it('keeps the network\'s edge, barely softened, where the photo has none', () => {
    const raw = gaussianBlur(square, 1.5)
    const out = refineMatte(raw, flatPhoto(S, S))
    expect(edgeWidth(out, 250)).toBeLessThanOrEqual(edgeWidth(raw, 250))
    expect(iou(out, square)).toBeGreaterThanOrEqual(0.99)
  })

  it('drops specks and keeps the disc area within 1%', () => {
    const disc = paintDisc(emptyMask(S, S), 256, 256, 150)
    const raw = gaussianBlur(disc, 1.5)
    const rand = rng(5)
    for (let k = 0; k < 40; k++) {
      const x = Math.floor(rand() * (S - 3))
      const y = Math.floor(rand() * (S - 3))
      if (Math.hypot(x - 256, y - 256) < 170) continue
      for (let d = 0; d < 3; d++) raw.data[(y + d) * S + x + d] = 1
    }
    const { mask, stats } = refineMatteWithStats(raw, photoFromMask(disc))
    expect(stats.islandsRemoved).toBeGreaterThan(20)
    expect(stats.piecesKept).toBe(1)
    expect(Math.abs(sum(mask) - sum(disc)) / sum(disc)).toBeLessThan(0.01)
    // no speck survives as a faint smudge either
    let strays = 0
    for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) if (Math.hypot(x - 256, y - 256) > 165 && mask.data[y * S + x] !== 0) strays++
    expect(strays).toBe(0)
  })

  it('keeps both objects of a tray', () => {
    const tray = emptyMask(S, S)
    paintDisc(tray, 140, 256, 90)
    paintRect(tray, 300, 150, 150, 200)
    const { mask, stats } = refineMatteWithStats(gaussianBlur(tray, 1.5), photoFromMask(tray))
    expect(stats.piecesKept).toBe(2)
    expect(mask.data[256 * S + 140]).toBe(1)
    expect(mask.data[250 * S + 375]).toBe(1)
    expect(mask.data[256 * S + 265]).toBe(0) // the gap between them
    expect(iou(mask, tray)).toBeGreaterThanOrEqual(0.98)
  })

  it('keeps a ring opening transparent and fills pin holes', () => {
    const ring = paintDisc(emptyMask(S, S), 256, 256, 180)
    paintDisc(ring, 256, 256, 70, 0)
    // pin holes as the network leaves them: sharp drop-outs in an otherwise soft map
    const raw = gaussianBlur(ring, 1)
    paintRect(raw, 256, 120, 2, 2, 0)
    paintRect(raw, 140, 256, 3, 3, 0)
    paintRect(raw, 360, 300, 2, 3, 0)
    const { mask, stats } = refineMatteWithStats(raw, photoFromMask(ring))
    expect(stats.holesFilled).toBe(3)
    expect(stats.openingsKept).toBe(1)
    for (let y = 0; y < S; y++) {
      for (let x = 0; x < S; x++) {
        const d = Math.hypot(x + 0.5 - 256, y + 0.5 - 256)
        if (d < 60) expect(mask.data[y * S + x]).toBe(0)
      }
    }
    expect(mask.data[121 * S + 257]).toBe(1)
    expect(mask.data[257 * S + 141]).toBe(1)
    expect(mask.data[301 * S + 361]).toBe(1)
    expect(iou(mask, ring)).toBeGreaterThanOrEqual(0.98)
  })

  it('refines large photos at a working resolution with the same result', () => {
    const w = 1024
    const h = 768
    const box: [number, number, number, number] = [300, 200, 420, 380]
    const truth = paintRect(emptyMask(w, h), ...box)
    const raw = gaussianBlur(truth, 3)
    const photo = photoFromMask(truth)
    const full = refineMatteWithStats(raw, photo)
    const fast = refineMatteWithStats(raw, photo, { maxWorkingPixels: 250_000 })
    expect(full.stats.workingScale).toBe(1)
    expect(fast.stats.workingScale).toBe(1 / 2)
    expect(fast.stats.radius).toBe(full.stats.radius)
    expect(iou(fast.mask, truth)).toBeGreaterThanOrEqual(0.99)
    expect(iou(fast.mask, full.mask)).toBeGreaterThanOrEqual(0.99)
    // the edge is rebuilt from the full-resolution photo, not blown up from the working copy
    expect(edgeWidth(fast.mask, 400)).toBeLessThanOrEqual(4)
    expectExactAwayFromEdge(fast.mask, box, 24)
    expectInRange(fast.mask)
  })

  it('handles an empty and a full map', () => {
    const photo = flatPhoto(64, 48)
    const none = refineMatte(emptyMask(64, 48), photo)
    expect(sum(none)).toBe(0)
    const all = refineMatte({ width: 64, height: 48, data: new Float32Array(64 * 48).fill(1) }, photo)
    expect(sum(all)).toBe(64 * 48)
  })

  it('is deterministic and leaves its inputs alone', () => {
    const raw = networkLike(square, 2, 0.2, 3)
    const copy = raw.data.slice()
    const photo = photoFromMask(square)
    const a = refineMatte(raw, photo)
    const b = refineMatte(raw, photo)
    expect(Buffer.from(a.data.buffer).equals(Buffer.from(b.data.buffer))).toBe(true)
    expect(Buffer.from(raw.data.buffer).equals(Buffer.from(copy.buffer))).toBe(true)
  })

  it('rejects a map whose size differs from the photo', () => {
    expect(() => refineMatte(emptyMask(10, 10), flatPhoto(10, 11))).toThrow(RangeError)
  })
})
