/**
 * Moving a matte between the photo's resolution and the working resolution used for the heavy
 * refinement steps, so a 50 MP photo costs about as much as a 4 MP one.
 *
 * Down: integer block averaging (exact area weights, no aliasing, no resampling kernel to tune).
 * Up: per pixel, either the constant decided at working resolution (interior / far background),
 * or — inside the edge band — the guided-filter coefficients bilinearly upsampled and applied to
 * the full-resolution guide, which puts the edge where the full-size photo has it.
 */
import type { Mask, RgbaImage } from '../../image/raster'

/** Pixel classes of the working matte. */
export const CLASS_BACKGROUND = 0
export const CLASS_FOREGROUND = 1
export const CLASS_EDGE = 2

/** A rectangle of the working image. */
export interface Region {
  x: number
  y: number
  width: number
  height: number
}

/** What the working-resolution pass hands to the full-resolution composition. */
export interface WorkingMatte {
  width: number
  height: number
  /** CLASS_* per working pixel. */
  classes: Uint8Array
  /** Where the coefficients live: every CLASS_EDGE (and CLASS_FOREGROUND) pixel lies inside it. */
  region: Region
  /**
   * Planes over `region`, used on CLASS_EDGE pixels only: guided-filter coefficients
   * (filtered ≈ meanA·luma + meanB), the guide's confidence, and the filter's input.
   * Alpha = curve(confidence·filtered + (1 − confidence)·input): where the photo shows no edge
   * (white product on white) the network's own edge is kept rather than blurred.
   */
  meanA: Float32Array
  meanB: Float32Array
  confidence: Float32Array
  input: Float32Array
}

/** Maps filtered alpha to the final alpha: clamps and steepens the transition a little. */
export type AlphaCurve = (q: number) => number

/** Smallest integer factor that brings width×height within `maxPixels`. */
export function workingFactor(width: number, height: number, maxPixels: number): number {
  const n = width * height
  if (n <= maxPixels) return 1
  return Math.ceil(Math.sqrt(n / maxPixels))
}

const LUMA_R = 0.299 / 255
const LUMA_G = 0.587 / 255
const LUMA_B = 0.114 / 255

/** Column → block index lookup and per-block reciprocal tap counts along one axis. */
function blockAxis(length: number, f: number): { index: Int32Array; blocks: number; inv: Float64Array } {
  const blocks = Math.ceil(length / f)
  const index = new Int32Array(length)
  for (let i = 0; i < length; i++) index[i] = (i / f) | 0
  const inv = new Float64Array(blocks)
  for (let b = 0; b < blocks; b++) inv[b] = 1 / (Math.min(length, (b + 1) * f) - b * f)
  return { index, blocks, inv }
}

/**
 * Block-average by an integer factor either a 1-channel plane, clamped to 0..1 (resized network
 * output overshoots a little), or the luma of an RGBA buffer. Only the blocks of `region`
 * (in block units) are produced.
 */
function blockAverage(
  src: Float32Array | Uint8ClampedArray,
  width: number,
  height: number,
  f: number,
  rgba: boolean,
  region: Region,
): Mask {
  const xs = blockAxis(width, f)
  const ys = blockAxis(height, f)
  const { x: bx0, y: by0, width: rw, height: rh } = region
  const xStart = bx0 * f
  const xEnd = Math.min(width, (bx0 + rw) * f)
  const out = new Float32Array(rw * rh)
  const acc = new Float64Array(xs.blocks)
  for (let by = by0; by < by0 + rh; by++) {
    acc.fill(0)
    const yEnd = Math.min(height, (by + 1) * f)
    for (let y = by * f; y < yEnd; y++) {
      const row = y * width
      if (rgba) {
        for (let x = xStart, j = (row + xStart) * 4; x < xEnd; x++, j += 4) {
          acc[xs.index[x]] += LUMA_R * src[j] + LUMA_G * src[j + 1] + LUMA_B * src[j + 2]
        }
      } else {
        for (let x = xStart; x < xEnd; x++) {
          const v = src[row + x]
          acc[xs.index[x]] += v < 0 ? 0 : v > 1 ? 1 : v
        }
      }
    }
    const o = (by - by0) * rw
    const invY = ys.inv[by]
    for (let bx = 0; bx < rw; bx++) out[o + bx] = acc[bx0 + bx] * xs.inv[bx0 + bx] * invY
  }
  return { width: rw, height: rh, data: out }
}

/** Block-averaged copy of a matte. At f = 1 the matte itself is returned, unclamped. */
export function downsampleMask(mask: Mask, f: number): Mask {
  if (f === 1) return mask
  const w = Math.ceil(mask.width / f)
  const h = Math.ceil(mask.height / f)
  return blockAverage(mask.data, mask.width, mask.height, f, false, { x: 0, y: 0, width: w, height: h })
}

/** Rec. 601 luma in 0..1 of `region` (in working pixels) of the photo block-averaged by `f`. */
export function downsampleLuma(photo: RgbaImage, f: number, region?: Region): Mask {
  const r = region ?? { x: 0, y: 0, width: Math.ceil(photo.width / f), height: Math.ceil(photo.height / f) }
  if (f !== 1) return blockAverage(photo.data, photo.width, photo.height, f, true, r)
  const out = new Float32Array(r.width * r.height)
  const px = photo.data
  for (let y = 0; y < r.height; y++) {
    const o = y * r.width
    for (let x = 0, j = ((r.y + y) * photo.width + r.x) * 4; x < r.width; x++, j += 4) {
      out[o + x] = LUMA_R * px[j] + LUMA_G * px[j + 1] + LUMA_B * px[j + 2]
    }
  }
  return { width: r.width, height: r.height, data: out }
}

/**
 * Final alpha at working resolution = photo resolution (no resampling). Foreground and edge
 * pixels all lie inside the region; everything outside it stays 0.
 */
function composeSameSize(work: WorkingMatte, photo: RgbaImage, curve: AlphaCurve): Mask {
  const { width, height, region } = work
  const out = new Float32Array(width * height)
  for (let y = region.y; y < region.y + region.height; y++) composeRow(work, photo.data, curve, y, out)
  return { width, height, data: out }
}

function composeRow(work: WorkingMatte, px: Uint8ClampedArray, curve: AlphaCurve, y: number, out: Float32Array): void {
  const { width, classes, meanA, meanB, confidence, input, region } = work
  for (let x = region.x, i = y * width + x, k = (y - region.y) * region.width; x < region.x + region.width; x++, i++, k++) {
    const c = classes[i]
    if (c === CLASS_FOREGROUND) out[i] = 1
    else if (c === CLASS_EDGE) {
      const j = i * 4
      const luma = LUMA_R * px[j] + LUMA_G * px[j + 1] + LUMA_B * px[j + 2]
      const w = confidence[k]
      out[i] = curve(w * (meanA[k] * luma + meanB[k]) + (1 - w) * input[k])
    }
  }
}

/** Bilinear sample of `plane` at the four taps a0 a1 / b0 b1 with weights t (x) and s (y). */
function bilinear(plane: Float32Array, a0: number, a1: number, b0: number, b1: number, t: number, s: number): number {
  const top = plane[a0] + (plane[a1] - plane[a0]) * t
  const bottom = plane[b0] + (plane[b1] - plane[b0]) * t
  return top + (bottom - top) * s
}

/**
 * Final alpha at the photo's resolution from a working matte `f` times smaller. Pixel-centre
 * aligned bilinear sampling of the planes, as the fast guided filter prescribes.
 */
export function composeFullResolution(work: WorkingMatte, photo: RgbaImage, f: number, curve: AlphaCurve): Mask {
  if (f === 1) return composeSameSize(work, photo, curve)
  const { width, height } = photo
  const ww = work.width
  const { classes, meanA, meanB, confidence, input, region } = work
  const rw = region.width
  const px = photo.data
  const out = new Float32Array(width * height)

  const block = new Int32Array(width)
  const x0 = new Int32Array(width)
  const x1 = new Int32Array(width)
  const fx = new Float32Array(width)
  for (let x = 0; x < width; x++) {
    block[x] = (x / f) | 0
    // Plane coordinates are relative to the region; edge pixels sit well inside it.
    const u = Math.min(Math.max((x + 0.5) / f - 0.5 - region.x, 0), rw - 1)
    x0[x] = Math.floor(u)
    x1[x] = Math.min(x0[x] + 1, rw - 1)
    fx[x] = u - x0[x]
  }
  for (let y = 0; y < height; y++) {
    const classRow = ((y / f) | 0) * ww
    const v = Math.min(Math.max((y + 0.5) / f - 0.5 - region.y, 0), region.height - 1)
    const y0 = Math.floor(v)
    const r0 = y0 * rw
    const r1 = Math.min(y0 + 1, region.height - 1) * rw
    const fy = v - y0
    const row = y * width
    for (let x = 0; x < width; x++) {
      const c = classes[classRow + block[x]]
      if (c === CLASS_BACKGROUND) continue
      if (c === CLASS_FOREGROUND) {
        out[row + x] = 1
        continue
      }
      const a0 = r0 + x0[x]
      const a1 = r0 + x1[x]
      const b0 = r1 + x0[x]
      const b1 = r1 + x1[x]
      const t = fx[x]
      const j = (row + x) * 4
      const luma = LUMA_R * px[j] + LUMA_G * px[j + 1] + LUMA_B * px[j + 2]
      const filtered = bilinear(meanA, a0, a1, b0, b1, t, fy) * luma + bilinear(meanB, a0, a1, b0, b1, t, fy)
      const w = bilinear(confidence, a0, a1, b0, b1, t, fy)
      out[row + x] = curve(w * filtered + (1 - w) * bilinear(input, a0, a1, b0, b1, t, fy))
    }
  }
  return { width, height, data: out }
}
