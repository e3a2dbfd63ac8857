/**
 * Decides whether an uploaded photo already is a cutout, in which case its own alpha channel is
 * the matte and segmentation is skipped.
 */
import type { RgbaImage } from '../../image/raster'

export interface AlphaDetectOptions {
  /** Share of pixels that must be clearly transparent (alpha < 128). */
  minTransparentShare: number
  /** Share of pixels that must be clearly opaque (alpha > 200). */
  minOpaqueShare: number
}

/**
 * 1% each way: anti-aliased corners or a stray soft pixel in an otherwise opaque PNG stay far
 * below it, while any real cutout has a sizeable transparent surround and a sizeable product.
 */
export const DEFAULT_ALPHA_DETECT_OPTIONS: AlphaDetectOptions = { minTransparentShare: 0.01, minOpaqueShare: 0.01 }

/**
 * True when the alpha channel separates a product from a transparent surround: enough clearly
 * transparent and enough clearly opaque pixels. Fully opaque, nearly opaque and fully transparent
 * images are false.
 */
export function hasMeaningfulAlpha(img: RgbaImage, options: Partial<AlphaDetectOptions> = {}): boolean {
  const opts = { ...DEFAULT_ALPHA_DETECT_OPTIONS, ...options }
  const n = img.width * img.height
  if (n === 0) return false
  const data = img.data
  let transparent = 0
  let opaque = 0
  for (let j = 3; j < n * 4; j += 4) {
    const a = data[j]
    if (a < 128) transparent++
    else if (a > 200) opaque++
  }
  return transparent >= opts.minTransparentShare * n && opaque >= opts.minOpaqueShare * n
}
