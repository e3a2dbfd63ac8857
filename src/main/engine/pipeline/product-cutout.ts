import { join } from 'node:path'
import sharp from 'sharp'
import type { SegmentationModel } from '../../../shared/generate-request'
import { EngineError } from '../errors'
import type { DecodedImage } from '../image/decode'
import { alphaOf, type Box, type Mask, type RgbaImage } from '../image/raster'
import { hasMeaningfulAlpha } from '../steps/segment/alpha-detect'
import { cutoutDoubts } from '../steps/segment/cutout-doubts'
import { maskBoundingBox } from '../steps/segment/mask-bounds'
import { applyMaskEdits, type MaskEdit } from '../steps/segment/mask-strokes'
import { MaskCache } from '../steps/segment/mask-cache'
import { productMatte } from '../steps/segment/product-matte'
import type { EngineContext } from './engine-context'
import type { Stopwatch } from './stopwatch'

export interface Cutout {
  photo: RgbaImage
  matte: Mask
  /** `alpha` when the photo's own transparency was used, `supplied` for product_mask, else the model. */
  source: 'alpha' | 'supplied' | SegmentationModel
  /** The part of the photo (its pixels) that holds the product. */
  sourceBox: Box
  notes: Record<string, number | boolean | string>
}

/** Everything above this alpha counts for the product's box, so soft edges are not cropped. */
const BOX_THRESHOLD = 0.1

export interface Matte {
  matte: Mask
  source: Cutout['source']
  notes: Cutout['notes']
}

export interface MatteSources {
  /** The photo file's bytes: with them the mask is cached on disk per photo and model. */
  photoBytes?: Uint8Array
  /** A mask supplied with the photo (`product_mask`, checked by decodeProductMask): no segmentation. */
  supplied?: Mask
  /** Hand corrections (`cutout_edits`), applied to whichever mask the photo got; never cached. */
  edits?: readonly MaskEdit[]
}

/** Where the kept masks live: beside the assembled models in the cache folder. */
export const maskCacheFor = (ctx: EngineContext): MaskCache => new MaskCache(join(ctx.options.cacheDir, 'masks'))

/**
 * The product's alpha at the photo's size, from the first of: a supplied mask, the photo's own
 * alpha, the mask cache, segmentation + refinement (then stored in the cache). `notes.mask` says
 * which, for job.json.
 */
export async function computeMatte(decoded: DecodedImage, ctx: EngineContext, model: SegmentationModel, sw: Stopwatch, sources: MatteSources = {}): Promise<Matte> {
  const photo = decoded.image
  if (sources.supplied) return { matte: sources.supplied, source: 'supplied', notes: { mask: 'supplied' } }
  if (decoded.hadAlpha && hasMeaningfulAlpha(photo)) return { matte: alphaOf(photo), source: 'alpha', notes: { mask: 'own_alpha' } }
  const cache = sources.photoBytes ? maskCacheFor(ctx) : null
  const key = sources.photoBytes ? MaskCache.key(sources.photoBytes, model) : ''
  if (cache) {
    const kept = await sw.time('mask_cache', () => cache.get(key, photo.width, photo.height))
    if (kept) return { matte: kept, source: model, notes: { mask: 'cached', ...doubtNotes(kept, null) } }
  }
  const segmenter = await sw.time('model_load', () => ctx.segmenter(model))
  // Inference time is 'segmentation' (both passes), the rest of productMatte is 'matte_refine'.
  let inferenceMs = 0
  const segment = async (img: RgbaImage) => {
    const t = performance.now()
    try {
      return await segmenter.segment(img)
    } finally {
      inferenceMs += performance.now() - t
    }
  }
  const t0 = performance.now()
  const result = await productMatte(photo, segment)
  sw.add('segmentation', inferenceMs)
  sw.add('matte_refine', performance.now() - t0 - inferenceMs)
  const s = result.stats
  const notes: Cutout['notes'] = {
    mask: 'computed',
    crop_pass: s.cropPass,
    unsure_dropped: s.unsureDropped,
    islands_removed: s.islandsRemoved,
    holes_filled: s.holesFilled,
    ...doubtNotes(result.mask, result.prob),
  }
  if (cache) notes.mask_cached = await sw.time('mask_cache', () => cache.put(key, result.mask))
  return { matte: result.mask, source: model, notes }
}

/** `cutout_check` in job.json: why the cutout deserves a look (a batch flags the item), if it does. */
function doubtNotes(matte: Mask, prob: Mask | null): Cutout['notes'] {
  const { doubts } = cutoutDoubts(matte, prob)
  return doubts.length ? { cutout_check: doubts.join(',') } : {}
}

export async function cutOutProduct(
  decoded: DecodedImage,
  ctx: EngineContext,
  model: SegmentationModel,
  sw: Stopwatch,
  sources: MatteSources = {},
): Promise<Cutout> {
  const base = await computeMatte(decoded, ctx, model, sw, sources)
  const { source, notes } = base
  let matte = base.matte
  if (sources.edits?.length) {
    const edits = sources.edits
    matte = await sw.time('mask_edits', () => applyMaskEdits(base.matte, decoded.image, edits))
    notes.mask_edits = edits.length
  }
  const sourceBox = maskBoundingBox(matte, BOX_THRESHOLD)
  if (!sourceBox) {
    const edited = Boolean(sources.edits?.length) && maskBoundingBox(base.matte, BOX_THRESHOLD) !== null
    const field = edited ? 'cutout_edits' : source === 'supplied' ? 'product_mask' : 'product_image'
    const why = edited
      ? 'the corrections erase the whole product (no product pixels are left)'
      : source === 'supplied'
        ? 'has no product pixels'
        : 'no product could be separated from the background (the cutout is empty)'
    throw new EngineError('invalid_image', `${field}: ${why}`, field)
  }
  return { photo: decoded.image, matte, source, sourceBox, notes }
}

/**
 * The product's own pixels, cropped to its box and resampled once to the canvas size (Lanczos),
 * with the matte as alpha. Nothing else ever repaints them.
 */
export async function resampleProduct(cut: Cutout, width: number, height: number): Promise<RgbaImage> {
  const [x, y, w, h] = cut.sourceBox
  const crop = new Uint8ClampedArray(w * h * 4)
  const src = cut.photo.data
  const m = cut.matte.data
  for (let row = 0; row < h; row++) {
    const si = ((y + row) * cut.photo.width + x) * 4
    crop.set(src.subarray(si, si + w * 4), row * w * 4)
    const mi = (y + row) * cut.photo.width + x
    for (let col = 0; col < w; col++) crop[(row * w + col) * 4 + 3] = Math.round(m[mi + col] * 255)
  }
  const out = await sharp(Buffer.from(crop.buffer), { raw: { width: w, height: h, channels: 4 } })
    .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer()
  return { width, height, data: new Uint8ClampedArray(out.buffer, out.byteOffset, out.length) }
}
