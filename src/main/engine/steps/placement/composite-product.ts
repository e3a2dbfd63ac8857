import { createMask, type Box, type Mask, type RgbaImage } from '../../image/raster'
import type { SceneLayout, SceneLight } from '../background/scene-types'
import { applyLightWrap, blurBackgroundAround, DEFAULT_LIGHT_WRAP_STRENGTH } from './light-wrap'
import { paintReflection } from './reflection'
import { computeShadowMask, paintShadow, shadowTint } from './shadows'

export interface CompositeOptions {
  shadow?: boolean
  reflection?: boolean
  lightWrap?: boolean
  lightWrapStrength?: number
}

export interface CompositeInput {
  background: RgbaImage
  /** The cutout ALREADY resampled to box size: straight RGBA, alpha = matte. */
  product: RgbaImage
  box: Box
  light: SceneLight
  layout: SceneLayout
  /** The floor line the product's contact points stand on (ground.ts); shadows start there. */
  floorY?: number
  options?: CompositeOptions
}

export interface CompositeTimings {
  shadowMs: number
  reflectionMs: number
  productMs: number
  lightWrapMs: number
  totalMs: number
}

export interface CompositeResult {
  /** Opaque canvas (alpha 255 everywhere). */
  image: RgbaImage
  /** Product alpha on the canvas (step 3 uses it to pass text behind the product). */
  mask: Mask
  timings: CompositeTimings
}

/** The product's alpha placed on a canvas-size mask; parts off the canvas are dropped. */
export function placeAlpha(product: RgbaImage, box: Box, width: number, height: number): Mask {
  const mask = createMask(width, height)
  const bx = Math.round(box[0])
  const by = Math.round(box[1])
  const pd = product.data
  for (let y = Math.max(0, -by); y < product.height && by + y < height; y++) {
    const off = (by + y) * width + bx
    for (let x = Math.max(0, -bx); x < product.width && bx + x < width; x++) {
      mask.data[off + x] = pd[(y * product.width + x) * 4 + 3] / 255
    }
  }
  return mask
}

/**
 * Straight alpha-over. Fully opaque product pixels are copied, not blended, so the product's own
 * pixels reach the ad bit-exact (the original pipeline repainted products and garbled labels).
 */
function paintProduct(target: RgbaImage, product: RgbaImage, box: Box): void {
  const { width, height } = target
  const td = target.data
  const pd = product.data
  const bx = Math.round(box[0])
  const by = Math.round(box[1])
  for (let y = Math.max(0, -by); y < product.height && by + y < height; y++) {
    for (let x = Math.max(0, -bx); x < product.width && bx + x < width; x++) {
      const si = (y * product.width + x) * 4
      const a = pd[si + 3]
      if (a === 0) continue
      const ti = ((by + y) * width + bx + x) * 4
      if (a === 255) {
        td[ti] = pd[si]
        td[ti + 1] = pd[si + 1]
        td[ti + 2] = pd[si + 2]
      } else {
        const f = a / 255
        td[ti] = pd[si] * f + td[ti] * (1 - f)
        td[ti + 1] = pd[si + 1] * f + td[ti + 1] * (1 - f)
        td[ti + 2] = pd[si + 2] * f + td[ti + 2] * (1 - f)
      }
    }
  }
}

/**
 * Puts the product into the scene: background → cast shadow → contact shadow → reflection →
 * product → light-wrap rim. Pure: the inputs are not modified.
 */
export function compositeProduct(input: CompositeInput): CompositeResult {
  const t0 = performance.now()
  const { background, product, light, layout } = input
  const opts = input.options ?? {}
  // The product's own size wins over box[2..3]: a 1 px disagreement must not shift or crop it.
  const box: Box = [Math.round(input.box[0]), Math.round(input.box[1]), product.width, product.height]
  const { width, height } = background
  const image: RgbaImage = { width, height, data: new Uint8ClampedArray(background.data) }
  const d = image.data
  for (let i = 3; i < d.length; i += 4) d[i] = 255

  const mask = placeAlpha(product, box, width, height)

  let t = performance.now()
  if (opts.shadow !== false) {
    const shadow = computeShadowMask(mask, light, { hint: box, baseY: input.floorY })
    if (shadow.region) paintShadow(image, shadow.mask, shadowTint(light, layout), shadow.region)
  }
  const shadowMs = performance.now() - t

  t = performance.now()
  if (opts.reflection !== false) paintReflection(image, product, box, layout)
  const reflectionMs = performance.now() - t

  t = performance.now()
  const blurred = opts.lightWrap !== false ? blurBackgroundAround(image, box) : null
  let lightWrapMs = performance.now() - t

  t = performance.now()
  paintProduct(image, product, box)
  const productMs = performance.now() - t

  t = performance.now()
  if (blurred) applyLightWrap(image, mask, blurred, opts.lightWrapStrength ?? DEFAULT_LIGHT_WRAP_STRENGTH)
  lightWrapMs += performance.now() - t

  return {
    image,
    mask,
    timings: { shadowMs, reflectionMs, productMs, lightWrapMs, totalMs: performance.now() - t0 },
  }
}
