import { describe, expect, it } from 'vitest'
import type { SceneLight } from '../../../src/main/engine/steps/background/scene-types'
import { shadowOffset } from '../../../src/main/engine/steps/compose/blend-mode'
import { composeAd } from '../../../src/main/engine/steps/compose/compose-ad'
import { buildDetailMap, estimateLight } from '../../../src/main/engine/steps/compose/detail-map'
import { alphaBounds } from '../../../src/main/engine/steps/compose/fit-layer'
import { flatScene, pixel, textLayer } from './fixtures'

const light = (azimuthDeg: number): SceneLight => ({ azimuthDeg, elevationDeg: 35, softness: 0.3, color: [255, 255, 255] })

describe('blend mode', () => {
  it('tints the text toward a strongly coloured ambient', () => {
    const scene = flatScene(800, 800, [200, 30, 30])
    const layer = textLayer(500, 120, [255, 255, 255])
    const ink = alphaBounds(layer)!
    const overlay = composeAd({ scene, productMask: null, textLayer: layer, mode: 'overlay', position: 'top', light: light(90) })
    const blend = composeAd({ scene, productMask: null, textLayer: layer, mode: 'blend', position: 'top', light: light(90) })
    expect(blend.scale).toBe(1)
    // First fully opaque pixel of the layer, where the image shows the text's own colour.
    let sx = -1
    let sy = -1
    for (let y = 0; y < layer.height && sx < 0; y++) {
      for (let x = 0; x < layer.width; x++) {
        if (layer.data[(y * layer.width + x) * 4 + 3] === 255) {
          sx = x
          sy = y
          break
        }
      }
    }
    const at = (r: typeof blend) => pixel(r.image, r.textBox[0] - ink[0] + sx + 1, r.textBox[1] - ink[1] + sy + 1)
    const o = at(overlay)
    const b = at(blend)
    expect(o.slice(0, 3)).toEqual([255, 255, 255])
    expect(b[0] - b[2]).toBeGreaterThan(25)
    expect(b[0] - b[1]).toBeGreaterThan(25)
    expect(b[0]).toBeGreaterThan(200)
  })

  it('casts the shadow away from the light (azimuth counter-clockwise, y up)', () => {
    const [rx, ry] = shadowOffset(light(0), 100) // light from the right
    expect(rx).toBeLessThan(0)
    expect(Math.abs(ry)).toBeLessThan(1e-9)
    const [ax, ay] = shadowOffset(light(90), 100) // from above
    expect(ay).toBeGreaterThan(0)
    expect(Math.abs(ax)).toBeLessThan(1e-9)
    const [lx] = shadowOffset(light(180), 100)
    expect(lx).toBeGreaterThan(0)
    const [, by] = shadowOffset(light(270), 100)
    expect(by).toBeLessThan(0)
    // Low light throws longer shadows.
    const low = shadowOffset({ ...light(90), elevationDeg: 10 }, 100)[1]
    const high = shadowOffset({ ...light(90), elevationDeg: 80 }, 100)[1]
    expect(low).toBeGreaterThan(high)
  })

  it('draws that shadow in the image, on the side away from the light', () => {
    const scene = flatScene(800, 800, [245, 245, 245])
    const layer = textLayer(500, 120, [20, 20, 20])
    const centroid = (azimuth: number) => {
      const r = composeAd({ scene, productMask: null, textLayer: layer, mode: 'blend', position: 'center', light: light(azimuth) })
      const [bx, by, bw, bh] = r.textBox
      let sx = 0
      let sy = 0
      let sw = 0
      // Darkening of the scene around the box, relative to the box centre.
      for (let y = by - 40; y < by + bh + 40; y++) {
        for (let x = bx - 40; x < bx + bw + 40; x++) {
          const p = pixel(r.image, x, y)
          const d = 245 - p[0]
          if (d <= 0) continue
          sx += (x - (bx + bw / 2)) * d
          sy += (y - (by + bh / 2)) * d
          sw += d
        }
      }
      return [sx / sw, sy / sw]
    }
    const upperLeft = centroid(135)
    expect(upperLeft[0]).toBeGreaterThan(0.3)
    expect(upperLeft[1]).toBeGreaterThan(0.3)
    const lowerRight = centroid(315)
    expect(lowerRight[0]).toBeLessThan(-0.3)
    expect(lowerRight[1]).toBeLessThan(-0.3)
  })

  it('estimates the light from the brightness gradient when step 1 gave none', () => {
    const w = 400
    const h = 300
    const left = flatScene(w, h, [0, 0, 0])
    const top = flatScene(w, h, [0, 0, 0])
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        left.data.fill(255 - (x / w) * 200, (y * w + x) * 4, (y * w + x) * 4 + 3)
        top.data.fill(255 - (y / h) * 200, (y * w + x) * 4, (y * w + x) * 4 + 3)
      }
    }
    expect(Math.abs(estimateLight(buildDetailMap(left, null)).azimuthDeg - 180)).toBeLessThan(5)
    expect(Math.abs(estimateLight(buildDetailMap(top, null)).azimuthDeg - 90)).toBeLessThan(5)
    // A flat scene has no direction: the studio default, from above.
    expect(estimateLight(buildDetailMap(flatScene(100, 100, [128, 128, 128]), null)).azimuthDeg).toBe(90)
  })
})
