/**
 * One pass over the scene at full resolution that condenses it into a coarse grid (about 128
 * cells on the long side). Every later question the compositor asks about a region (how busy is
 * it, how bright, what colour, how much product is under it) is then answered from summed-area
 * tables in O(1), which is what keeps auto-positioning to a few milliseconds.
 */
import type { Box, Mask, RgbaImage } from '../../image/raster'
import type { Rgb, SceneLight } from '../background/scene-types'
import { LuminanceHistogram, SRGB_TO_LINEAR, type LuminanceStats } from './contrast'

export interface DetailMap {
  width: number
  height: number
  /** Cell edge in canvas pixels. */
  cell: number
  gw: number
  gh: number
  /** Busyness per cell: in-cell standard deviation of luma (fine texture) plus the luma gradient between cells (edges). */
  detail: Float32Array
  /** Mean sRGB luma 0..1 per cell: the scene's low-frequency brightness. */
  luma: Float32Array
  /** Mean and standard deviation of WCAG relative luminance per cell. */
  lumMean: Float32Array
  lumStd: Float32Array
  /** Mean colour per cell, 3 floats per cell. */
  color: Float32Array
  /** Product coverage per cell (0..1), all zeros when the mask is unknown. */
  product: Float32Array
  productTotal: number
  hasProduct: boolean
  detailSat: Float64Array
  productSat: Float64Array
  colorSat: [Float64Array, Float64Array, Float64Array]
}

export const DETAIL_GRID = 128

function summedArea(values: Float32Array, gw: number, gh: number, stride = 1, offset = 0): Float64Array {
  const w1 = gw + 1
  const sat = new Float64Array(w1 * (gh + 1))
  for (let y = 0; y < gh; y++) {
    let row = 0
    for (let x = 0; x < gw; x++) {
      row += values[(y * gw + x) * stride + offset]
      sat[(y + 1) * w1 + x + 1] = sat[y * w1 + x + 1] + row
    }
  }
  return sat
}

export function buildDetailMap(scene: RgbaImage, productMask: Mask | null, grid = DETAIL_GRID): DetailMap {
  const { width, height, data } = scene
  const cell = Math.max(1, Math.ceil(Math.max(width, height) / grid))
  const gw = Math.ceil(width / cell)
  const gh = Math.ceil(height / cell)
  const n = gw * gh
  const sLuma = new Float64Array(n)
  const sLuma2 = new Float64Array(n)
  const sL = new Float64Array(n)
  const sL2 = new Float64Array(n)
  const sRgb = new Float64Array(n * 3)
  const count = new Float64Array(n)
  // Large cells are sampled every other pixel: in-cell variance of pixel-scale texture survives
  // the subsampling, and it halves the only full-resolution pass in step 3.
  const step = cell >= 6 ? 2 : 1
  const lin = SRGB_TO_LINEAR
  for (let y = 0; y < height; y += step) {
    const rowCell = Math.floor(y / cell) * gw
    for (let x = 0; x < width; x += step) {
      const i = (y * width + x) * 4
      const r = data[i]
      const g = data[i + 1]
      const b = data[i + 2]
      const c = rowCell + ((x / cell) | 0)
      const luma = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255
      const l = 0.2126 * lin[r] + 0.7152 * lin[g] + 0.0722 * lin[b]
      sLuma[c] += luma
      sLuma2[c] += luma * luma
      sL[c] += l
      sL2[c] += l * l
      sRgb[c * 3] += r
      sRgb[c * 3 + 1] += g
      sRgb[c * 3 + 2] += b
      count[c]++
    }
  }
  const luma = new Float32Array(n)
  const lumMean = new Float32Array(n)
  const lumStd = new Float32Array(n)
  const color = new Float32Array(n * 3)
  const inCellStd = new Float32Array(n)
  for (let c = 0; c < n; c++) {
    const k = count[c] || 1
    const m = sLuma[c] / k
    luma[c] = m
    inCellStd[c] = Math.sqrt(Math.max(0, sLuma2[c] / k - m * m))
    const ml = sL[c] / k
    lumMean[c] = ml
    lumStd[c] = Math.sqrt(Math.max(0, sL2[c] / k - ml * ml))
    color[c * 3] = sRgb[c * 3] / k
    color[c * 3 + 1] = sRgb[c * 3 + 1] / k
    color[c * 3 + 2] = sRgb[c * 3 + 2] / k
  }
  const detail = new Float32Array(n)
  for (let y = 0; y < gh; y++) {
    for (let x = 0; x < gw; x++) {
      const c = y * gw + x
      const l = luma[y * gw + Math.max(0, x - 1)]
      const r = luma[y * gw + Math.min(gw - 1, x + 1)]
      const u = luma[Math.max(0, y - 1) * gw + x]
      const d = luma[Math.min(gh - 1, y + 1) * gw + x]
      detail[c] = inCellStd[c] + 0.5 * Math.hypot(r - l, d - u)
    }
  }
  const product = new Float32Array(n)
  let productTotal = 0
  if (productMask) {
    const md = productMask.data
    const pc = new Float64Array(n)
    for (let y = 0; y < height; y += step) {
      const rowCell = Math.floor(y / cell) * gw
      const row = y * width
      for (let x = 0; x < width; x += step) {
        const v = md[row + x]
        if (v > 0) pc[rowCell + ((x / cell) | 0)] += v
      }
    }
    for (let c = 0; c < n; c++) {
      product[c] = pc[c] / (count[c] || 1)
      productTotal += product[c]
    }
  }
  return {
    width,
    height,
    cell,
    gw,
    gh,
    detail,
    luma,
    lumMean,
    lumStd,
    color,
    product,
    productTotal,
    hasProduct: productTotal > 0,
    detailSat: summedArea(detail, gw, gh),
    productSat: summedArea(product, gw, gh),
    colorSat: [summedArea(color, gw, gh, 3, 0), summedArea(color, gw, gh, 3, 1), summedArea(color, gw, gh, 3, 2)],
  }
}

/** Summed-area value at fractional cell coordinates, interpolated so boxes need not align to cells. */
function satAt(sat: Float64Array, gw: number, gh: number, cx: number, cy: number): number {
  const x = Math.min(gw, Math.max(0, cx))
  const y = Math.min(gh, Math.max(0, cy))
  const x0 = Math.min(gw - 1, Math.floor(x))
  const y0 = Math.min(gh - 1, Math.floor(y))
  const fx = x - x0
  const fy = y - y0
  const w1 = gw + 1
  const a = sat[y0 * w1 + x0]
  const b = sat[y0 * w1 + x0 + 1]
  const c = sat[(y0 + 1) * w1 + x0]
  const d = sat[(y0 + 1) * w1 + x0 + 1]
  return a * (1 - fx) * (1 - fy) + b * fx * (1 - fy) + c * (1 - fx) * fy + d * fx * fy
}

/** Sum over a pixel box of a per-cell quantity, in cell units (a full cell of value v adds v). */
export function boxSum(map: DetailMap, sat: Float64Array, box: Box): number {
  const { gw, gh, cell } = map
  const x0 = box[0] / cell
  const y0 = box[1] / cell
  const x1 = (box[0] + box[2]) / cell
  const y1 = (box[1] + box[3]) / cell
  return (
    satAt(sat, gw, gh, x1, y1) - satAt(sat, gw, gh, x0, y1) - satAt(sat, gw, gh, x1, y0) + satAt(sat, gw, gh, x0, y0)
  )
}

function boxCells(map: DetailMap, box: Box): number {
  return Math.max(1e-9, (box[2] / map.cell) * (box[3] / map.cell))
}

/** Mean busyness under a box. */
export function boxDetail(map: DetailMap, box: Box): number {
  return boxSum(map, map.detailSat, box) / boxCells(map, box)
}

/** Share of all product pixels that fall inside a box (0 when no product is known). */
export function boxProductShare(map: DetailMap, box: Box): number {
  if (!map.hasProduct) return 0
  return Math.max(0, boxSum(map, map.productSat, box)) / map.productTotal
}

/** Share of a box's own area that the product occupies. */
export function boxProductFill(map: DetailMap, box: Box): number {
  if (!map.hasProduct) return 0
  return Math.min(1, Math.max(0, boxSum(map, map.productSat, box)) / boxCells(map, box))
}

/** Mean scene colour under a box: the ambient colour text takes on in blend mode. */
export function boxColor(map: DetailMap, box: Box): Rgb {
  const a = boxCells(map, box)
  return [
    boxSum(map, map.colorSat[0], box) / a,
    boxSum(map, map.colorSat[1], box) / a,
    boxSum(map, map.colorSat[2], box) / a,
  ]
}

/**
 * Luminance distribution under a box from the grid. Each cell contributes its mean plus and minus
 * one standard deviation, so busy fine texture still widens p10..p90 although cells average it out.
 */
export function boxLuminanceFromMap(map: DetailMap, box: Box): LuminanceStats {
  const { gw, gh, cell, lumMean, lumStd } = map
  const cx0 = Math.max(0, Math.floor(box[0] / cell))
  const cy0 = Math.max(0, Math.floor(box[1] / cell))
  const cx1 = Math.min(gw - 1, Math.floor((box[0] + box[2] - 1e-6) / cell))
  const cy1 = Math.min(gh - 1, Math.floor((box[1] + box[3] - 1e-6) / cell))
  const h = new LuminanceHistogram()
  for (let cy = cy0; cy <= cy1; cy++) {
    const oy = Math.min((cy + 1) * cell, box[1] + box[3]) - Math.max(cy * cell, box[1])
    if (oy <= 0) continue
    for (let cx = cx0; cx <= cx1; cx++) {
      const ox = Math.min((cx + 1) * cell, box[0] + box[2]) - Math.max(cx * cell, box[0])
      if (ox <= 0) continue
      const c = cy * gw + cx
      const w = (ox * oy) / 2
      h.add(lumMean[c] - lumStd[c], w)
      h.add(lumMean[c] + lumStd[c], w)
    }
  }
  return h.stats()
}

/** Low-frequency scene luma (0..1) at a canvas pixel, bilinear between cell centres. */
export function sampleLuma(map: DetailMap, x: number, y: number): number {
  const { gw, gh, cell, luma } = map
  const fx = Math.min(gw - 1, Math.max(0, x / cell - 0.5))
  const fy = Math.min(gh - 1, Math.max(0, y / cell - 0.5))
  const x0 = Math.floor(fx)
  const y0 = Math.floor(fy)
  const x1 = Math.min(gw - 1, x0 + 1)
  const y1 = Math.min(gh - 1, y0 + 1)
  const tx = fx - x0
  const ty = fy - y0
  const top = luma[y0 * gw + x0] * (1 - tx) + luma[y0 * gw + x1] * tx
  const bot = luma[y1 * gw + x0] * (1 - tx) + luma[y1 * gw + x1] * tx
  return top * (1 - ty) + bot * ty
}

/**
 * Where the light comes from when step 1 did not say: the direction from the canvas centre to the
 * brightness centroid of the backdrop (product cells left out, a bright product is not a lamp).
 * A flat scene gives the studio default, light from above.
 */
export function estimateLight(map: DetailMap): SceneLight {
  const { gw, gh, luma, product } = map
  let sw = 0
  let mx = 0
  let my = 0
  let mean = 0
  for (let c = 0; c < luma.length; c++) mean += luma[c]
  mean /= luma.length || 1
  for (let y = 0; y < gh; y++) {
    for (let x = 0; x < gw; x++) {
      const c = y * gw + x
      const w = 1 - Math.min(1, product[c] * 2)
      if (w <= 0) continue
      // Deviation from the mean, so a uniformly bright scene has no direction.
      const v = (luma[c] - mean) * w
      mx += v * ((x + 0.5) / gw - 0.5)
      my += v * ((y + 0.5) / gh - 0.5)
      sw += w
    }
  }
  mx /= sw || 1
  my /= sw || 1
  const mag = Math.hypot(mx, my)
  // 0.004 is a luma difference of about 5% across the canvas: below that the gradient is noise.
  const azimuthDeg = mag < 0.004 ? 90 : ((Math.atan2(-my, mx) * 180) / Math.PI + 360) % 360
  return { azimuthDeg, elevationDeg: 45, softness: 0.6, color: [255, 255, 255] }
}
