import { describe, expect, it } from 'vitest'
import type { RgbaImage } from '../../../src/main/engine/image/raster'
import { hasMeaningfulAlpha } from '../../../src/main/engine/steps/segment/alpha-detect'

/** 100×100 image whose alpha is given per pixel. */
function withAlpha(alpha: (x: number, y: number) => number): RgbaImage {
  const w = 100
  const h = 100
  const data = new Uint8ClampedArray(w * h * 4).fill(128)
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[(y * w + x) * 4 + 3] = alpha(x, y)
  return { width: w, height: h, data }
}

describe('hasMeaningfulAlpha', () => {
  it('is true for a cutout: product opaque, surround transparent', () => {
    expect(hasMeaningfulAlpha(withAlpha((x, y) => (Math.hypot(x - 50, y - 50) < 30 ? 255 : 0)))).toBe(true)
  })

  it('is true just above 1% each way and false just below', () => {
    // 100 transparent pixels = 1% of 10 000
    expect(hasMeaningfulAlpha(withAlpha((x, y) => (y === 0 ? 0 : 255)))).toBe(true)
    expect(hasMeaningfulAlpha(withAlpha((x, y) => (y === 0 && x < 99 ? 0 : 255)))).toBe(false)
    expect(hasMeaningfulAlpha(withAlpha((x, y) => (y === 0 ? 255 : 0)))).toBe(true)
    expect(hasMeaningfulAlpha(withAlpha((x, y) => (y === 0 && x < 99 ? 255 : 0)))).toBe(false)
  })

  it('is false for a fully opaque PNG', () => {
    expect(hasMeaningfulAlpha(withAlpha(() => 255))).toBe(false)
  })

  it('is false for an opaque PNG with a few stray semi-transparent pixels', () => {
    expect(hasMeaningfulAlpha(withAlpha((x, y) => (x < 3 && y < 3 ? 40 : (x + y) % 97 === 0 ? 180 : 255)))).toBe(false)
  })

  it('is false for an all-transparent image', () => {
    expect(hasMeaningfulAlpha(withAlpha(() => 0))).toBe(false)
  })

  it('does not count mid alpha (128..200) as either side', () => {
    expect(hasMeaningfulAlpha(withAlpha((x) => (x < 50 ? 150 : 255)))).toBe(false)
    expect(hasMeaningfulAlpha(withAlpha((x) => (x < 50 ? 150 : 0)))).toBe(false)
  })

  it('is false for an empty image', () => {
    expect(hasMeaningfulAlpha({ width: 0, height: 0, data: new Uint8ClampedArray(0) })).toBe(false)
  })
})
