import type { Box } from '../../image/raster'
import type { SceneLayout } from '../background/scene-types'

export interface PlacementInput {
  /** Bounding box of the product in the source photo (px); only its aspect and size matter. */
  productBox: Box
  canvas: { width: number; height: number }
  layout: SceneLayout
  /** Target product height as a share of the canvas height (default 0.55, banners 0.62). */
  fill?: number
}

export interface Placement {
  /** Source px → canvas px. */
  scale: number
  /** Integer canvas box where the product's bbox lands. */
  box: Box
}

/** Nothing may touch the canvas edge: crops and ad-platform safe zones eat the border. */
const MARGIN_SHARE = 0.03
/** Wide trays must not span the whole canvas even when their height share is small. */
const MAX_WIDTH_SHARE = 0.68
/** From this width/height on the canvas is a banner: the copy goes beside the product, not above. */
const BANNER_ASPECT = 1.5
const BANNER_MAX_WIDTH_SHARE = 0.42
/** Banner products sit in the right part of the frame, leaving the left for text. */
const BANNER_CENTRE_X = 0.7
/** Square and portrait ads carry their headline above the product. */
const TEXT_BAND_SHARE = 0.2
/** Shrinking for the headline stops here: a tiny product is a worse ad than a tight headline. */
const MIN_FILL = 0.3

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v))

/**
 * Where the product goes. Sizes are derived from the canvas and the product's aspect ratio only,
 * so a 400 px and a 4000 px photo of the same product land on the same box (±1 px of rounding).
 */
export function computePlacement(input: PlacementInput): Placement {
  const W = Math.max(1, Math.round(input.canvas.width))
  const H = Math.max(1, Math.round(input.canvas.height))
  const pw = Math.max(1, input.productBox[2])
  const ph = Math.max(1, input.productBox[3])
  const aspect = pw / ph
  const banner = W / H >= BANNER_ASPECT
  const mx = Math.max(1, Math.ceil(W * MARGIN_SHARE))
  const my = Math.max(1, Math.ceil(H * MARGIN_SHARE))

  const fill = clamp(input.fill ?? (banner ? 0.62 : 0.55), 0.1, 0.9)
  const groundY = Number.isFinite(input.layout.groundY) ? input.layout.groundY : H * 0.85
  const ground = clamp(groundY, my + 1, H - my)

  let h = fill * H
  if (!banner) h = Math.min(h, Math.max(ground - TEXT_BAND_SHARE * H, MIN_FILL * H))
  h = Math.min(h, H - 2 * my)
  const maxW = Math.min((banner ? BANNER_MAX_WIDTH_SHARE : MAX_WIDTH_SHARE) * W, W - 2 * mx)
  let w = h * aspect
  if (w > maxW) {
    w = maxW
    h = w / aspect
  }
  const wi = clamp(Math.round(w), 1, W - 2 * mx)
  const hi = clamp(Math.round(h), 1, H - 2 * my)

  // The base stands on the ground line unless that would push the box through a margin.
  const base = clamp(Math.round(ground), my + hi, H - my)
  const cx = banner ? BANNER_CENTRE_X * W : W / 2
  const x = clamp(Math.round(cx - wi / 2), mx, W - mx - wi)
  // The longer side carries the least rounding error.
  const scale = pw >= ph ? wi / pw : hi / ph
  return { scale, box: [x, base - hi, wi, hi] }
}
