import { describe, expect, it } from 'vitest'
import type { Mask } from '../../../src/main/engine/image/raster'
import { boxFilter } from '../../../src/main/engine/steps/segment/box-filter'
import { guidedFilter, guidedFilterCoefficients } from '../../../src/main/engine/steps/segment/guided-filter'
import { gaussianBlur, rng } from './synthetic'

function plane(width: number, height: number, f: (x: number, y: number) => number): Mask {
  const data = new Float32Array(width * height)
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = f(x, y)
  return { width, height, data }
}

/** Pixels of row `y` strictly between `lo` and `hi`: the width of the edge's core. */
function transitionWidth(m: Mask, y: number, lo = 0.25, hi = 0.75): number {
  let c = 0
  for (let x = 0; x < m.width; x++) {
    const v = m.data[y * m.width + x]
    if (v > lo && v < hi) c++
  }
  return c
}

function steepestStep(m: Mask, y: number): number {
  let s = 0
  for (let x = 1; x < m.width; x++) s = Math.max(s, Math.abs(m.data[y * m.width + x] - m.data[y * m.width + x - 1]))
  return s
}

describe('guidedFilter', () => {
  it('returns a constant input unchanged whatever the guide', () => {
    const rand = rng(3)
    const guide = plane(48, 32, () => rand())
    const input = plane(48, 32, () => 0.625)
    const out = guidedFilter(guide, input, 4, 1e-3)
    for (const v of out.data) expect(v).toBeCloseTo(0.625, 5)
  })

  it('returns the input on a constant image (constant guide and input)', () => {
    const c = plane(40, 40, () => 0.3)
    const out = guidedFilter(c, c, 3, 1e-2)
    for (const v of out.data) expect(v).toBeCloseTo(0.3, 6)
  })

  it('is close to the identity when the guide is the input and eps is tiny', () => {
    const rand = rng(5)
    const img = plane(40, 30, () => rand())
    const out = guidedFilter(img, img, 2, 1e-6)
    let maxDiff = 0
    for (let i = 0; i < img.data.length; i++) maxDiff = Math.max(maxDiff, Math.abs(out.data[i] - img.data[i]))
    expect(maxDiff).toBeLessThan(0.01)
  })

  it('sharpens a blurry matte edge that coincides with a sharp guide edge', () => {
    const w = 128
    const h = 24
    const step = plane(w, h, (x) => (x >= 64 ? 1 : 0))
    const guide = plane(w, h, (x) => (x >= 64 ? 0.8 : 0.2))
    // A network-like soft edge (σ = 2.5 px) and the default radius at 1024 px.
    const blurry = gaussianBlur(step, 2.5)
    const out = guidedFilter(guide, blurry, 4, 1e-3)
    expect(transitionWidth(blurry, 12)).toBeGreaterThanOrEqual(4)
    expect(transitionWidth(out, 12)).toBe(0)
    expect(steepestStep(out, 12)).toBeGreaterThan(3 * steepestStep(blurry, 12))
    // the edge stays where the guide has it
    expect(out.data[12 * w + 62]).toBeLessThan(0.5)
    expect(out.data[12 * w + 65]).toBeGreaterThan(0.5)
    // and alpha stays in range (a linear model of a step guide cannot overshoot it much)
    for (const v of out.data) {
      expect(v).toBeGreaterThanOrEqual(-1e-3)
      expect(v).toBeLessThanOrEqual(1 + 1e-3)
    }
  })

  it('smooths rather than follows guide texture weaker than eps', () => {
    const rand = rng(9)
    const w = 64
    const h = 64
    const input = plane(w, h, (x) => (x >= 32 ? 1 : 0))
    // ±2/255 noise: variance ~1e-5, far below eps, so the output must not pick it up
    const guide = plane(w, h, () => 0.5 + (rand() - 0.5) * (4 / 255))
    const out = guidedFilter(guide, input, 3, 1e-2)
    for (let y = 0; y < h; y++) {
      expect(out.data[y * w + 5]).toBeCloseTo(0, 3)
      expect(out.data[y * w + 58]).toBeCloseTo(1, 3)
    }
  })

  it('computes, bit for bit, what one box filter per plane computes', () => {
    // The textbook sequence: six separate box means and float32 planes in between. The fused
    // passes must not change a single bit of it (mattes are compared byte for byte).
    const reference = (I: Float32Array, p: Float32Array, w: number, h: number, r: number, eps: number) => {
      const meanI = boxFilter(I, w, h, r)
      const meanP = boxFilter(p, w, h, r)
      const ip = boxFilter(I.map((g, i) => g * p[i]), w, h, r)
      const ii = boxFilter(I.map((g) => g * g), w, h, r)
      const a = new Float32Array(w * h)
      const b = new Float32Array(w * h)
      const conf = new Float32Array(w * h)
      for (let i = 0; i < w * h; i++) {
        const variance = Math.max(0, ii[i] - meanI[i] * meanI[i])
        const ai = (ip[i] - meanI[i] * meanP[i]) / (variance + eps)
        a[i] = ai
        b[i] = meanP[i] - ai * meanI[i]
        conf[i] = variance / (variance + eps)
      }
      return { meanA: boxFilter(a, w, h, r), meanB: boxFilter(b, w, h, r), confidence: conf }
    }
    const rand = rng(21)
    for (const [w, h] of [
      [53, 37],
      [8, 70],
      [3, 3],
    ]) {
      const guide = plane(w, h, () => Math.round(rand() * 255) / 255)
      const input = plane(w, h, (x, y) => (x + y > (w + h) / 2 ? 1 : rand() < 0.1 ? rand() : 0))
      for (const r of [0, 1, 2, 4, 5, 60]) {
        const got = guidedFilterCoefficients(guide, input, r, 2e-3, true)
        const want = reference(guide.data, input.data, w, h, r, 2e-3)
        expect(Array.from(got.meanA)).toEqual(Array.from(want.meanA))
        expect(Array.from(got.meanB)).toEqual(Array.from(want.meanB))
        expect(Array.from(got.confidence!)).toEqual(Array.from(want.confidence))
      }
    }
  })

  it('rejects mismatched sizes', () => {
    expect(() => guidedFilter(plane(4, 4, () => 0), plane(4, 5, () => 0), 1, 1e-3)).toThrow(RangeError)
  })
})
