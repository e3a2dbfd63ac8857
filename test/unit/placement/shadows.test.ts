import { describe, expect, it } from 'vitest'
import type { Box, Mask } from '../../../src/main/engine/image/raster'
import { placeAlpha } from '../../../src/main/engine/steps/placement/composite-product'
import {
  analyseSilhouette,
  applyShadow,
  castShadow,
  castShadowOffset,
  computeShadowMask,
  contactShadow,
  shadowTint,
} from '../../../src/main/engine/steps/placement/shadows'
import type { Patch } from '../../../src/main/engine/steps/placement/blur'
import { drawBottle, makeLayout, makeLight } from './synthetic'

const W = 384
const BOX: Box = [152, 90, 80, 220] // base at y = 310
const productMask = (): Mask => placeAlpha(drawBottle(BOX[2], BOX[3]), BOX, W, W)

function massCentroid(p: Patch): { x: number; y: number; mass: number; peak: number } {
  let m = 0, sx = 0, sy = 0, peak = 0
  for (let y = 0; y < p.h; y++) {
    for (let x = 0; x < p.w; x++) {
      const v = p.data[y * p.w + x]
      m += v
      sx += v * (p.x + x)
      sy += v * (p.y + y)
      if (v > peak) peak = v
    }
  }
  return { x: sx / m, y: sy / m, mass: m, peak }
}

const at = (p: Patch, x: number, y: number): number => (x >= p.x && y >= p.y && x < p.x + p.w && y < p.y + p.h ? p.data[(y - p.y) * p.w + x - p.x] : 0)

describe('castShadowOffset', () => {
  it('points away from the light', () => {
    expect(castShadowOffset(makeLight(180), 100).dx).toBeGreaterThan(50) // from the left → right
    expect(castShadowOffset(makeLight(0), 100).dx).toBeLessThan(-50)
    const top = castShadowOffset(makeLight(90), 100)
    expect(Math.abs(top.dx)).toBeLessThan(1e-6)
    expect(top.dy).toBeGreaterThan(20) // towards the viewer: below the base
    expect(castShadowOffset(makeLight(270), 100).dy).toBeLessThan(-20) // behind the product
  })

  it('shortens as the light rises and scales with the product', () => {
    const lengths = [10, 30, 45, 60, 80, 90].map((e) => castShadowOffset(makeLight(150, e), 100).length)
    for (let i = 1; i < lengths.length; i++) expect(lengths[i]).toBeLessThan(lengths[i - 1])
    expect(castShadowOffset(makeLight(150, 45), 200).length).toBeCloseTo(2 * castShadowOffset(makeLight(150, 45), 100).length, 6)
  })
})

describe('cast shadow', () => {
  const mask = productMask()
  const sil = analyseSilhouette(mask)!
  const centreX = (sil.x0 + sil.x1) / 2

  it('finds the silhouette and its base', () => {
    expect(sil.x0).toBe(BOX[0])
    expect(sil.x1).toBe(BOX[0] + BOX[2])
    expect(sil.baseY).toBe(BOX[1] + BOX[3])
  })

  it('falls right of the product for a light from the left, left for a light from the right', () => {
    const fromLeft = massCentroid(castShadow(mask, sil, makeLight(180, 35))!)
    const fromRight = massCentroid(castShadow(mask, sil, makeLight(0, 35))!)
    expect(fromLeft.x).toBeGreaterThan(centreX + 40)
    expect(fromRight.x).toBeLessThan(centreX - 40)
    // Both lie on the floor, below the base line.
    expect(fromLeft.y).toBeGreaterThan(sil.baseY)
    expect(fromRight.y).toBeGreaterThan(sil.baseY)
  })

  it('is shorter under a higher light', () => {
    const reach = (elev: number): number => {
      const c = massCentroid(castShadow(mask, sil, makeLight(150, elev))!)
      return Math.hypot(c.x - centreX, c.y - sil.baseY)
    }
    expect(reach(25)).toBeGreaterThan(reach(45) * 1.3)
    expect(reach(45)).toBeGreaterThan(reach(70) * 1.3)
  })

  it('is fainter under soft light', () => {
    const hard = massCentroid(castShadow(mask, sil, makeLight(150, 40, 0.05))!)
    const soft = massCentroid(castShadow(mask, sil, makeLight(150, 40, 0.95))!)
    expect(soft.peak).toBeLessThan(hard.peak * 0.7)
    expect(hard.peak).toBeLessThanOrEqual(0.65)
  })

  it('blurs and fades with distance from the base', () => {
    const p = castShadow(mask, sil, makeLight(90, 45, 0.3))!
    const cx = Math.round(centreX)
    const near = at(p, cx, sil.baseY + 3)
    const far = at(p, cx, sil.baseY + Math.round(0.55 * castShadowOffset(makeLight(90, 45), sil.height).dy))
    expect(near).toBeGreaterThan(far)
    expect(far).toBeGreaterThan(0.05)
  })
})

describe('contact shadow', () => {
  const mask = productMask()
  const sil = analyseSilhouette(mask)!
  const cx = Math.round((sil.x0 + sil.x1) / 2)

  it('is darkest right under the base and falls off quickly', () => {
    const p = contactShadow(mask, sil, makeLight(150))!
    let bestY = -1, best = -1
    for (let y = sil.baseY - 10; y < sil.baseY + 40; y++) {
      const v = at(p, cx, y)
      if (v > best) { best = v; bestY = y }
    }
    expect(bestY).toBeGreaterThanOrEqual(sil.baseY - 1)
    expect(bestY).toBeLessThanOrEqual(sil.baseY + 2)
    expect(best).toBeGreaterThan(0.6)
    expect(at(p, cx, sil.baseY + 4)).toBeLessThan(best)
    expect(at(p, cx, sil.baseY + 20)).toBeLessThan(0.3 * best)
    // Hugs the footprint: nothing far to the side.
    expect(at(p, sil.x1 + 40, sil.baseY + 1)).toBeLessThan(0.05)
  })

  it('is absent where the product hovers above the floor', () => {
    const m = productMask()
    // Lift the product 30 px: its bottom rows are now empty, so nothing touches the floor line.
    const lifted = { ...sil, baseY: sil.baseY + 30, height: sil.height + 30 }
    expect(contactShadow(m, lifted, makeLight(150))).toBeNull()
  })
})

describe('computeShadowMask / applyShadow', () => {
  it('stays within 0..1, darkens but never to black, and tints cool under a warm key', () => {
    const light = makeLight(150, 40, 0.2, [255, 236, 210])
    const layout = makeLayout(W, W, { ambient: [200, 205, 215] })
    const res = computeShadowMask(productMask(), light)
    expect(res.region).not.toBeNull()
    let max = 0
    let min = 1
    for (const v of res.mask.data) {
      max = Math.max(max, v)
      min = Math.min(min, v)
    }
    expect(min).toBeGreaterThanOrEqual(0)
    expect(max).toBeLessThanOrEqual(1)
    expect(max).toBeGreaterThan(0.6)
    const tint = shadowTint(light, layout)
    expect(tint[2]).toBeGreaterThan(tint[0])
    const white = { width: W, height: W, data: new Uint8ClampedArray(W * W * 4).fill(255) }
    const full = { width: W, height: W, data: new Float32Array(W * W).fill(1) }
    const dark = applyShadow(white, full, tint)
    let darkest = 255
    for (let i = 0; i < dark.data.length; i += 4) darkest = Math.min(darkest, dark.data[i], dark.data[i + 1], dark.data[i + 2])
    expect(darkest).toBeGreaterThan(30)
    expect(darkest).toBeLessThan(130)
    // Pure: the input is untouched.
    expect(white.data.every((v) => v === 255)).toBe(true)
  })

  it('is deterministic and empty without a product', () => {
    const a = computeShadowMask(productMask(), makeLight(120, 35, 0.4))
    const b = computeShadowMask(productMask(), makeLight(120, 35, 0.4))
    expect(Buffer.from(a.mask.data.buffer).equals(Buffer.from(b.mask.data.buffer))).toBe(true)
    const none = computeShadowMask({ width: 32, height: 32, data: new Float32Array(32 * 32) }, makeLight(120))
    expect(none.region).toBeNull()
  })
})
