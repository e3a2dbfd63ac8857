import { describe, expect, it } from 'vitest'
import type { Box, RgbaImage } from '../../../src/main/engine/image/raster'
import { MAX_REFLECTIVITY, paintReflection, productRows, reflectionFade, renderReflection } from '../../../src/main/engine/steps/placement/reflection'
import { drawBottle, drawSquare, makeLayout } from './synthetic'

const W = 320
const BOX: Box = [120, 40, 80, 200] // base line at y = 240
const BASE = BOX[1] + BOX[3]

function flat(v: number): RgbaImage {
  const data = new Uint8ClampedArray(W * W * 4).fill(v)
  for (let i = 3; i < data.length; i += 4) data[i] = 255
  return { width: W, height: W, data }
}

/** Mean |difference| per row between two images. */
function rowDiff(a: RgbaImage, b: RgbaImage): number[] {
  const out: number[] = []
  for (let y = 0; y < W; y++) {
    let s = 0
    for (let i = y * W * 4; i < (y + 1) * W * 4; i++) s += Math.abs(a.data[i] - b.data[i])
    out.push(s / (W * 3))
  }
  return out
}

describe('floor reflection', () => {
  it('is painted only on glossy floors', () => {
    const bg = flat(40)
    const out = renderReflection(bg, drawBottle(BOX[2], BOX[3]), BOX, makeLayout(W, W, { glossy: false, reflectivity: 0.3 }))
    expect(Buffer.from(out.data.buffer).equals(Buffer.from(bg.data.buffer))).toBe(true)
    expect(paintReflection(flat(40), drawBottle(BOX[2], BOX[3]), BOX, makeLayout(W, W, { glossy: true, reflectivity: 0 }))).toBeNull()
  })

  it('lies below the base line and fades out over ~30% of the product height', () => {
    const bg = flat(30)
    const product = drawSquare(BOX[2], BOX[3], [220, 220, 220])
    const out = renderReflection(bg, product, BOX, makeLayout(W, W, { glossy: true, reflectivity: 0.3 }))
    const d = rowDiff(bg, out)
    // Nothing above the base beyond a pixel or two of blur.
    expect(Math.max(...d.slice(0, BASE - 3))).toBe(0)
    const at = (k: number): number => d[BASE + Math.round(k * BOX[3])]
    expect(d[BASE + 1]).toBeGreaterThan(5)
    expect(at(0.05)).toBeGreaterThan(at(0.15))
    expect(at(0.15)).toBeGreaterThan(at(0.25))
    expect(at(0.25)).toBeGreaterThan(0)
    expect(Math.max(...d.slice(BASE + Math.round(0.36 * BOX[3])))).toBe(0)
    // Stays under the product horizontally (plus blur).
    let strays = 0
    for (let y = BASE; y < W; y++) {
      for (let x = 0; x < W; x++) {
        if (x >= BOX[0] - 6 && x < BOX[0] + BOX[2] + 6) continue
        if (out.data[(y * W + x) * 4] !== 30) strays++
      }
    }
    expect(strays).toBe(0)
  })

  it('caps the opacity however reflective the layout claims to be', () => {
    const bg = flat(0)
    const out = renderReflection(bg, drawSquare(BOX[2], BOX[3], [250, 250, 250]), BOX, makeLayout(W, W, { glossy: true, reflectivity: 1 }))
    let max = 0
    for (let i = 0; i < out.data.length; i += 4) max = Math.max(max, out.data[i])
    expect(max).toBeGreaterThan(40)
    expect(max).toBeLessThanOrEqual(Math.ceil(MAX_REFLECTIVITY * 255) + 1)
  })

  it('fade and base-line helpers behave', () => {
    expect(reflectionFade(0, 50)).toBe(1)
    expect(reflectionFade(25, 50)).toBeCloseTo(0.25)
    expect(reflectionFade(50, 50)).toBe(0)
    expect(reflectionFade(-1, 50)).toBe(0)
    expect(productRows(drawBottle(40, 100))).toEqual({ top: 3, base: 100 })
    expect(productRows(drawSquare(10, 10))).toEqual({ top: 0, base: 10 })
  })
})
