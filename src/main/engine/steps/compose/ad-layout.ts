/**
 * The ad's layout for its aspect ratio: where the product and the copy go. One table for every
 * size, so a 1080x1080 post, a 1080x1920 story and a 1200x628 banner are each composed the way a
 * designer would set that format, and an export at another size follows the same rules.
 *
 * Regions are fractions of the canvas ([x, y, w, h]). The product's region ends at the scene's
 * floor line (the product stands on it); the copy's region never meets the product's region.
 */
import type { Box } from '../../image/raster'
import { STORY_BAND } from './safe-area'

export type LayoutKind = 'tall' | 'story' | 'portrait' | 'square' | 'landscape' | 'banner' | 'wide-banner'

export interface LayoutSpec {
  kind: LayoutKind
  /** Where the copy goes: 'top' above the product, 'left' beside it. */
  textSide: 'top' | 'left'
  /** Copy region (fractions of the canvas). */
  text: Box
  /** Product region (fractions); its bottom is the floor line the scene puts under the product (floorShare). */
  product: Box
  /**
   * Largest share of the canvas's area the product's box may take: beyond it the product crowds
   * the frame. It is also the share a product of average shape gets.
   */
  maxShare: number
  /** Smallest share a product with an aspect between 1:2.5 and 2.5:1 gets (tested). */
  minShare: number
}

/**
 * The table. Story formats keep the top and bottom STORY_BAND (platform UI) free of copy; banners
 * put the product on the right and the copy on the left, read first.
 */
const SPECS: Record<LayoutKind, Omit<LayoutSpec, 'kind'>> = {
  // Taller than 9:16 (1080x2160 and up): like a story, the product a little lower.
  tall: { textSide: 'top', text: [0.08, STORY_BAND + 0.01, 0.84, 0.15], product: [0.08, 0.3, 0.84, 0.5], maxShare: 0.3, minShare: 0.12 },
  // 9:16 stories: copy right under the top UI band.
  story: { textSide: 'top', text: [0.08, STORY_BAND + 0.01, 0.84, 0.17], product: [0.08, 0.32, 0.84, 0.48], maxShare: 0.3, minShare: 0.15 },
  // 4:5 feed posts.
  portrait: { textSide: 'top', text: [0.08, 0.05, 0.84, 0.2], product: [0.1, 0.27, 0.8, 0.57], maxShare: 0.32, minShare: 0.16 },
  square: { textSide: 'top', text: [0.08, 0.05, 0.84, 0.21], product: [0.1, 0.28, 0.8, 0.58], maxShare: 0.32, minShare: 0.13 },
  // 4:3 to 3:2: side by side, the copy's column a little wider than in banners.
  landscape: { textSide: 'left', text: [0.05, 0.12, 0.44, 0.76], product: [0.51, 0.08, 0.45, 0.8], maxShare: 0.3, minShare: 0.1 },
  // 1.91:1 link banners and up to 2.5:1.
  banner: { textSide: 'left', text: [0.05, 0.12, 0.42, 0.76], product: [0.49, 0.07, 0.48, 0.83], maxShare: 0.3, minShare: 0.14 },
  // Leaderboards (2.5:1 and wider): the product a third of the width, the copy the rest.
  'wide-banner': { textSide: 'left', text: [0.04, 0.1, 0.56, 0.8], product: [0.63, 0.06, 0.34, 0.84], maxShare: 0.28, minShare: 0.07 },
}

/** Width / height bounds between the layouts (each bound belongs to the wider side). */
export const LAYOUT_BOUNDS: [LayoutKind, number][] = [
  ['tall', 0.5],
  ['story', 0.7],
  ['portrait', 0.9],
  ['square', 1.25],
  ['landscape', 1.5],
  ['banner', 2.5],
  ['wide-banner', Infinity],
]

/**
 * The headline's cap height is never below this share of the canvas's short side (28 px on a
 * 1200x628 banner, 43 px on 1080x1080): the copy must read at feed size on a phone.
 */
export const MIN_CAP_SHARE = 0.04

export function layoutKind(width: number, height: number): LayoutKind {
  const a = width / height
  for (const [kind, upTo] of LAYOUT_BOUNDS) if (a < upTo) return kind
  return 'wide-banner'
}

export function layoutFor(width: number, height: number): LayoutSpec {
  const kind = layoutKind(width, height)
  return { kind, ...SPECS[kind] }
}

/** A fraction box in canvas pixels (integers, inside the canvas). */
export function boxToPixels(f: Box, width: number, height: number): Box {
  const x = Math.max(0, Math.min(width - 1, Math.round(f[0] * width)))
  const y = Math.max(0, Math.min(height - 1, Math.round(f[1] * height)))
  const w = Math.max(1, Math.min(width - x, Math.round(f[2] * width)))
  const h = Math.max(1, Math.min(height - y, Math.round(f[3] * height)))
  return [x, y, w, h]
}

/** A pixel box as fractions of the canvas, rounded to 4 decimals (what job.json records). */
export function boxToFractions(b: Box, width: number, height: number): Box {
  const r = (v: number): number => Math.round(v * 1e4) / 1e4
  return [r(b[0] / width), r(b[1] / height), r(b[2] / width), r(b[3] / height)]
}

/** Where the product stands (share of the canvas height): the bottom of the layout's product region. */
export function floorShare(width: number, height: number): number {
  const p = layoutFor(width, height).product
  return p[1] + p[3]
}

export function minCapPx(width: number, height: number): number {
  return Math.ceil(MIN_CAP_SHARE * Math.min(width, height))
}
