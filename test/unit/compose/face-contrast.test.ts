import { describe, expect, it } from 'vitest'
import { composeAd } from '../../../src/main/engine/steps/compose/compose-ad'
import { renderTextLayer } from '../../../src/main/engine/steps/text'
import { flatScene } from './fixtures'

// A light cream scene: a yellow face alone reads at about 1.1:1 against it.
const scene = flatScene(800, 800, [240, 232, 214])

describe('legibility credits the style’s own outline (face mask from step 2)', () => {
  const pop = renderTextLayer({ text: 'New Arrival', styleId: 'outline-pop', maxWidth: 640, maxHeight: 180 })

  it('a face ringed by its own dark outline needs no guard', () => {
    const r = composeAd({ scene, productMask: null, textLayer: pop.layer, textFace: pop.face, mode: 'overlay', position: 'top' })
    expect(r.legibility.guard).toBe('none')
    expect(r.legibility.contrastBefore).toBeLessThan(1.5)
    expect(r.legibility.contrastAfter).toBeGreaterThanOrEqual(4.5)
  })

  it('without the face mask (a kept step-2 PNG) the whole layer is judged against the scene and guarded', () => {
    const r = composeAd({ scene, productMask: null, textLayer: pop.layer, mode: 'overlay', position: 'top' })
    expect(r.legibility.guard).not.toBe('none')
    expect(r.legibility.contrastAfter).toBeGreaterThanOrEqual(4.5)
  })

  it('a face that touches the scene on every side still gets a guard', () => {
    const clean = renderTextLayer({ text: 'New Arrival', styleId: 'clean', stylePrompt: 'white', maxWidth: 640, maxHeight: 180 })
    const r = composeAd({ scene, productMask: null, textLayer: clean.layer, textFace: clean.face, mode: 'overlay', position: 'top' })
    expect(r.legibility.guard).not.toBe('none')
  })

  it('refuses a face mask of the wrong size', () => {
    expect(() => composeAd({ scene, productMask: null, textLayer: pop.layer, textFace: new Uint8Array(3), mode: 'overlay', position: 'top' })).toThrow(/face mask/)
  })
})
