import { describe, expect, it } from 'vitest'
import { composeAd } from '../../../src/main/engine/steps/compose/compose-ad'
import { contrastRatio } from '../../../src/main/engine/steps/compose/contrast'
import { flatScene, pixel, rng, textLayer } from './fixtures'

describe('legibility guard', () => {
  it('white text on a white scene gets a guard that reaches 4.5:1', () => {
    const scene = flatScene(800, 800, [255, 255, 255])
    const r = composeAd({ scene, productMask: null, textLayer: textLayer(500, 120, [255, 255, 255]), mode: 'overlay', position: 'top' })
    expect(r.legibility.guard).not.toBe('none')
    expect(r.legibility.contrastBefore).toBeCloseTo(1, 5)
    expect(r.legibility.contrastAfter).toBeGreaterThanOrEqual(4.5)
    // The guard is really there: just above the text box the scene is no longer white.
    const [bx, by, bw] = r.textBox
    const above = pixel(r.image, bx + bw / 2, by - 3)
    expect(contrastRatio([255, 255, 255], above.slice(0, 3))).toBeGreaterThanOrEqual(4.5)
  })

  it('escalates to a plate when an outline and a soft shadow cannot work', () => {
    const white = composeAd({ scene: flatScene(800, 800, [250, 250, 250]), productMask: null, textLayer: textLayer(500, 120, [255, 255, 255]), mode: 'overlay', position: 'top' })
    expect(white.legibility.guard).toBe('plate')
    const [bx, by, bw, bh] = white.textBox
    // The plate lies behind the whole box, not just around the letters.
    const mid = pixel(white.image, bx + bw / 2, by + bh + 4)
    expect(contrastRatio([255, 255, 255], mid.slice(0, 3))).toBeGreaterThanOrEqual(4.5)
  })

  it('guards dark text with a light colour', () => {
    const black = composeAd({ scene: flatScene(800, 800, [5, 5, 5]), productMask: null, textLayer: textLayer(500, 120, [0, 0, 0]), mode: 'overlay', position: 'top' })
    expect(black.legibility.guard).not.toBe('none')
    expect(black.legibility.contrastAfter).toBeGreaterThanOrEqual(4.5)
    const [bx, by, bw] = black.textBox
    expect(pixel(black.image, bx + bw / 2, by - 2)[0]).toBeGreaterThan(150)
  })

  it('black text on white needs nothing', () => {
    const scene = flatScene(800, 800, [255, 255, 255])
    const r = composeAd({ scene, productMask: null, textLayer: textLayer(500, 120, [0, 0, 0]), mode: 'overlay', position: 'top' })
    expect(r.legibility.guard).toBe('none')
    expect(r.legibility.contrastBefore).toBeCloseTo(21, 5)
    expect(r.legibility.contrastAfter).toBe(r.legibility.contrastBefore)
  })

  it('a few bright specks on a dark scene only need an outline', () => {
    // 15% bright specks: p90 of the box is bright, so the plain measure fails, but an outline
    // hides most of them from the letters' edges.
    const scene = flatScene(800, 800, [15, 15, 20])
    const rand = rng(3)
    for (let p = 0; p < 800 * 800; p++) if (rand() < 0.15) scene.data.fill(250, p * 4, p * 4 + 3)
    const r = composeAd({ scene, productMask: null, textLayer: textLayer(500, 120, [255, 255, 255]), mode: 'overlay', position: 'top' })
    expect(r.legibility.contrastBefore).toBeLessThan(4.5)
    expect(r.legibility.guard).toBe('outline')
    expect(r.legibility.contrastAfter).toBeGreaterThanOrEqual(4.5)
  })

  it('a mid-tone scene gets the soft shadow', () => {
    const scene = flatScene(800, 800, [150, 150, 150])
    const r = composeAd({ scene, productMask: null, textLayer: textLayer(500, 120, [255, 255, 255]), mode: 'overlay', position: 'top' })
    expect(r.legibility.guard).toBe('shadow')
    expect(r.legibility.contrastAfter).toBeGreaterThanOrEqual(4.5)
  })
})
