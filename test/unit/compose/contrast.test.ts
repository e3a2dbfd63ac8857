import { describe, expect, it } from 'vitest'
import {
  boxLuminanceStats,
  contrastAgainst,
  contrastRatio,
  dominantTextColor,
  relativeLuminance,
} from '../../../src/main/engine/steps/compose/contrast'
import { flatScene, textLayer } from './fixtures'

describe('WCAG contrast math', () => {
  it('matches the WCAG reference values', () => {
    expect(contrastRatio([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 6)
    expect(contrastRatio([255, 255, 255], [255, 255, 255])).toBe(1)
    expect(Math.abs(contrastRatio([0x77, 0x77, 0x77], [255, 255, 255]) - 4.48)).toBeLessThanOrEqual(0.01)
    expect(Math.abs(contrastRatio([0x76, 0x76, 0x76], [255, 255, 255]) - 4.54)).toBeLessThanOrEqual(0.01)
  })

  it('is symmetric and accepts luminances', () => {
    expect(contrastRatio([255, 255, 255], [0, 0, 0])).toBeCloseTo(21, 6)
    expect(contrastRatio(1, 0)).toBeCloseTo(21, 6)
    expect(contrastRatio(relativeLuminance([0x77, 0x77, 0x77]), [255, 255, 255])).toBeCloseTo(
      contrastRatio([0x77, 0x77, 0x77], [255, 255, 255]),
      9,
    )
  })

  it('weights the primaries as Rec. 709 / WCAG do', () => {
    expect(relativeLuminance([255, 0, 0])).toBeCloseTo(0.2126, 6)
    expect(relativeLuminance([0, 255, 0])).toBeCloseTo(0.7152, 6)
    expect(relativeLuminance([0, 0, 255])).toBeCloseTo(0.0722, 6)
    expect(relativeLuminance([0, 0, 0])).toBe(0)
    expect(relativeLuminance([255, 255, 255])).toBeCloseTo(1, 6)
  })

  it('judges a busy background by its extremes', () => {
    // Half black, half white: the mean alone would flatter white text.
    const img = flatScene(100, 10, [0, 0, 0])
    for (let i = 0; i < img.data.length; i += 8) img.data.fill(255, i, i + 3)
    const stats = boxLuminanceStats(img, [0, 0, 100, 10])
    expect(stats.p10).toBeLessThan(0.01)
    expect(stats.p90).toBeGreaterThan(0.99)
    expect(contrastAgainst(1, stats)).toBeLessThan(1.1)
  })

  it('takes the text colour from its opaque pixels', () => {
    const layer = textLayer(200, 60, [200, 150, 20])
    const c = dominantTextColor(layer)
    expect(c[0]).toBeCloseTo(200, 0)
    expect(c[1]).toBeCloseTo(150, 0)
    expect(c[2]).toBeCloseTo(20, 0)
  })
})
