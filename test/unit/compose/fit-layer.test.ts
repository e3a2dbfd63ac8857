import { describe, expect, it } from 'vitest'
import { alphaBounds, fitScale, resampleRgba } from '../../../src/main/engine/steps/compose/fit-layer'

describe('fitting the text layer', () => {
  it('shrinks without dark fringes (premultiplied resampling)', () => {
    // White disc on transparent black: straight-alpha averaging would grey its rim.
    const w = 301
    const src = { width: w, height: w, data: new Uint8ClampedArray(w * w * 4) }
    let alphaSum = 0
    for (let y = 0; y < w; y++) {
      for (let x = 0; x < w; x++) {
        const a = Math.min(1, Math.max(0, 100.5 - Math.hypot(x - 150, y - 150)))
        if (a <= 0) continue
        src.data.set([255, 255, 255, Math.round(a * 255)], (y * w + x) * 4)
        alphaSum += Math.round(a * 255)
      }
    }
    for (const size of [97, 150, 211]) {
      const out = resampleRgba(src, size, size)
      let outAlpha = 0
      let darkest = 255
      for (let i = 0; i < out.data.length; i += 4) {
        if (out.data[i + 3] === 0) continue
        outAlpha += out.data[i + 3]
        darkest = Math.min(darkest, out.data[i], out.data[i + 1], out.data[i + 2])
      }
      expect(darkest).toBeGreaterThanOrEqual(254)
      // Coverage is preserved (area resampling).
      const scale = (size / w) ** 2
      expect(outAlpha / (alphaSum * scale)).toBeCloseTo(1, 1)
    }
  })

  it('trims and fits', () => {
    const img = { width: 10, height: 10, data: new Uint8ClampedArray(400) }
    img.data[(3 * 10 + 2) * 4 + 3] = 255
    img.data[(6 * 10 + 7) * 4 + 3] = 10
    expect(alphaBounds(img)).toEqual([2, 3, 6, 4])
    expect(alphaBounds({ width: 2, height: 2, data: new Uint8ClampedArray(16) })).toBeNull()
    expect(fitScale(200, 50, 100, 100)).toBe(0.5)
    expect(fitScale(50, 20, 1000, 1000)).toBe(1)
  })
})
