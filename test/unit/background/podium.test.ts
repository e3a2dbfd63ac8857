import { describe, expect, it } from 'vitest'
import { createRgba } from '../../../src/main/engine/image/raster'
import { drawPodium, podiumFromPrompt, podiumTop } from '../../../src/main/engine/steps/background/podium'

describe('podium', () => {
  it.each([
    ['marble podium, soft light', 'cylinder'],
    ['product on a pedestal', 'cylinder'],
    ['포디움 파스텔', 'cylinder'],
    ['원형 받침대', 'cylinder'],
    ['pastel stacked discs', 'discs'],
    ['concrete cube', 'cube'],
    ['큐브 받침', 'cube'],
    ['marble table', null],
    ['standard studio', null],
  ])('"%s" → %s', (prompt, kind) => {
    expect(podiumFromPrompt(prompt)).toBe(kind)
  })

  it('stands on the floor line, its top face where the product goes, its shadow on the floor', () => {
    const img = createRgba(400, 400)
    for (let i = 0; i < 400 * 400; i++) img.data.set([120, 120, 120, 255], i * 4)
    const spec = { kind: 'cylinder' as const, cx: 200, rx: 100, floorY: 320, height: 60 }
    drawPodium(img, spec, { azimuthDeg: 135, elevationDeg: 45, softness: 0.4, color: [255, 255, 255] }, [230, 230, 230])
    const px = (x: number, y: number) => img.data[(y * 400 + x) * 4]
    expect(podiumTop(spec)).toBe(260)
    // Top face and body are the podium's light colour; outside it the floor is untouched or shadowed.
    expect(px(200, 262)).toBeGreaterThan(200)
    expect(px(200, 300)).toBeGreaterThan(150)
    expect(px(20, 200)).toBe(120)
    // Contact shadow just beyond the base's rim.
    expect(px(200, 320 + 100 * 0.16 + 4)).toBeLessThan(120)
  })
})
