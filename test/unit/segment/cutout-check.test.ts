import { describe, expect, it } from 'vitest'
import type { Mask } from '../../../src/main/engine/image/raster'
import { checkCutout } from '../../../src/main/engine/steps/segment/cutout-check'

function mask(w: number, h: number, paint: (x: number, y: number) => number): Mask {
  const data = new Float32Array(w * h)
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = paint(x, y)
  return { width: w, height: h, data }
}
const disc = (cx: number, cy: number, r: number) => (x: number, y: number) => (Math.hypot(x - cx, y - cy) <= r ? 1 : 0)

describe('cutout check', () => {
  it('a centred bottle-sized product with a hard rim is not doubtful', () => {
    const c = checkCutout(mask(400, 300, (x, y) => (x >= 150 && x < 250 && y >= 60 && y < 260 ? 1 : 0)))
    expect(c.doubtful).toBe(false)
    expect(c.area_share).toBeCloseTo((100 * 200) / (400 * 300), 2)
    expect(c.borders_touched).toBe(0)
    expect(c.large_parts).toBe(1)
  })

  it('a mask that took the backdrop runs off all four sides and covers most of the photo', () => {
    const c = checkCutout(mask(400, 300, (x, y) => (x > 20 && x < 60 && y > 20 && y < 60 ? 0 : 1)))
    expect(c.borders_touched).toBe(4)
    expect(c.reasons).toEqual(['borders', 'area'])
  })

  it('a product standing on the bottom edge touches one side only and passes', () => {
    const c = checkCutout(mask(400, 300, (x, y) => (x >= 120 && x < 280 && y >= 100 ? 1 : 0)))
    expect(c.borders_touched).toBe(1)
    expect(c.doubtful).toBe(false)
  })

  it('nothing found: area under 0.5%', () => {
    const c = checkCutout(mask(400, 300, disc(200, 150, 5)))
    expect(c.area_share).toBeLessThan(0.005)
    expect(c.reasons).toEqual(['area'])
  })

  it('a wide soft band: a matte that fades over 40 px flags soft_band', () => {
    const c = checkCutout(mask(400, 300, (x, y) => Math.max(0, Math.min(1, (80 - Math.hypot(x - 200, y - 150)) / 60))))
    expect(c.soft_band_share).toBeGreaterThan(0.25)
    expect(c.reasons).toContain('soft_band')
  })

  it('two objects on a tray pass; three large separate blobs are flagged, a speck does not count', () => {
    const two = checkCutout(mask(400, 300, (x, y) => disc(120, 150, 50)(x, y) || disc(280, 150, 50)(x, y)))
    expect(two.large_parts).toBe(2)
    expect(two.doubtful).toBe(false)
    const three = checkCutout(mask(400, 300, (x, y) => disc(80, 150, 40)(x, y) || disc(200, 150, 40)(x, y) || disc(320, 150, 30)(x, y) || disc(200, 20, 3)(x, y)))
    expect(three.large_parts).toBe(3)
    expect(three.reasons).toEqual(['parts'])
  })

  it('judges a 12-megapixel-sized matte on a 256 grid (same verdict as full size)', () => {
    const big = checkCutout(mask(4000, 3000, (x, y) => (x >= 1500 && x < 2500 && y >= 600 && y < 2600 ? 1 : 0)))
    expect(big.doubtful).toBe(false)
    expect(big.area_share).toBeCloseTo(0.1667, 2)
  })
})
