/**
 * Turns the segmentation network's soft probability map into a production alpha matte:
 *
 *   1. threshold and drop specks / small islands (keeping every sizeable piece: a tray of items is
 *      one product);
 *   2. fill pin holes but leave real openings (mug handle, letter counters) transparent;
 *   3. feather along the photo's own edges with a guided filter, only inside a band around the
 *      cleaned outline; where the photo has no edge to follow (white on white) fall back to the
 *      network's edge instead of a blur; then a contrast curve so the interior is exactly 1 and
 *      the background exactly 0.
 *
 * Photos above `maxWorkingPixels` are refined at an integer-downscaled working resolution and the
 * edge is rebuilt at full resolution from the upsampled filter coefficients (fast guided filter),
 * which keeps 50 MP inputs to a fraction of a second and a few hundred MB.
 */
import type { Mask, RgbaImage } from '../../image/raster'
import { boxFilter } from './box-filter'
import type { BinaryMask } from './connected-components'
import { dilate, erode } from './grid-morphology'
import { guidedFilterCoefficients } from './guided-filter'
import { hysteresisMask } from './hysteresis'
import { DEFAULT_ISLAND_OPTIONS, fillSmallHoles, removeSmallIslands, thresholdMask } from './islands-and-holes'
import {
  CLASS_EDGE,
  composeFullResolution,
  downsampleLuma,
  downsampleMask,
  workingFactor,
  type AlphaCurve,
  type Region,
  type WorkingMatte,
} from './working-resolution'

export interface RefineOptions {
  /** Probability at which a pixel counts as product for the topology steps. */
  threshold: number
  /** A connected piece of `p ≥ threshold` is kept only if it holds a pixel at or above this. */
  sureThreshold: number
  /** See IslandOptions: a piece is dropped only when below both shares. */
  minIslandShareOfLargest: number
  minIslandShareOfImage: number
  /** See HoleOptions: an enclosed hole is filled when below either share. */
  maxHoleShareOfProduct: number
  maxHoleShareOfImage: number
  /** Guided-filter radius as a share of max(width, height)… */
  radiusScale: number
  /** …but never below this many pixels, or the filter has no room to find the edge. */
  minRadius: number
  /**
   * The photo side the network's 1024 pixels spanned (0: the photo's longer side). After a crop
   * pass the network saw the product finer, and the filter window shrinks with its edge.
   */
  radiusSide: number
  /** Guide variance (luma in 0..1) below which texture is smoothed rather than followed. */
  eps: number
  /** Half-width of the fractional band around the outline, in guided-filter radii. */
  bandRadii: number
  /** Filtered alpha at or below `curveLow` becomes 0, at or above `curveHigh` becomes 1. */
  curveLow: number
  curveHigh: number
  /** Above this many pixels the heavy steps run on a block-averaged copy. */
  maxWorkingPixels: number
  /** Guided-filter edge; false leaves the clean binary matte (for measuring what the filter adds). */
  feather: boolean
}

/**
 * Why these values:
 * - radius 0.004·max(w, h) (4 px at 1024, 16 px at 4000): ISNet's edge is a few of its 1024-px
 *   pixels wide, so the window scales with the photo to always straddle it.
 * - eps 2e-3: a window half on each side of an edge has variance Δ²/4, so luma steps above
 *   ~0.09 (≈ 23 levels) are followed while noise and print texture under ~11 levels are smoothed.
 * - band 2 radii: the filter's influence reaches 2·radius (two box passes), and anything beyond
 *   is decided by the clean binary matte, so the background is exactly 0.
 * - curve 0.05..0.95: removes the filter's faint low/high tails without eating real soft edges.
 * - 4.2 MP working size: a 12 MP photo is refined at half size, 50 MP at a quarter, which keeps
 *   the whole step well under a second and ~O(working pixels) of scratch memory.
 */
export const DEFAULT_REFINE_OPTIONS: RefineOptions = {
  threshold: 0.5,
  sureThreshold: 0.8,
  minIslandShareOfLargest: DEFAULT_ISLAND_OPTIONS.minShareOfLargest,
  minIslandShareOfImage: DEFAULT_ISLAND_OPTIONS.minShareOfImage,
  maxHoleShareOfProduct: 0.003,
  maxHoleShareOfImage: 4e-5,
  radiusScale: 0.004,
  minRadius: 2,
  radiusSide: 0,
  eps: 2e-3,
  bandRadii: 2,
  curveLow: 0.05,
  curveHigh: 0.95,
  maxWorkingPixels: 4_200_000,
  feather: true,
}

export interface RefineStats {
  /** Pieces the model never was sure of (no pixel ≥ sureThreshold), dropped. */
  unsureDropped: number
  /** Foreground pieces kept (1 for a single product, more for a tray). */
  piecesKept: number
  islandsRemoved: number
  /** In photo pixels (estimated from the working resolution when downscaled). */
  islandAreaRemoved: number
  holesFilled: number
  holeAreaFilled: number
  /** Enclosed see-through regions deliberately left transparent. */
  openingsKept: number
  /** Guided-filter radius in photo pixels. */
  radius: number
  /** Working resolution ÷ photo resolution (1 when refined at full size). */
  workingScale: number
  /** Share of the photo whose alpha may be fractional. */
  edgeBandShare: number
}

export interface RefineResult {
  mask: Mask
  stats: RefineStats
}

/** Clamp-and-steepen: linear stretch of [low, high] to [0, 1], then smoothstep. */
function makeCurve(low: number, high: number): AlphaCurve {
  const scale = 1 / Math.max(1e-6, high - low)
  return (q: number): number => {
    const t = (q - low) * scale
    if (t <= 0) return 0
    if (t >= 1) return 1
    return t * t * (3 - 2 * t)
  }
}

/** Bounds of the 1-pixels as a region, or null when there are none. */
function foregroundRegion(mask: BinaryMask): Region | null {
  const { width, height, data } = mask
  let x0 = width
  let x1 = -1
  let y0 = -1
  let y1 = -1
  for (let y = 0; y < height; y++) {
    const row = y * width
    for (let x = 0; x < width; x++) {
      if (data[row + x] === 0) continue
      if (y0 < 0) y0 = y
      y1 = y
      if (x < x0) x0 = x
      // Jump to the row's last foreground pixel: only the extremes matter.
      let last = width - 1
      while (data[row + last] === 0) last--
      if (last > x1) x1 = last
      break
    }
  }
  return y0 < 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 }
}

function growRegion(r: Region, by: number, width: number, height: number): Region {
  const x = Math.max(0, r.x - by)
  const y = Math.max(0, r.y - by)
  return {
    x,
    y,
    width: Math.min(width, r.x + r.width + by) - x,
    height: Math.min(height, r.y + r.height + by) - y,
  }
}

/**
 * The edge band over `region` of the clean matte (rows `stride` long): pixels whose (2r+1)²
 * window, clipped to the region, holds both product and background (the clean matte's box mean
 * strictly inside (1e-6, 1 - 1e-6)). For windows of up to 500 000 pixels a mean can only be that
 * close to 0 or 1 when it is exactly 0 or 1, so the test is done exactly with byte dilation and
 * erosion instead of a float box filter.
 */
function edgeBand(clean: Uint8Array, stride: number, region: Region, r: number): Uint8Array {
  const { width: w, height: h } = region
  const crop = new Uint8Array(w * h)
  for (let y = 0; y < h; y++) {
    const src = (region.y + y) * stride + region.x
    crop.set(clean.subarray(src, src + w), y * w)
  }
  if ((2 * r + 1) * (2 * r + 1) > 500_000) {
    const coverage = boxFilter(new Float32Array(crop), w, h, r)
    for (let k = 0; k < crop.length; k++) crop[k] = coverage[k] > 1e-6 && coverage[k] < 1 - 1e-6 ? 1 : 0
    return crop
  }
  const any = dilate(crop, w, h, r)
  const all = erode(crop, w, h, r)
  for (let k = 0; k < any.length; k++) any[k] &= all[k] ^ 1
  return any
}

/**
 * Row y of the region: edge pixels become CLASS_EDGE and, where the clean-up kept the network's
 * label, take its soft value as filter input. Returns the row's edge pixels.
 */
function markEdgeRow(
  edge: Uint8Array,
  y: number,
  region: Region,
  ww: number,
  classes: Uint8Array,
  input: Float32Array,
  bin: Uint8Array,
  clean: Uint8Array,
  p: Float32Array,
): number {
  let count = 0
  for (let x = 0, k = y * region.width, i = (region.y + y) * ww + region.x; x < region.width; x++, k++, i++) {
    if (!edge[k]) continue
    classes[i] = CLASS_EDGE
    count++
    if (bin[i] === clean[i]) input[k] = p[i] < 0 ? 0 : p[i] > 1 ? 1 : p[i]
  }
  return count
}

export function refineMatteWithStats(raw: Mask, photo: RgbaImage, options: Partial<RefineOptions> = {}): RefineResult {
  const opts: RefineOptions = { ...DEFAULT_REFINE_OPTIONS, ...options }
  const { width, height } = raw
  if (photo.width !== width || photo.height !== height) {
    throw new RangeError(`refineMatte: matte ${width}x${height} does not match photo ${photo.width}x${photo.height}`)
  }
  const f = workingFactor(width, height, opts.maxWorkingPixels)
  const prob = downsampleMask(raw, f)
  const ww = prob.width
  const wh = prob.height
  const n = ww * wh

  const binary = thresholdMask(prob, opts.threshold)
  const sure = hysteresisMask(prob, opts.threshold, opts.sureThreshold)
  const islands = removeSmallIslands(sure.mask, {
    minShareOfLargest: opts.minIslandShareOfLargest,
    minShareOfImage: opts.minIslandShareOfImage,
  })
  const holes = fillSmallHoles(islands.mask, {
    maxShareOfProduct: opts.maxHoleShareOfProduct,
    maxShareOfImage: opts.maxHoleShareOfImage,
  })
  const clean = holes.mask.data
  const side = opts.radiusSide > 0 ? opts.radiusSide / f : Math.max(ww, wh)
  const radius = Math.max(opts.minRadius, Math.round(opts.radiusScale * side))
  const bandRadius = Math.max(1, Math.ceil(opts.bandRadii * radius))

  const classes = new Uint8Array(clean) // CLASS_FOREGROUND is 1, CLASS_BACKGROUND 0
  const bounds = foregroundRegion(holes.mask)
  // Edge pixels lie within bandRadius of the product, and their filter windows reach 2·radius
  // further: outside that region everything is plain background, so the filter skips it.
  // Clipping the boxes at the region edge changes nothing inside the band.
  const region = bounds ? growRegion(bounds, bandRadius + 2 * radius + 1, ww, wh) : { x: 0, y: 0, width: 0, height: 0 }
  const rn = region.width * region.height

  // Filter input: the clean binary matte, except inside the edge band where the network's own
  // soft values carry sub-pixel edge and hair information. Pixels whose label the clean-up
  // changed (removed specks, filled holes) keep the cleaned value.
  const input = new Float32Array(rn)
  for (let y = 0; y < region.height; y++) {
    const src = (region.y + y) * ww + region.x
    input.set(clean.subarray(src, src + region.width), y * region.width)
  }
  const edge = edgeBand(clean, ww, region, bandRadius)
  let bandPixels = 0
  if (opts.feather) for (let y = 0; y < region.height; y++) bandPixels += markEdgeRow(edge, y, region, ww, classes, input, binary.data, clean, prob.data)

  const empty = new Float32Array(0)
  let work: WorkingMatte = { width: ww, height: wh, classes, region, meanA: empty, meanB: empty, confidence: empty, input }
  if (bandPixels > 0) {
    const guide = downsampleLuma(photo, f, region)
    const plane = { width: region.width, height: region.height, data: input }
    const { meanA, meanB, confidence } = guidedFilterCoefficients(guide, plane, radius, opts.eps, true)
    work = { ...work, meanA, meanB, confidence: confidence ?? empty }
  }
  const mask = composeFullResolution(work, photo, f, makeCurve(opts.curveLow, opts.curveHigh))

  const area = f * f
  return {
    mask,
    stats: {
      unsureDropped: sure.dropped,
      piecesKept: islands.kept,
      islandsRemoved: islands.removed,
      islandAreaRemoved: islands.removedArea * area,
      holesFilled: holes.filled,
      holeAreaFilled: holes.filledArea * area,
      openingsKept: holes.keptOpen,
      radius: radius * f,
      workingScale: 1 / f,
      edgeBandShare: bandPixels / n,
    },
  }
}

/** Clean, edge-aware alpha matte for `photo` from the raw foreground probability `raw`. */
export function refineMatte(raw: Mask, photo: RgbaImage, options: Partial<RefineOptions> = {}): Mask {
  return refineMatteWithStats(raw, photo, options).mask
}
