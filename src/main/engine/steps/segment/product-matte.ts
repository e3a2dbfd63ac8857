/**
 * The product's matte from a segmentation model, in as few stages as pay on the scored test set
 * (test/engine/segmentation-set.test.ts; each stage's gain is listed there):
 *
 *   1. the model's probability on the whole photo;
 *   2. a second pass on the product's crop when it is small in the photo (crop-pass.ts);
 *   3. hysteresis: pieces the model is never sure of go (hysteresis.ts);
 *   4. specks and small islands go, pin holes are filled, real holes stay (islands-and-holes.ts);
 *   5. guided-filter edge along the photo, interior exactly 1 and background exactly 0
 *      (refine-matte.ts).
 *
 * Nothing looks at colour distance to the photo's border: shadows and bokeh are unlike the border
 * too, and that is what made the old grouping stage take them in.
 */
import type { Mask, RgbaImage } from '../../image/raster'
import { cropForSecondPass, cropImage, mergeCropPass, type CropPassOptions } from './crop-pass'
import { hysteresisMask } from './hysteresis'
import { removeSmallIslands } from './islands-and-holes'
import { DEFAULT_REFINE_OPTIONS, refineMatteWithStats, type RefineOptions, type RefineStats } from './refine-matte'

export type SegmentFn = (photo: RgbaImage) => Promise<Mask>

export interface ProductMatteOptions {
  refine: Partial<RefineOptions>
  /** false skips the crop pass. */
  cropPass: Partial<CropPassOptions> | false
}

export interface ProductMatte {
  mask: Mask
  /** The model's probability after the crop pass (what refinement started from). */
  prob: Mask
  stats: RefineStats & { cropPass: boolean }
}

export async function productMatte(photo: RgbaImage, segment: SegmentFn, options: Partial<ProductMatteOptions> = {}): Promise<ProductMatte> {
  let refine = { ...DEFAULT_REFINE_OPTIONS, ...options.refine }
  let prob = await segment(photo)
  let cropPass = false
  if (options.cropPass !== false) {
    // The product's extent from the model's sure pieces, so a stray speck does not widen it.
    const sure = hysteresisMask(prob, refine.threshold, refine.sureThreshold).mask
    const kept = removeSmallIslands(sure, { minShareOfLargest: refine.minIslandShareOfLargest, minShareOfImage: refine.minIslandShareOfImage }).mask
    const box = cropForSecondPass({ width: kept.width, height: kept.height, data: Float32Array.from(kept.data) }, options.cropPass)
    if (box) {
      const second = await segment(cropImage(photo, box))
      prob = mergeCropPass(prob, second, box)
      cropPass = true
      refine = { ...refine, radiusSide: Math.max(box[2], box[3]) }
    }
  }
  const refined = refineMatteWithStats(prob, photo, refine)
  return { mask: refined.mask, prob, stats: { ...refined.stats, cropPass } }
}
