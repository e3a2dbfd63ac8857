import { floorShare } from '../../../src/main/engine/steps/compose/ad-layout'
import { describe, expect, it } from 'vitest'
import { generateBackground } from '../../../src/main/engine/steps/background/generate-background'
import type { BackgroundResult, Rgb } from '../../../src/main/engine/steps/background/scene-types'
import { LOOKS } from '../../../src/main/engine/steps/background/looks'
import { hueDelta, rgbToHsl } from '../../../src/main/engine/steps/background/palette'

const promptFor = (id: string) => (id === 'neutral' ? '' : id)

function meanOf(r: BackgroundResult, x0 = 0, x1 = r.image.width, y0 = 0, y1 = r.image.height): Rgb {
  const { width, data } = r.image
  let s0 = 0
  let s1 = 0
  let s2 = 0
  let n = 0
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const k = (y * width + x) * 4
      s0 += data[k]
      s1 += data[k + 1]
      s2 += data[k + 2]
      n++
    }
  }
  return [s0 / n, s1 / n, s2 / n]
}

const luma = (c: Rgb) => 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

describe('generateBackground', () => {
  it('is deterministic: same request → identical bytes, other seed → other bytes', () => {
    const req = { width: 160, height: 120, prompt: '대리석 테이블', seed: 77, productPalette: [[200, 40, 50]] as Rgb[] }
    const a = generateBackground(req)
    const b = generateBackground({ ...req })
    expect(Buffer.from(a.image.data).equals(Buffer.from(b.image.data))).toBe(true)
    expect(a.light).toEqual(b.light)
    expect(a.layout).toEqual(b.layout)
    const c = generateBackground({ ...req, seed: 78 })
    let diff = 0
    for (let i = 0; i < a.image.data.length; i++) if (a.image.data[i] !== c.image.data[i]) diff++
    expect(diff / a.image.data.length).toBeGreaterThan(0.3)
  })

  it('is deterministic for every look, including bokeh, glows and textures', () => {
    for (const l of LOOKS) {
      const req = { width: 96, height: 96, prompt: promptFor(l.id), seed: 5 }
      const a = generateBackground(req).image.data
      const b = generateBackground(req).image.data
      expect(Buffer.from(a).equals(Buffer.from(b)), l.id).toBe(true)
    }
  })

  it('reaches at least 12 distinct looks through prompts', () => {
    const ids = new Set(LOOKS.map((l) => generateBackground({ width: 64, height: 64, prompt: promptFor(l.id), seed: 1 }).look.id))
    expect(ids.size).toBeGreaterThanOrEqual(12)
    expect(ids.size).toBe(LOOKS.length)
  })

  it('produces the requested size for 1:1, 4:5, 9:16 and 1.91:1', () => {
    const sizes: [number, number][] = [[512, 512], [432, 540], [1080, 1920], [1200, 628]]
    for (const [w, h] of sizes) {
      const r = generateBackground({ width: w, height: h, prompt: 'marble', seed: 3 })
      expect(r.image.width).toBe(w)
      expect(r.image.height).toBe(h)
      expect(r.image.data.length).toBe(w * h * 4)
      expect(r.layout.width).toBe(w)
      expect(r.layout.height).toBe(h)
    }
  })

  it('places horizon and ground line sensibly for every look and aspect ratio', () => {
    // The same aspect ratios at thumbnail size: layout scales with the canvas.
    const sizes: [number, number][] = [[120, 120], [120, 150], [108, 192], [191, 100], [64, 64]]
    for (const [w, h] of sizes) {
      for (const l of LOOKS) {
        const r = generateBackground({ width: w, height: h, prompt: promptFor(l.id), seed: 3 })
        expect(r.image.data.length).toBe(w * h * 4)
        const { horizonY, groundY } = r.layout
        expect(groundY).toBeGreaterThan(0)
        expect(groundY).toBeLessThan(h)
        if (l.kind === 'gradient') {
          expect(horizonY).toBe(h)
        } else {
          expect(horizonY).toBeGreaterThan(0)
          expect(groundY, `${l.id} ${w}x${h}`).toBeGreaterThan(horizonY)
        }
        // Room for a product of sensible size above its base.
        expect(groundY / h).toBeGreaterThan(0.65)
        // The ground line is the ad layout's floor line for the ratio (issue 10 §4).
        expect(Math.abs(groundY / h - floorShare(w, h))).toBeLessThanOrEqual(1 / h + 1e-9)
        if (w === h) {
          expect(groundY / h).toBeGreaterThanOrEqual(0.7)
          expect(groundY / h).toBeLessThanOrEqual(0.88)
        }
      }
    }
  })

  it('is fully opaque and reports the mean colour as ambient', () => {
    const r = generateBackground({ width: 128, height: 128, prompt: 'holiday', seed: 2 })
    for (let i = 3; i < r.image.data.length; i += 4) expect(r.image.data[i]).toBe(255)
    const m = meanOf(r)
    for (let c = 0; c < 3; c++) expect(Math.abs(r.layout.ambient[c] - m[c])).toBeLessThan(6)
  })

  it('returns light and surface properties matching the look', () => {
    for (const l of LOOKS) {
      const r = generateBackground({ width: 64, height: 64, prompt: promptFor(l.id), seed: 11 })
      expect(r.light.azimuthDeg).toBeGreaterThanOrEqual(5)
      expect(r.light.azimuthDeg).toBeLessThanOrEqual(175)
      expect(r.light.elevationDeg).toBeGreaterThanOrEqual(5)
      expect(r.light.elevationDeg).toBeLessThanOrEqual(90)
      expect(r.light.softness).toBeGreaterThanOrEqual(0)
      expect(r.light.softness).toBeLessThanOrEqual(1)
      expect(r.layout.glossy).toBe(l.glossy)
      if (l.glossy) expect(r.layout.reflectivity).toBeGreaterThan(0)
      else expect(r.layout.reflectivity).toBe(0)
    }
    expect(generateBackground({ width: 64, height: 64, prompt: 'marble', seed: 1 }).layout.glossy).toBe(true)
    expect(generateBackground({ width: 64, height: 64, prompt: 'wood', seed: 1 }).layout.glossy).toBe(false)
    // A low sun for sunsets, a high softbox for the studio.
    expect(generateBackground({ width: 64, height: 64, prompt: 'sunset', seed: 1 }).light.elevationDeg).toBeLessThan(20)
    expect(generateBackground({ width: 64, height: 64, prompt: 'studio', seed: 1 }).light.elevationDeg).toBeGreaterThan(40)
  })

  it('is brighter on the side the key light comes from', () => {
    let checked = 0
    for (const id of ['studio', 'neutral', 'marble', 'wood', 'concrete', 'linen', 'terrazzo', 'kitchen', 'sunset', 'luxury']) {
      for (let seed = 0; seed < 4; seed++) {
        const r = generateBackground({ width: 160, height: 160, prompt: promptFor(id), seed })
        const left = luma(meanOf(r, 0, 40))
        const right = luma(meanOf(r, 120, 160))
        const fromLeft = r.light.azimuthDeg > 90
        const lit = fromLeft ? left : right
        const far = fromLeft ? right : left
        expect(lit, `${id} seed ${seed} az ${r.light.azimuthDeg}`).toBeGreaterThan(far * 1.02)
        checked++
      }
    }
    expect(checked).toBe(40)
  })

  it('keeps the area behind the product calm (less texture variance than the edges)', () => {
    for (const id of ['marble', 'holiday', 'nature', 'terrazzo']) {
      const r = generateBackground({ width: 256, height: 256, prompt: id, seed: 4 })
      const { width, data } = r.image
      const variance = (x0: number, x1: number, y0: number, y1: number) => {
        let s = 0
        let s2 = 0
        let n = 0
        for (let y = y0; y < y1; y++) {
          for (let x = x0; x < x1; x++) {
            const k = (y * width + x) * 4
            // High-pass: difference to the right-hand neighbour removes the smooth lighting.
            const d = data[k] + data[k + 1] - data[k + 4] - data[k + 5]
            s += d
            s2 += d * d
            n++
          }
        }
        return s2 / n - (s / n) ** 2
      }
      const g = r.layout.groundY
      const centre = variance(100, 156, g - 90, g - 20)
      const edges = (variance(2, 58, g - 90, g - 20) + variance(198, 254, g - 90, g - 20)) / 2
      expect(centre, id).toBeLessThan(edges + 1)
    }
  })

  describe('unknown prompts harmonise with the product palette', () => {
    const cases: [string, Rgb][] = [
      ['red', [200, 30, 40]],
      ['blue', [30, 80, 210]],
      ['green', [40, 160, 70]],
      ['orange', [235, 140, 30]],
    ]
    for (const [name, product] of cases) {
      it(`${name} product → soft tint of its hue or complement`, () => {
        const [ph] = rgbToHsl(product)
        for (let seed = 0; seed < 6; seed++) {
          const r = generateBackground({ width: 128, height: 128, prompt: 'my product photo', seed, productPalette: [product, [250, 250, 250]] })
          expect(r.look.id).toBe('neutral')
          const [h, s, l] = rgbToHsl(r.layout.ambient)
          const dHue = Math.abs(hueDelta(ph, h))
          const dComp = Math.abs(hueDelta(ph + 180, h))
          expect(Math.min(dHue, dComp), `seed ${seed} hue ${h.toFixed(0)} vs ${ph.toFixed(0)}`).toBeLessThan(35)
          expect(s).toBeGreaterThan(0.02)
          expect(s).toBeLessThan(0.3)
          // Light enough to read as a studio backdrop, far from the saturated product colour.
          expect(l).toBeGreaterThan(0.55)
        }
      })
    }

    it('neutral product → near-grey backdrop; bright product → darker backdrop than a dark one', () => {
      const grey = generateBackground({ width: 96, height: 96, prompt: '', seed: 1, productPalette: [[128, 128, 130]] })
      expect(rgbToHsl(grey.layout.ambient)[1]).toBeLessThan(0.12)
      const white = generateBackground({ width: 96, height: 96, prompt: '', seed: 1, productPalette: [[245, 245, 240]] })
      const black = generateBackground({ width: 96, height: 96, prompt: '', seed: 1, productPalette: [[20, 20, 25]] })
      expect(luma(white.layout.ambient)).toBeLessThan(luma(black.layout.ambient) - 40)
      const none = generateBackground({ width: 96, height: 96, prompt: '', seed: 1 })
      expect(none.look.id).toBe('neutral')
    })
  })

  it('handles the largest size', () => {
    const r = generateBackground({ width: 2048, height: 2048, prompt: 'marble', seed: 9 })
    expect(r.image.data.length).toBe(2048 * 2048 * 4)
    expect(r.layout.groundY).toBeGreaterThan(r.layout.horizonY)
  })

  it('rejects sizes it cannot draw', () => {
    expect(() => generateBackground({ width: 0, height: 100, prompt: '', seed: 1 })).toThrow(RangeError)
    expect(() => generateBackground({ width: NaN, height: 100, prompt: '', seed: 1 })).toThrow(RangeError)
    expect(() => generateBackground({ width: 100, height: 100000, prompt: '', seed: 1 })).toThrow(RangeError)
  })
})
