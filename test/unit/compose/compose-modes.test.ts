import { describe, expect, it } from 'vitest'
import { composeAd } from '../../../src/main/engine/steps/compose/compose-ad'
import { alphaBounds } from '../../../src/main/engine/steps/compose/fit-layer'
import { addDisc, flatScene, pixel, textLayer } from './fixtures'

/** A scene whose product sits in the middle, where 'center' text must cross it. */
function productScene() {
  const scene = flatScene(800, 800, [235, 235, 240])
  const mask = addDisc(scene, 400, 400, 260, true)
  return { scene, mask }
}

describe('composition modes', () => {
  it('behind: product pixels stay byte-identical while the text shows elsewhere', () => {
    const { scene, mask } = productScene()
    const layer = textLayer(600, 120, [200, 20, 20])
    const r = composeAd({ scene, productMask: mask, textLayer: layer, mode: 'behind', position: 'center' })
    const [bx, by, bw, bh] = r.textBox
    // The text really crosses the product (otherwise this test proves nothing).
    let overlap = 0
    for (let y = by; y < by + bh; y++) for (let x = bx; x < bx + bw; x++) if (mask.data[y * 800 + x] === 1) overlap++
    expect(overlap).toBeGreaterThan(1000)
    let changedOutside = 0
    let changedProduct = 0
    for (let p = 0; p < mask.data.length; p++) {
      const i = p * 4
      const same =
        r.image.data[i] === scene.data[i] &&
        r.image.data[i + 1] === scene.data[i + 1] &&
        r.image.data[i + 2] === scene.data[i + 2] &&
        r.image.data[i + 3] === scene.data[i + 3]
      if (mask.data[p] === 1) changedProduct += same ? 0 : 1
      else if (!same) changedOutside++
    }
    expect(changedProduct).toBe(0)
    expect(changedOutside).toBeGreaterThan(2000)
    // Red text pixels exist outside the product.
    let red = 0
    for (let p = 0; p < mask.data.length; p++) {
      const i = p * 4
      if (mask.data[p] === 0 && r.image.data[i] > 150 && r.image.data[i + 1] < 60) red++
    }
    expect(red).toBeGreaterThan(500)
    expect(r.productCoverage).toBeLessThan(0.01)
  })

  it('overlay never covers the product, even when asked for the centre (issue 10)', () => {
    const { scene, mask } = productScene()
    const layer = textLayer(600, 120, [200, 20, 20])
    const r = composeAd({ scene, productMask: mask, textLayer: layer, mode: 'overlay', position: 'center' })
    expect(r.productCoverage).toBe(0)
    expect(r.position).not.toBe('center')
  })

  it('overlay with an explicit text_box: the text is drawn over the product where the user put it', () => {
    const { scene, mask } = productScene()
    const layer = textLayer(600, 120, [200, 20, 20])
    const ink0 = alphaBounds(layer)!
    // A box around the centre of the canvas, exactly the ink's size: drawn there at scale 1.
    const tb: [number, number, number, number] = [Math.round((800 - ink0[2]) / 2), Math.round((scene.height - ink0[3]) / 2), ink0[2], ink0[3]]
    const r = composeAd({ scene, productMask: mask, textLayer: layer, mode: 'overlay', position: 'center', textBox: tb })
    expect(r.position).toBe('box')
    expect(r.textBox).toEqual(tb)
    expect(r.productCoverage).toBeGreaterThan(0.02)
    // Where the (unscaled) text is opaque and the product is solid, the pixel is the text's colour.
    expect(r.scale).toBe(1)
    // textBox is where the layer's ink (its alpha bounds) landed.
    const ink = alphaBounds(layer)!
    const bx = r.textBox[0] - ink[0]
    const by = r.textBox[1] - ink[1]
    let checked = 0
    let wrong = 0
    for (let y = 0; y < layer.height; y++) {
      for (let x = 0; x < layer.width; x++) {
        if (layer.data[(y * layer.width + x) * 4 + 3] !== 255) continue
        if (mask.data[(by + y) * 800 + bx + x] !== 1) continue
        if (pixel(r.image, bx + x, by + y).join() !== '200,20,20,255') wrong++
        checked++
      }
    }
    expect(checked).toBeGreaterThan(1000)
    expect(wrong).toBe(0)
  })

  it('works without a product mask and with an empty text layer', () => {
    const scene = flatScene(300, 200, [20, 20, 20])
    const r = composeAd({ scene, productMask: null, textLayer: textLayer(200, 40, [255, 255, 255]), mode: 'behind', position: 'auto' })
    expect(r.productCoverage).toBe(0)
    expect(r.textBox[2]).toBeGreaterThan(0)
    const empty = composeAd({ scene, productMask: null, textLayer: { width: 10, height: 10, data: new Uint8ClampedArray(400) }, mode: 'overlay', position: 'top' })
    expect(Buffer.from(empty.image.data).equals(Buffer.from(scene.data))).toBe(true)
    expect(empty.scale).toBe(0)
  })

  it('rejects a mask of the wrong size', () => {
    const scene = flatScene(100, 100, [0, 0, 0])
    expect(() =>
      composeAd({ scene, productMask: { width: 50, height: 50, data: new Float32Array(2500) }, textLayer: textLayer(50, 10, [255, 255, 255]), mode: 'overlay', position: 'top' }),
    ).toThrow(/mask/)
  })

  it('is deterministic', () => {
    const scene = flatScene(500, 500, [235, 235, 240])
    const mask = addDisc(scene, 250, 260, 150, true)
    const layer = textLayer(400, 120, [255, 255, 255], 2)
    for (const mode of ['overlay', 'blend', 'behind'] as const) {
      const a = composeAd({ scene, productMask: mask, textLayer: layer, mode, position: 'auto' })
      const b = composeAd({ scene, productMask: mask, textLayer: layer, mode, position: 'auto' })
      expect(Buffer.from(a.image.data).equals(Buffer.from(b.image.data))).toBe(true)
      expect({ ...a, image: null }).toEqual({ ...b, image: null })
    }
  })
})
