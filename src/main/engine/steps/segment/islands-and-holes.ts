/**
 * Topological clean-up of a thresholded matte: drop stray foreground specks and fill pin holes,
 * while keeping everything that is plausibly part of the product.
 *
 * Sizes are relative (to the largest piece, the product, the frame) rather than in pixels so the
 * same defaults behave alike on a 1024² working copy and on a 50 MP original.
 */
import type { Mask } from '../../image/raster'
import { labelComponents, type BinaryMask } from './connected-components'

export interface IslandOptions {
  /**
   * A piece survives if it reaches this share of the largest piece (0.05: a lid or a second
   * figurine beside the first is 10-30%; a crumb, a peanut or a coin on the table 1-4%), or
   * else the share below.
   */
  minShareOfLargest: number
  /**
   * Share of the whole frame that also keeps a piece (0.005 ≈ 5200 px at 1024²): an item of
   * a group that is small next to the largest one but plainly an object of its own in the frame.
   */
  minShareOfImage: number
}

/** 0.05 / 0.005 measured on the cutout set: 0.015 / 0.002 kept crumbs on 2 of 21 photos (−0.02 IoU). */
export const DEFAULT_ISLAND_OPTIONS: IslandOptions = { minShareOfLargest: 0.05, minShareOfImage: 0.005 }

export interface HoleOptions {
  /** Enclosed background up to this share of the product area is filled (0.003)... */
  maxShareOfProduct: number
  /**
   * ...and so is any up to this share of the frame (4e-5 ≈ 42 px at 1024²), so a small product
   * still gets its pin holes closed although 0.3% of its area is only a pixel or two.
   */
  maxShareOfImage: number
}

export const DEFAULT_HOLE_OPTIONS: HoleOptions = { maxShareOfProduct: 0.003, maxShareOfImage: 4e-5 }

export interface IslandResult {
  mask: BinaryMask
  /** Foreground pieces kept. */
  kept: number
  removed: number
  removedArea: number
}

export interface HoleResult {
  mask: BinaryMask
  filled: number
  filledArea: number
  /** Enclosed background regions left open because they are real openings. */
  keptOpen: number
}

/** 1 where `mask ≥ threshold`. */
export function thresholdMask(mask: Mask, threshold = 0.5): BinaryMask {
  const src = mask.data
  const out = new Uint8Array(src.length)
  for (let i = 0; i < src.length; i++) out[i] = src[i] >= threshold ? 1 : 0
  return { width: mask.width, height: mask.height, data: out }
}

/**
 * Remove foreground pieces that are small both next to the largest piece and next to the frame.
 * Every piece of meaningful size is kept: several objects on a tray are one product.
 */
export function removeSmallIslands(mask: BinaryMask, options: Partial<IslandOptions> = {}): IslandResult {
  const opts = { ...DEFAULT_ISLAND_OPTIONS, ...options }
  const { width, height } = mask
  const cc = labelComponents(mask, { connectivity: 8, value: 1 })
  let largest = 0
  for (let l = 1; l <= cc.count; l++) if (cc.areas[l] > largest) largest = cc.areas[l]
  const minOfLargest = opts.minShareOfLargest * largest
  const minOfImage = opts.minShareOfImage * width * height
  const keep = new Uint8Array(cc.count + 1)
  let kept = 0
  let removed = 0
  let removedArea = 0
  for (let l = 1; l <= cc.count; l++) {
    const area = cc.areas[l]
    if (area < minOfLargest && area < minOfImage) {
      removed++
      removedArea += area
    } else {
      keep[l] = 1
      kept++
    }
  }
  const out = new Uint8Array(width * height)
  const labels = cc.labels
  for (let i = 0; i < out.length; i++) out[i] = keep[labels[i]]
  return { mask: { width, height, data: out }, kept, removed, removedArea }
}

/**
 * Fill background regions that do not reach the frame and are small next to the product.
 * Larger enclosed regions (a mug handle's opening, the counter of an "O", the gap inside a tray)
 * are real see-through areas and stay background.
 */
export function fillSmallHoles(mask: BinaryMask, options: Partial<HoleOptions> = {}): HoleResult {
  const opts = { ...DEFAULT_HOLE_OPTIONS, ...options }
  const { width, height, data } = mask
  const n = width * height
  let productArea = 0
  for (let i = 0; i < n; i++) productArea += data[i]
  const out = new Uint8Array(data)
  if (productArea === 0 || productArea === n) {
    return { mask: { width, height, data: out }, filled: 0, filledArea: 0, keptOpen: 0 }
  }
  const cc = labelComponents(mask, { connectivity: 4, value: 0 })
  const maxArea = Math.max(opts.maxShareOfProduct * productArea, opts.maxShareOfImage * n)
  const fill = new Uint8Array(cc.count + 1)
  let filled = 0
  let filledArea = 0
  let keptOpen = 0
  for (let l = 1; l <= cc.count; l++) {
    if (cc.touchesBorder[l]) continue
    if (cc.areas[l] <= maxArea) {
      fill[l] = 1
      filled++
      filledArea += cc.areas[l]
    } else {
      keptOpen++
    }
  }
  if (filled > 0) {
    const labels = cc.labels
    for (let i = 0; i < n; i++) if (fill[labels[i]]) out[i] = 1
  }
  return { mask: { width, height, data: out }, filled, filledArea, keptOpen }
}
