import type { Box } from '../../image/raster'
import type { SceneLayout } from '../background/scene-types'
import { boxToPixels, layoutFor, type LayoutKind } from '../compose/ad-layout'

export interface PlacementInput {
  /** Bounding box of the product in the source photo (px); only its aspect and size matter. */
  productBox: Box
  canvas: { width: number; height: number }
  layout: SceneLayout
  /**
   * Where the product must go, [x, y, w, h] in canvas px (the request's `product_box`): the
   * product is fitted inside it, centred, its base on the box's bottom edge. Null: the layout decides.
   */
  override?: Box | null
  /** Target product height as a share of the canvas height; replaces the layout's region height. */
  fill?: number
}

export interface Placement {
  /** Source px → canvas px. */
  scale: number
  /** Integer canvas box where the product's bbox lands. */
  box: Box
  /** y (px) of the floor line the product's contact points must stand on. */
  floorY: number
  layout: LayoutKind
  /** The region the layout (or the override) gave the product, canvas px. */
  region: Box
}

/** Nothing may touch the canvas edge: crops and ad-platform safe zones eat the border. */
const MARGIN_SHARE = 0.03
/** The product's region keeps at least this share of its height above the floor line. */
const MIN_REGION_HEIGHT = 0.3

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v))

/**
 * Where the product goes. Sizes are derived from the canvas, its layout (ad-layout.ts) and the
 * product's aspect ratio only, so a 400 px and a 4000 px photo of the same product land on the
 * same box (±1 px of rounding).
 */
export function computePlacement(input: PlacementInput): Placement {
  const W = Math.max(1, Math.round(input.canvas.width))
  const H = Math.max(1, Math.round(input.canvas.height))
  const pw = Math.max(1, input.productBox[2])
  const ph = Math.max(1, input.productBox[3])
  const aspect = pw / ph
  const spec = layoutFor(W, H)
  const mx = Math.max(1, Math.ceil(W * MARGIN_SHARE))
  const my = Math.max(1, Math.ceil(H * MARGIN_SHARE))

  if (input.override) return placeInBox(input.override, aspect, pw, ph, W, H, spec.kind)

  const [rx, ry, rw] = boxToPixels(spec.product, W, H)
  const groundY = Number.isFinite(input.layout.groundY) ? input.layout.groundY : H * 0.85
  // The floor line is the scene's, but the region must keep room above it and a margin below.
  const floor = clamp(Math.round(groundY), Math.round(ry + MIN_REGION_HEIGHT * (H - ry)), H - my)
  let regionH = floor - ry
  if (input.fill !== undefined) regionH = clamp(input.fill, 0.1, 0.9) * H
  const regionW = Math.min(rw, W - 2 * mx)

  let h = Math.min(regionH, floor - my)
  let w = h * aspect
  if (w > regionW) {
    w = regionW
    h = w / aspect
  }
  // A product filling its whole region crowds the frame: cap its area share.
  const maxArea = spec.maxShare * W * H
  if (input.fill === undefined && w * h > maxArea) {
    const k = Math.sqrt(maxArea / (w * h))
    w *= k
    h *= k
  }
  const wi = clamp(Math.round(w), 1, W - 2 * mx)
  const hi = clamp(Math.round(h), 1, floor - my)
  const cx = rx + rw / 2
  const x = clamp(Math.round(cx - wi / 2), mx, W - mx - wi)
  // The longer side carries the least rounding error.
  const scale = pw >= ph ? wi / pw : hi / ph
  return { scale, box: [x, floor - hi, wi, hi], floorY: floor, layout: spec.kind, region: [rx, ry, rw, floor - ry] }
}

/** The product fitted inside a given box (contain), centred, standing on its bottom edge. */
function placeInBox(b: Box, aspect: number, pw: number, ph: number, W: number, H: number, kind: LayoutKind): Placement {
  const bx = clamp(Math.round(b[0]), 0, W - 1)
  const by = clamp(Math.round(b[1]), 0, H - 1)
  const bw = clamp(Math.round(b[2]), 1, W - bx)
  const bh = clamp(Math.round(b[3]), 1, H - by)
  let w = bw
  let h = w / aspect
  if (h > bh) {
    h = bh
    w = h * aspect
  }
  const wi = clamp(Math.round(w), 1, bw)
  const hi = clamp(Math.round(h), 1, bh)
  const x = bx + Math.round((bw - wi) / 2)
  const floor = by + bh
  const scale = pw >= ph ? wi / pw : hi / ph
  return { scale, box: [x, floor - hi, wi, hi], floorY: floor, layout: kind, region: [bx, by, bw, bh] }
}
