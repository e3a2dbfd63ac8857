import { describe, expect, it } from 'vitest'
import { candidateBoxes, scoreCandidates } from '../../../src/main/engine/steps/compose/auto-position'
import { composeAd } from '../../../src/main/engine/steps/compose/compose-ad'
import { buildDetailMap } from '../../../src/main/engine/steps/compose/detail-map'
import { addDisc, flatScene, halfBusyScene, textLayer } from './fixtures'

const white = textLayer(400, 100, [255, 255, 255], 2)

describe('auto position', () => {
  it('puts the text in the calm half: busy bottom -> top', () => {
    const scene = halfBusyScene(640, 640, 'bottom')
    const mask = addDisc(scene, 320, 320, 110)
    const r = composeAd({ scene, productMask: mask, textLayer: white, mode: 'overlay', position: 'auto' })
    expect(r.position).toBe('top')
    expect(r.productCoverage).toBeLessThanOrEqual(0.05)
  })

  it('busy top -> bottom', () => {
    const scene = halfBusyScene(640, 640, 'top')
    const mask = addDisc(scene, 320, 320, 110)
    const r = composeAd({ scene, productMask: mask, textLayer: white, mode: 'overlay', position: 'auto' })
    expect(r.position).toBe('bottom')
    expect(r.productCoverage).toBeLessThanOrEqual(0.05)
  })

  it('a wide banner with the product on the right takes the left', () => {
    const scene = flatScene(1200, 628, [60, 70, 90])
    const mask = addDisc(scene, 900, 314, 230)
    const r = composeAd({ scene, productMask: mask, textLayer: white, mode: 'overlay', position: 'auto' })
    expect(r.position).toBe('left')
    expect(r.textBox[0] + r.textBox[2]).toBeLessThan(900 - 230)
    expect(r.productCoverage).toBe(0)
  })

  it('and with the product on the left, the right', () => {
    const scene = flatScene(1200, 628, [60, 70, 90])
    const mask = addDisc(scene, 300, 314, 230)
    const r = composeAd({ scene, productMask: mask, textLayer: white, mode: 'overlay', position: 'auto' })
    expect(r.position).toBe('right')
  })

  it('scores free space, product overlap and contrast separately', () => {
    const scene = halfBusyScene(640, 640, 'bottom')
    const mask = addDisc(scene, 320, 320, 110)
    const map = buildDetailMap(scene, mask)
    const cands = candidateBoxes(640, 640, 400, 100, 'auto')
    const scored = scoreCandidates(map, cands, { textLuminance: 1, mode: 'overlay' })
    const best = (p: string) => scored.find((c) => c.position === p && c.offset === 0)!
    expect(best('top').detail).toBeLessThan(best('bottom').detail / 4)
    expect(best('top').free).toBeGreaterThan(0.8)
    expect(best('center').productShare).toBeGreaterThan(0.05)
    expect(best('center').rejected).toBe(true)
    expect(best('top').productShare).toBe(0)
    // Sorted best first.
    for (let i = 1; i < scored.length; i++) expect(scored[i - 1].total).toBeGreaterThanOrEqual(scored[i].total)
    // Contrast: white text reads better on dark than on light.
    const dark = scoreCandidates(buildDetailMap(flatScene(512, 512, [10, 10, 10]), null), cands.slice(0, 1), { textLuminance: 1, mode: 'overlay' })
    const light = scoreCandidates(buildDetailMap(flatScene(512, 512, [240, 240, 240]), null), cands.slice(0, 1), { textLuminance: 1, mode: 'overlay' })
    expect(dark[0].contrast).toBeGreaterThan(15)
    expect(light[0].contrast).toBeLessThan(1.2)
    expect(dark[0].total).toBeGreaterThan(light[0].total)
  })

  it('allows overlap in behind mode', () => {
    const scene = flatScene(640, 640, [40, 40, 60])
    const mask = addDisc(scene, 320, 320, 130)
    const r = composeAd({ scene, productMask: mask, textLayer: white, mode: 'behind', position: 'center' })
    expect(r.candidates!.some((c) => c.productShare > 0.05 && !c.rejected)).toBe(true)
  })

  it('honours an explicit position', () => {
    const scene = halfBusyScene(640, 640, 'bottom')
    for (const position of ['top', 'center', 'bottom'] as const) {
      const r = composeAd({ scene, productMask: null, textLayer: white, mode: 'overlay', position })
      expect(r.position).toBe(position)
    }
  })
})
