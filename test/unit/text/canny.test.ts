import { describe, expect, it } from 'vitest'
import { cannyEdges, cannyGray } from '../../../src/main/engine/steps/text/canny'
import { createRgba } from '../../../src/main/engine/image/raster'

describe('canny', () => {
  it('finds the border of a square and nothing else', () => {
    const img = createRgba(64, 64)
    for (let y = 20; y < 44; y++) {
      for (let x = 16; x < 40; x++) img.data.set([255, 255, 255, 255], (y * 64 + x) * 4)
    }
    const edges = cannyEdges(img)
    let on = 0
    const sides = { top: 0, bottom: 0, left: 0, right: 0 }
    for (let y = 0; y < 64; y++) {
      for (let x = 0; x < 64; x++) {
        if (!edges[y * 64 + x]) continue
        on++
        // distance to the square's outline (the boundary between pixel 15|16, 39|40, 19|20, 43|44)
        const dx = Math.min(Math.abs(x - 15.5), Math.abs(x - 39.5))
        const dy = Math.min(Math.abs(y - 19.5), Math.abs(y - 43.5))
        const insideX = x >= 14 && x <= 41
        const insideY = y >= 18 && y <= 45
        const nearVertical = dx <= 1.5 && insideY
        const nearHorizontal = dy <= 1.5 && insideX
        expect(nearVertical || nearHorizontal, `edge at ${x},${y}`).toBe(true)
        if (nearHorizontal && y < 32) sides.top++
        if (nearHorizontal && y > 32) sides.bottom++
        if (nearVertical && x < 28) sides.left++
        if (nearVertical && x > 28) sides.right++
      }
    }
    for (const [side, n] of Object.entries(sides)) expect(n, side).toBeGreaterThanOrEqual(18)
    // One-pixel-wide outline: roughly the perimeter, not a thick band.
    expect(on).toBeGreaterThan(80)
    expect(on).toBeLessThan(4 * 24 * 2)
    expect(edges.every((v) => v === 0 || v === 255)).toBe(true)
  })

  it('gives no edges on a flat image', () => {
    const flat = new Float32Array(32 * 32).fill(0.5)
    expect(cannyGray(flat, 32, 32).some((v) => v)).toBe(false)
  })

  it('sees an edge in alpha alone (dark letters on transparency)', () => {
    const img = createRgba(40, 40)
    for (let y = 10; y < 30; y++) for (let x = 10; x < 30; x++) img.data.set([0, 0, 0, 255], (y * 40 + x) * 4)
    expect(cannyEdges(img).filter((v) => v).length).toBeGreaterThan(40)
  })
})
