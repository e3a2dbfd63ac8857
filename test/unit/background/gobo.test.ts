import { describe, expect, it } from 'vitest'
import { generateBackground } from '../../../src/main/engine/steps/background/generate-background'
import { goboFromPrompt, windowLight } from '../../../src/main/engine/steps/background/gobo'

describe('gobo light', () => {
  it.each([
    ['linen, window light', 'window'],
    ['marble table, 창가 햇살', 'window'],
    ['studio gobo', 'window'],
    ['concrete, leaf shadows', 'leaves'],
    ['나뭇잎 그림자', 'leaves'],
    ['marble table', null],
  ])('"%s" → %s', (prompt, kind) => expect(goboFromPrompt(prompt)).toBe(kind))

  it('window: lit panes, a darker frame between them, shade outside', () => {
    const W = 1000
    const S = 1000
    const pw = 0.26 * S
    const ph = 0.3 * S
    const mull = 0.035 * S
    // No skew: the window's top-left corner is at (180, 80).
    const pane = windowLight(180 + pw / 2, 80 + ph / 2, W, W, 0, 4)
    const mullion = windowLight(180 + pw + mull / 2, 80 + ph / 2, W, W, 0, 4)
    const outside = windowLight(900, 900, W, W, 0, 4)
    expect(pane).toBeCloseTo(1.1, 2)
    expect(mullion).toBeLessThan(0.9)
    expect(outside).toBeCloseTo(0.84, 2)
  })

  it('is applied to the scene: the same prompt without the words is darker in the panes, lighter in the shade', () => {
    const a = generateBackground({ width: 300, height: 300, prompt: 'linen, window light', seed: 2 })
    const b = generateBackground({ width: 300, height: 300, prompt: 'linen', seed: 2 })
    expect(a.look.name).toMatch(/window light/)
    const at = (img: typeof a.image, x: number, y: number) => img.data[(y * 300 + x) * 4 + 1]
    // Light from the upper left (linen: azimuth 130): a pane near the window's top-left corner, shade far right.
    expect(at(a.image, 80, 60)).toBeGreaterThan(at(b.image, 80, 60))
    expect(at(a.image, 290, 290)).toBeLessThan(at(b.image, 290, 290))
  })
})
