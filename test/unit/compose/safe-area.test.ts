import { describe, expect, it } from 'vitest'
import { candidateBoxes } from '../../../src/main/engine/steps/compose/auto-position'
import { composeAd } from '../../../src/main/engine/steps/compose/compose-ad'
import { boxInside, safeArea } from '../../../src/main/engine/steps/compose/safe-area'
import type { TextPosition } from '../../../src/main/engine/steps/compose/types'
import { addDisc, flatScene, textLayer } from './fixtures'

const positions: TextPosition[] = ['top', 'center', 'bottom', 'auto']

describe('safe margins', () => {
  it('keeps story text out of the top and bottom 250 px of 1080x1920', () => {
    expect(safeArea(1080, 1920)).toEqual([54, 250, 972, 1420])
    const scene = flatScene(1080, 1920, [30, 40, 60])
    const mask = addDisc(scene, 540, 960, 280)
    // Wider than the canvas: it has to be scaled into the safe area.
    const layer = textLayer(1300, 240, [255, 255, 255], 2)
    for (const position of positions) {
      for (const c of candidateBoxes(1080, 1920, layer.width, layer.height, position, { glyphRatio: 0.5 })) {
        expect(c.box[1]).toBeGreaterThanOrEqual(250)
        expect(c.box[1] + c.box[3]).toBeLessThanOrEqual(1670)
      }
    }
    for (const position of ['top', 'bottom', 'auto'] as const) {
      const r = composeAd({ scene, productMask: mask, textLayer: layer, mode: 'overlay', position })
      const [x, y, w, h] = r.textBox
      expect(y, position).toBeGreaterThanOrEqual(250)
      expect(y + h, position).toBeLessThanOrEqual(1670)
      expect(x, position).toBeGreaterThanOrEqual(54)
      expect(x + w, position).toBeLessThanOrEqual(1026)
      expect(r.scale).toBeLessThanOrEqual(1)
    }
  })

  it('keeps a 5% margin on every side at every aspect ratio', () => {
    // Square, 4:5 feed, 1.91:1 link banner, 16:9, 9:16 story, 3:1 header, 1:4 skyscraper, tiny.
    const sizes: Array<[number, number]> = [
      [512, 512],
      [540, 675],
      [600, 314],
      [640, 360],
      [360, 640],
      [750, 250],
      [200, 800],
      [160, 90],
    ]
    const layers = [textLayer(900, 180, [255, 255, 255], 2), textLayer(120, 30, [255, 255, 255]), textLayer(150, 450, [0, 0, 0], 4)]
    for (const [w, h] of sizes) {
      const scene = flatScene(w, h, [120, 120, 120])
      const mask = addDisc(scene, w * 0.5, h * 0.55, Math.min(w, h) * 0.25)
      const safe = safeArea(w, h)
      expect(safe[0]).toBeGreaterThanOrEqual(w * 0.05)
      expect(safe[1]).toBeGreaterThanOrEqual(h * (h / w >= 1.7 ? 0.13 : 0.05))
      expect(safe[0] + safe[2]).toBeLessThanOrEqual(w * 0.95)
      expect(safe[1] + safe[3]).toBeLessThanOrEqual(h * (h / w >= 1.7 ? 0.87 : 0.95))
      for (const layer of layers) {
        for (const position of positions) {
          for (const shrink of [1, 0.8, 0.55]) {
            for (const c of candidateBoxes(w, h, layer.width, layer.height, position, { shrink, glyphRatio: 0.5 })) {
              expect(boxInside(c.box, safe), `${w}x${h} ${position} ${c.box.join(',')}`).toBe(true)
            }
          }
        }
      }
      // End to end, including the fall-backs auto takes when the product is in the way.
      for (const mode of ['overlay', 'behind'] as const) {
        const r = composeAd({ scene, productMask: mask, textLayer: layers[0], mode, position: 'auto' })
        expect(boxInside(r.textBox, safe), `${w}x${h} ${mode} ${r.textBox.join(',')}`).toBe(true)
      }
    }
  })

  it('never enlarges the text layer', () => {
    const scene = flatScene(1024, 1024, [20, 20, 20])
    const r = composeAd({ scene, productMask: null, textLayer: textLayer(200, 50, [255, 255, 255]), mode: 'overlay', position: 'top' })
    expect(r.scale).toBe(1)
    expect(r.textBox[2]).toBeLessThanOrEqual(200)
  })
})
