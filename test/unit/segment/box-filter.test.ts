import { describe, expect, it } from 'vitest'
import { boxFilter } from '../../../src/main/engine/steps/segment/box-filter'
import { rng } from './synthetic'

/** Direct window mean with the same border rule (clip and divide by the in-image count). */
function bruteBox(src: Float32Array, w: number, h: number, r: number): Float64Array {
  const out = new Float64Array(w * h)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let sum = 0
      let count = 0
      for (let yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
        for (let xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
          sum += src[yy * w + xx]
          count++
        }
      }
      out[y * w + x] = sum / count
    }
  }
  return out
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]))
  return m
}

describe('boxFilter', () => {
  const rand = rng(1)
  const cases: Array<[number, number, number]> = [
    [37, 23, 1],
    [37, 23, 3],
    [64, 48, 7],
    [20, 50, 12], // radius wider than half the width
    [9, 5, 30], // radius wider than the whole image
    [1, 17, 2],
    [17, 1, 2],
  ]
  for (const [w, h, r] of cases) {
    it(`matches a brute-force window mean on random data (${w}x${h}, r=${r})`, () => {
      const src = new Float32Array(w * h)
      for (let i = 0; i < src.length; i++) src[i] = rand()
      expect(maxAbsDiff(boxFilter(src, w, h, r), bruteBox(src, w, h, r))).toBeLessThan(1e-5)
    })
  }

  it('filters in place when out is the source', () => {
    const w = 31
    const h = 19
    const src = new Float32Array(w * h)
    for (let i = 0; i < src.length; i++) src[i] = rand() * 10 - 5
    const expected = bruteBox(src, w, h, 4)
    boxFilter(src, w, h, 4, src)
    expect(maxAbsDiff(src, expected)).toBeLessThan(1e-5)
  })

  it('keeps a constant plane exactly constant, borders included', () => {
    const src = new Float32Array(40 * 30).fill(0.7)
    const out = boxFilter(src, 40, 30, 6)
    expect(maxAbsDiff(out, src)).toBeLessThan(1e-7)
  })

  it('radius 0 is the identity', () => {
    const src = new Float32Array([1, 2, 3, 4, 5, 6])
    expect(Array.from(boxFilter(src, 3, 2, 0))).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('rejects a plane whose length does not match its size', () => {
    expect(() => boxFilter(new Float32Array(10), 3, 3, 1)).toThrow(RangeError)
  })
})
