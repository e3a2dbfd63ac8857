/**
 * Candidate text boxes and how they are weighed. A good headline spot is calm (little detail to
 * fight the letters), keeps off the product (the ad sells the product, not the copy), and already
 * contrasts with the text so the legibility guard has little to add.
 */
import type { Box } from '../../image/raster'
import { contrastAgainst } from './contrast'
import {
  boxDetail,
  boxLuminanceFromMap,
  boxProductFill,
  boxProductShare,
  type DetailMap,
} from './detail-map'
import { fitScale, MAX_UPSCALE } from './fit-layer'
import { platePadding } from './legibility-guard'
import { safeArea } from './safe-area'
import type { CandidateScore, ChosenPosition, CompositionMode, TextPosition } from './types'

/** Blend text may cover at most this share of the product. */
export const MAX_PRODUCT_SHARE = 0.05
/** Overlay text never covers the product (issue 10): only an antialiased fringe is tolerated. */
export const OVERLAY_PRODUCT_SHARE = 0.001
/** Canvases at least this wide (w / h) also try the left and right of the frame. */
export const WIDE_ASPECT = 1.3

export interface Candidate {
  position: ChosenPosition
  offset: number
  box: Box
  scale: number
}

interface Slot {
  position: ChosenPosition
  region: Box
  /** Where the text sits vertically inside its region: 0 top, 0.5 middle, 1 bottom. */
  align: number
  /** Vertical shifts, as fractions of the safe height, tried in order of preference. */
  shifts: number[]
}

function slots(width: number, height: number, which: TextPosition, sideSlots: boolean): Slot[] {
  const [sx, sy, sw, sh] = safeArea(width, height)
  // A headline band of about a fifth of the usable height and at most 84% of its width: any
  // bigger and the copy competes with the product, and a backing plate would run to the edge.
  const band = sh * (height > width * 1.4 ? 0.2 : 0.24)
  const mid = sh * 0.3
  const tw = sw * 0.84
  const tx = sx + (sw - tw) / 2
  const all: Slot[] = [
    { position: 'top', region: [tx, sy, tw, band], align: 0, shifts: [0, 0.07, 0.14] },
    { position: 'bottom', region: [tx, sy + sh - band, tw, band], align: 1, shifts: [0, -0.07, -0.14] },
    { position: 'center', region: [tx, sy + (sh - mid) / 2, tw, mid], align: 0.5, shifts: [0, -0.1, 0.1] },
  ]
  if (sideSlots) {
    // Left and right take half of the width less a gutter (the other half is the product's);
    // the plate room kept by candidateBoxes supplies the outer margin.
    const side = sw * 0.5 - sw * 0.03
    const sideH = sh * 0.7
    const sy2 = sy + (sh - sideH) / 2
    all.push({ position: 'left', region: [sx, sy2, side, sideH], align: 0.5, shifts: [0, -0.2, 0.2] })
    all.push({ position: 'right', region: [sx + sw - side, sy2, side, sideH], align: 0.5, shifts: [0, -0.2, 0.2] })
  }
  return which === 'auto' ? all : all.filter((s) => s.position === which)
}

/**
 * Candidate boxes for a layer of layerW x layerH. `shrink` (< 1) makes smaller variants for the
 * case where no full-size box keeps off the product; `sides` forces the left/right slots;
 * `glyphRatio` (one line's height / layer height) sizes the room kept for a backing plate, so
 * that text plus plate stay inside the safe area and a plate never runs to the canvas edge.
 */
export function candidateBoxes(
  width: number,
  height: number,
  layerW: number,
  layerH: number,
  position: TextPosition,
  opts: { shrink?: number; sides?: boolean; glyphRatio?: number } = {},
): Candidate[] {
  const [sx, sy, sw, sh] = safeArea(width, height)
  const shrink = opts.shrink ?? 1
  const sides = opts.sides ?? width / height >= WIDE_ASPECT
  const glyphRatio = Math.min(1, Math.max(0.05, opts.glyphRatio ?? 1))
  const out: Candidate[] = []
  for (const slot of slots(width, height, position, sides)) {
    const [rx, ry, rw, rh] = slot.region
    let px = 0
    let py = 0
    let scale = 0
    let ix0 = rx
    let iy0 = ry
    let ix1 = rx + rw
    let iy1 = ry + rh
    // The padding depends on the scale and the scale on the padding; two rounds settle it.
    for (let round = 0; round < 2; round++) {
      ix0 = Math.max(rx, sx + px)
      iy0 = Math.max(ry, sy + py)
      ix1 = Math.min(rx + rw, sx + sw - px)
      iy1 = Math.min(ry + rh, sy + sh - py)
      scale = fitScale(layerW, layerH, Math.max(1, ix1 - ix0), Math.max(1, iy1 - iy0), MAX_UPSCALE) * shrink
      ;[px, py] = platePadding(layerH * scale * glyphRatio)
    }
    // Integer box sizes must not round past the region.
    const bw = Math.max(1, Math.min(Math.floor(layerW * scale), Math.floor(sw)))
    const bh = Math.max(1, Math.min(Math.floor(layerH * scale), Math.floor(sh)))
    scale = Math.min(bw / layerW, bh / layerH)
    // Clamp into the safe area, keeping the plate's room where the safe area allows it.
    const minX = Math.min(sx + px, sx + (sw - bw) / 2)
    const maxX = Math.max(sx + sw - bw - px, sx + (sw - bw) / 2)
    const minY = Math.min(sy + py, sy + (sh - bh) / 2)
    const maxY = Math.max(sy + sh - bh - py, sy + (sh - bh) / 2)
    const seen = new Set<string>()
    slot.shifts.forEach((shift, offset) => {
      const x = ix0 + (ix1 - ix0 - bw) / 2
      const y = iy0 + (iy1 - iy0 - bh) * slot.align + shift * sh
      const bx = Math.round(Math.min(maxX, Math.max(minX, x)))
      const by = Math.round(Math.min(maxY, Math.max(minY, y)))
      const key = `${bx},${by}`
      // Shifts clamped against the safe area can collapse onto each other on short canvases.
      if (seen.has(key)) return
      seen.add(key)
      out.push({ position: slot.position, offset, box: [bx, by, bw, bh], scale })
    })
  }
  return out
}

const PRIOR: Record<ChosenPosition, number> = { top: 0.08, bottom: 0.05, center: 0, left: 0.04, right: 0.03, layout: 0.3, box: 0 }

export interface ScoreOptions {
  /** WCAG relative luminance of the text's dominant colour. */
  textLuminance: number
  mode: CompositionMode
  /** Height of one line of lettering / height of the layer (1 for a single line). */
  glyphRatio?: number
  /** The ad layout's copy region (canvas px): its candidates are preferred in auto and overlay. */
  region?: Box | null
  /** Apply the overlay rule (no product covered) whatever the mode: auto positions never cover it. */
  strict?: boolean
}

/** Scores candidates; the result is sorted best first (ties keep candidate order, so it is deterministic). */
export function scoreCandidates(map: DetailMap, candidates: Candidate[], opts: ScoreOptions): CandidateScore[] {
  const maxScale = candidates.reduce((m, c) => Math.max(m, c.scale), 1e-9)
  const clearance = 0.04 * Math.min(map.width, map.height)
  const glyphRatio = opts.glyphRatio ?? 1
  const scored = candidates.map((c, index) => {
    const [x, y, w, h] = c.box
    // Keep-out around the text: the margin a layout needs, or a backing plate's reach if larger.
    const [gx, gy] = platePadding(h * glyphRatio)
    const cx = Math.max(clearance, gx)
    const cy = Math.max(clearance, gy)
    const detail = boxDetail(map, c.box)
    // 0.05 luma std is a gently textured surface (linen, matte paper): half "free".
    const free = Math.exp((-detail / 0.05) * Math.LN2)
    const contrast = contrastAgainst(opts.textLuminance, boxLuminanceFromMap(map, c.box))
    const productShare = boxProductShare(map, c.box)
    const productFill = boxProductFill(map, c.box)
    const clearanceShare = boxProductShare(map, [x - cx, y - cy, w + 2 * cx, h + 2 * cy])
    let penalty: number
    let rejected = false
    if (opts.mode === 'behind') {
      // Passing behind the product is the point of this mode, so overlap is allowed, but every
      // hidden letter costs a little and text mostly hidden is unreadable.
      penalty = productFill + 3 * Math.max(0, productFill - 0.3)
    } else if (productShare > (opts.mode === 'overlay' || opts.strict ? OVERLAY_PRODUCT_SHARE : MAX_PRODUCT_SHARE)) {
      rejected = true
      penalty = 5 + 10 * productShare
    } else {
      // Even a sliver of overlap reads as a layout mistake: text should not touch the product.
      penalty = 20 * productShare + 8 * clearanceShare
    }
    const contrastScore = Math.min(1, Math.max(0, Math.log(contrast) / Math.log(7)))
    const size = c.scale / maxScale
    const total = free + 0.5 * contrastScore + 0.35 * size + PRIOR[c.position] - 0.04 * c.offset - penalty
    return {
      index,
      score: {
        position: c.position,
        offset: c.offset,
        box: c.box,
        scale: c.scale,
        detail,
        free,
        contrast,
        productShare,
        productFill,
        clearanceShare,
        total,
        rejected,
      } satisfies CandidateScore,
    }
  })
  scored.sort((a, b) => b.score.total - a.score.total || a.index - b.index)
  return scored.map((s) => s.score)
}

/**
 * Picks the text box. When every full-size box would cover the product, smaller boxes and the
 * side slots are tried before giving in to the least-bad overlap.
 */
export function choosePlacement(
  map: DetailMap,
  layerW: number,
  layerH: number,
  position: TextPosition,
  opts: ScoreOptions,
): CandidateScore[] {
  const g = { glyphRatio: opts.glyphRatio }
  if (position === 'auto') opts = { ...opts, strict: true }
  // Side-by-side layouts (banners: product on one side, copy on the other): top, center and bottom
  // place the copy within its own column, not across the middle of the canvas over an empty half.
  const column = opts.region && position !== 'auto' && isBeside(opts.region) ? opts.region : null
  const first = column
    ? regionCandidates(column, layerW, layerH, position === 'top' ? 0 : position === 'bottom' ? 1 : 0.5)
    : candidateBoxes(map.width, map.height, layerW, layerH, position, g)
  if (opts.region && position === 'auto') first.push(...regionCandidates(opts.region, layerW, layerH))
  // Auto may also take a slightly smaller headline when that buys clearance from the product.
  if (position === 'auto' && map.hasProduct) {
    first.push(...candidateBoxes(map.width, map.height, layerW, layerH, 'auto', { ...g, shrink: 0.8 }))
  }
  let ranked = scoreCandidates(map, first, opts)
  // An explicit position is the user's call: it is only nudged by its own offsets, never shrunk,
  // except that overlay text never covers the product, so a rejected overlay box looks further.
  if (opts.mode === 'behind' || !ranked[0] || !ranked[0].rejected) return ranked
  if (position !== 'auto' && opts.mode !== 'overlay') return ranked
  const more: Candidate[] = []
  for (const shrink of [0.75, 0.55]) {
    more.push(...candidateBoxes(map.width, map.height, layerW, layerH, 'auto', { ...g, shrink, sides: true }))
  }
  more.push(...candidateBoxes(map.width, map.height, layerW, layerH, 'auto', { ...g, sides: true }))
  if (opts.region && position !== 'auto') more.push(...regionCandidates(opts.region, layerW, layerH))
  ranked = scoreCandidates(map, [...ranked, ...more], opts)
  return ranked
}

/**
 * The layer fitted into the layout's copy region (never enlarged), set to the region's top for
 * copy above the product and centred vertically beside it (or at `align`); smaller variants follow
 * in case the full size covers something.
 */
/** A copy region beside the product (a column) rather than above it (a band). */
const isBeside = (region: Box): boolean => region[2] < region[3] * 1.5

export function regionCandidates(region: Box, layerW: number, layerH: number, align: number | null = null): Candidate[] {
  const [rx, ry, rw, rh] = region
  const out: Candidate[] = []
  const beside = isBeside(region)
  ;[1, 0.8, 0.65].forEach((shrink, offset) => {
    const scale = fitScale(layerW, layerH, rw, rh, MAX_UPSCALE) * shrink
    const bw = Math.max(1, Math.floor(layerW * scale))
    const bh = Math.max(1, Math.floor(layerH * scale))
    const x = Math.round(rx + (rw - bw) / 2)
    // Beside the product: centred, or where the requested position puts it (0 top .. 1 bottom).
    const y = Math.round(beside ? ry + (rh - bh) * (align ?? 0.5) : ry)
    out.push({ position: 'layout', offset, box: [x, y, bw, bh], scale: Math.min(bw / layerW, bh / layerH) })
  })
  return out
}
