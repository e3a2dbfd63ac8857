import { describe, expect, it } from 'vitest'
import type { Box, RgbaImage } from '../../../src/main/engine/image/raster'
import { computePlacement } from '../../../src/main/engine/steps/placement/auto-place'
import { compositeProduct, type CompositeInput } from '../../../src/main/engine/steps/placement/composite-product'
import { LIGHT_WRAP_RADIUS, rimDistance } from '../../../src/main/engine/steps/placement/light-wrap'
import { drawBottle, drawDisc, drawSquare, makeLayout, makeLight, studioBackground } from './synthetic'

/** The spec: only a rim of at most 3 px may change. */
const RIM = 3

const same = (a: ArrayLike<number> & { buffer: ArrayBufferLike }, b: ArrayLike<number> & { buffer: ArrayBufferLike }): boolean =>
  Buffer.from(a.buffer).equals(Buffer.from(b.buffer))

/**
 * Brute-force Euclidean distance from each product pixel (box coordinates) to the nearest pixel that
 * is not fully opaque, anything outside the product counting as transparent; capped at R + 1.
 */
function distanceToEdge(product: RgbaImage, R = RIM): Float32Array {
  const { width: w, height: h, data } = product
  const opaque = (x: number, y: number): boolean => x >= 0 && y >= 0 && x < w && y < h && data[(y * w + x) * 4 + 3] === 255
  const out = new Float32Array(w * h).fill(R + 1)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let dy = -R; dy <= R; dy++) {
        for (let dx = -R; dx <= R; dx++) {
          const d = Math.hypot(dx, dy)
          if (d <= R && !opaque(x + dx, y + dy) && d < out[y * w + x]) out[y * w + x] = d
        }
      }
    }
  }
  return out
}

function scene(W: number, H: number, product: (w: number, h: number) => RgbaImage, bbox: Box, glossy = true): CompositeInput {
  const layout = makeLayout(W, H, { glossy, reflectivity: 0.3 })
  const { box } = computePlacement({ productBox: bbox, canvas: { width: W, height: H }, layout })
  return {
    background: studioBackground(W, H, layout.horizonY),
    product: product(box[2], box[3]),
    box,
    light: makeLight(150, 40, 0.3),
    layout,
  }
}

describe('compositeProduct', () => {
  const cases: [string, CompositeInput][] = [
    ['antialiased bottle', scene(384, 384, drawBottle, [0, 0, 300, 1000])],
    ['hard-edged square', scene(300, 400, drawSquare, [0, 0, 400, 400])],
    ['ball on a banner', scene(480, 252, drawDisc, [0, 0, 500, 500])],
  ]

  for (const [name, input] of cases) {
    it(`${name}: interior pixels are the product's own, changes only within a ${RIM} px rim`, () => {
      expect(LIGHT_WRAP_RADIUS).toBeLessThanOrEqual(RIM)
      const { image, mask } = compositeProduct(input)
      const noWrap = compositeProduct({ ...input, options: { lightWrap: false } }).image
      const { product } = input
      const [bx, by] = input.box
      const W = image.width
      const dist = distanceToEdge(product)
      let interior = 0
      let rimChanged = 0
      let maskErr = 0
      for (let y = 0; y < product.height; y++) {
        for (let x = 0; x < product.width; x++) {
          const si = (y * product.width + x) * 4
          const ti = ((by + y) * W + bx + x) * 4
          maskErr = Math.max(maskErr, Math.abs(mask.data[(by + y) * W + bx + x] - product.data[si + 3] / 255))
          const changed = image.data[ti] !== noWrap.data[ti] || image.data[ti + 1] !== noWrap.data[ti + 1] || image.data[ti + 2] !== noWrap.data[ti + 2]
          if (changed) {
            // Light wrap only touches product pixels near the edge.
            if (product.data[si + 3] === 0 || dist[y * product.width + x] > RIM) throw new Error(`wrap changed (${x},${y})`)
            rimChanged++
          }
          if (product.data[si + 3] === 255 && dist[y * product.width + x] > RIM) {
            interior++
            if (image.data[ti] !== product.data[si] || image.data[ti + 1] !== product.data[si + 1] || image.data[ti + 2] !== product.data[si + 2]) {
              throw new Error(`interior pixel (${x},${y}) differs from the product`)
            }
          }
        }
      }
      expect(maskErr).toBeLessThan(1e-6)
      expect(interior).toBeGreaterThan(0.5 * product.width * product.height)
      expect(rimChanged).toBeGreaterThan(0)
      // Light wrap leaves everything outside the product alone.
      let outside = 0
      for (let i = 0; i < mask.data.length; i++) {
        if (mask.data[i] === 0 && (image.data[i * 4] !== noWrap.data[i * 4] || image.data[i * 4 + 2] !== noWrap.data[i * 4 + 2])) outside++
      }
      expect(outside).toBe(0)
    })
  }

  it('outputs an opaque canvas, is deterministic and leaves its inputs alone', () => {
    const input = cases[0][1]
    const bgCopy = new Uint8ClampedArray(input.background.data)
    const prodCopy = new Uint8ClampedArray(input.product.data)
    const a = compositeProduct(input)
    const b = compositeProduct(input)
    expect(same(a.image.data, b.image.data)).toBe(true)
    expect(same(a.mask.data, b.mask.data)).toBe(true)
    let minAlpha = 255
    for (let i = 3; i < a.image.data.length; i += 4) minAlpha = Math.min(minAlpha, a.image.data[i])
    expect(minAlpha).toBe(255)
    expect(same(input.background.data, bgCopy)).toBe(true)
    expect(same(input.product.data, prodCopy)).toBe(true)
  })

  it('paints shadow and reflection below the product, and nothing when they are off', () => {
    const input = cases[0][1]
    const base = input.box[1] + input.box[3]
    const cx = input.box[0] + (input.box[2] >> 1)
    const W = input.background.width
    const lum = (img: RgbaImage, x: number, y: number): number => img.data[(y * W + x) * 4 + 1]
    const plain = compositeProduct({ ...input, options: { shadow: false, reflection: false, lightWrap: false } }).image
    const full = compositeProduct(input).image
    expect(lum(full, cx, base + 1)).toBeLessThan(lum(plain, cx, base + 1) - 40)
    let diffAboveProduct = 0
    for (let y = 0; y < input.box[1] - 5; y++) for (let x = 0; x < W; x++) if (lum(full, x, y) !== lum(plain, x, y)) diffAboveProduct++
    expect(diffAboveProduct).toBe(0)
    // Without any effect the background is untouched outside the product box.
    let bgChanged = 0
    for (let y = 0; y < W; y++) {
      for (let x = 0; x < W; x++) {
        const inBox = x >= input.box[0] && x < input.box[0] + input.box[2] && y >= input.box[1] && y < input.box[1] + input.box[3]
        if (!inBox && lum(plain, x, y) !== input.background.data[(y * W + x) * 4 + 1]) bgChanged++
      }
    }
    expect(bgChanged).toBe(0)
  })

  it('survives a product hanging off the canvas and a fully transparent one', () => {
    const input = cases[1][1]
    for (const box of [[-40, -30, 0, 0], [250, 350, 0, 0]] as Box[]) {
      const { image } = compositeProduct({ ...input, box })
      expect(image.width).toBe(input.background.width)
    }
    const empty = { ...input.product, data: new Uint8ClampedArray(input.product.data.length) }
    const out = compositeProduct({ ...input, product: empty }).image
    let changed = 0
    for (let i = 0; i < out.data.length; i += 4) if (out.data[i] !== input.background.data[i]) changed++
    expect(changed).toBe(0)
  })

  it('rimDistance matches a brute-force distance transform', () => {
    const product = drawDisc(41, 41)
    const mask = { width: 41, height: 41, data: new Float32Array(41 * 41) }
    for (let i = 0; i < mask.data.length; i++) mask.data[i] = product.data[i * 4 + 3] / 255
    const fast = rimDistance(mask, [0, 0, 41, 41])
    const slow = distanceToEdge(product)
    // Off-canvas counts as opaque in rimDistance, transparent in the brute force: the disc never touches the border, so they agree.
    let err = 0
    for (let i = 0; i < slow.length; i++) err = Math.max(err, Math.abs(fast.data[i] - slow[i]))
    expect(err).toBeLessThan(1e-5)
  })

})
