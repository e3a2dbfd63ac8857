/**
 * Brush strokes on a product mask, as data (EDITOR-ANCHORS §3): a stroke is its points in photo
 * pixels, its size, hardness and mode, and is applied to the mask by these pure functions, so
 * undo is a replay and tests check numbers. Masks are 8-bit, one byte a pixel, 0 = background,
 * 255 = product; photos are RGBA bytes of the same size.
 */

export interface MaskBuf {
  width: number
  height: number
  data: Uint8Array
}

export interface PhotoBuf {
  width: number
  height: number
  /** RGBA, 4 bytes a pixel. */
  data: Uint8Array | Uint8ClampedArray
}

export type BrushMode = 'restore' | 'erase'

export interface Stroke {
  kind: 'stroke'
  mode: BrushMode
  /** Diameter in photo pixels. */
  size: number
  /** 1: full strength to the rim; 0: strength falls off from the centre. */
  hardness: number
  /** Follow the photo's edges: pixels unlike the colour under the brush centre are touched less. */
  snap: boolean
  points: readonly (readonly [number, number])[]
}

export const BRUSH_LIMITS = { minSize: 1, maxSize: 1000 } as const

/** How hard the brush acts at distance `d` from its centre (1 inside the hard core, 0 beyond the rim). */
export function brushFalloff(d: number, radius: number, hardness: number): number {
  if (d >= radius) return 0
  const core = radius * Math.min(1, Math.max(0, hardness))
  if (d <= core) return 1
  const t = (radius - d) / (radius - core)
  return t * t * (3 - 2 * t)
}

/** Colour distance scale of edge snapping: a difference of SNAP_SIGMA (0-255 RGB, Euclidean) weighs e^-0.5. */
export const SNAP_SIGMA = 40

/** Stamp centres along the stroke, a quarter radius apart at most, so a fast drag leaves no gaps. */
export function strokeStamps(points: Stroke['points'], size: number): [number, number][] {
  if (points.length === 0) return []
  const step = Math.max(0.5, size / 8)
  const out: [number, number][] = [[points[0][0], points[0][1]]]
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1]
    const [x1, y1] = points[i]
    const n = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / step))
    for (let k = 1; k <= n; k++) out.push([x0 + ((x1 - x0) * k) / n, y0 + ((y1 - y0) * k) / n])
  }
  return out
}

/**
 * Applies a stroke in place; returns the changed box [x, y, w, h] or null. Coverage is the
 * strongest stamp at each pixel (overlapping stamps do not build up, as in Photoshop with flow 100%).
 * With snapping, each pixel is weighed by its colour's likeness to the photo under the stamp that
 * covers it most, so an erase stroke over a product's rim leaves the product's colour alone.
 * With `clip`, only pixels inside that box are written, with the same values a whole application
 * gives them (every stamp that reaches the box counts): a stroke in progress repaints only the
 * part its newest points reach.
 */
export function applyStroke(mask: MaskBuf, stroke: Stroke, photo: PhotoBuf | null, clip?: readonly [number, number, number, number]): [number, number, number, number] | null {
  const size = Math.min(BRUSH_LIMITS.maxSize, Math.max(BRUSH_LIMITS.minSize, stroke.size))
  const r = size / 2
  const stamps = strokeStamps(stroke.points, size)
  if (!stamps.length) return null
  const { width: W, height: H } = mask
  let x0 = W, y0 = H, x1 = -1, y1 = -1
  for (const [sx, sy] of stamps) {
    x0 = Math.min(x0, Math.floor(sx - r))
    y0 = Math.min(y0, Math.floor(sy - r))
    x1 = Math.max(x1, Math.ceil(sx + r))
    y1 = Math.max(y1, Math.ceil(sy + r))
  }
  x0 = Math.max(0, x0); y0 = Math.max(0, y0); x1 = Math.min(W - 1, x1); y1 = Math.min(H - 1, y1)
  if (clip) {
    x0 = Math.max(x0, clip[0]); y0 = Math.max(y0, clip[1])
    x1 = Math.min(x1, clip[0] + clip[2] - 1); y1 = Math.min(y1, clip[1] + clip[3] - 1)
  }
  if (x1 < x0 || y1 < y0) return null
  const bw = x1 - x0 + 1
  const bh = y1 - y0 + 1
  const cover = new Float32Array(bw * bh)
  // The RGB under the stamp that covers each pixel most (snapping compares against it).
  const ref = stroke.snap && photo ? new Float32Array(bw * bh * 3) : null
  const r2 = r * r
  for (const [sx, sy] of stamps) {
    const ax = Math.max(x0, Math.floor(sx - r)), bx = Math.min(x1, Math.ceil(sx + r))
    const ay = Math.max(y0, Math.floor(sy - r)), by = Math.min(y1, Math.ceil(sy + r))
    if (ax > bx || ay > by) continue
    const cr = ref ? centreColour(photo!, sx, sy) : null
    for (let y = ay; y <= by; y++) {
      const dy = y + 0.5 - sy
      for (let x = ax; x <= bx; x++) {
        // Pixel centres at +0.5: a 1-px brush at (x+0.5, y+0.5) covers exactly that pixel.
        const dx = x + 0.5 - sx
        const d2 = dx * dx + dy * dy
        if (d2 >= r2) continue
        const a = brushFalloff(Math.sqrt(d2), r, stroke.hardness)
        const j = (y - y0) * bw + (x - x0)
        if (a > cover[j]) {
          cover[j] = a
          if (ref && cr) ref.set(cr, j * 3)
        }
      }
    }
  }
  const restore = stroke.mode === 'restore'
  const s2 = 2 * SNAP_SIGMA * SNAP_SIGMA
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x < x0 + bw; x++) {
      const j = (y - y0) * bw + (x - x0)
      let a = cover[j]
      if (a <= 0) continue
      if (ref) {
        const p = (y * W + x) * 4
        const dr = photo!.data[p] - ref[j * 3], dg = photo!.data[p + 1] - ref[j * 3 + 1], db = photo!.data[p + 2] - ref[j * 3 + 2]
        a *= Math.exp(-(dr * dr + dg * dg + db * db) / s2)
      }
      const i = y * W + x
      const m = mask.data[i]
      mask.data[i] = Math.round(restore ? m + (255 - m) * a : m * (1 - a))
    }
  }
  return [x0, y0, bw, bh]
}

/** The mean RGB of the 3×3 pixels under a stamp's centre (one pixel of noise does not steer snapping). */
function centreColour(photo: PhotoBuf, sx: number, sy: number): [number, number, number] {
  const cx = Math.min(photo.width - 1, Math.max(0, Math.floor(sx)))
  const cy = Math.min(photo.height - 1, Math.max(0, Math.floor(sy)))
  const out: [number, number, number] = [0, 0, 0]
  let n = 0
  for (let y = Math.max(0, cy - 1); y <= Math.min(photo.height - 1, cy + 1); y++)
    for (let x = Math.max(0, cx - 1); x <= Math.min(photo.width - 1, cx + 1); x++) {
      const p = (y * photo.width + x) * 4
      out[0] += photo.data[p]
      out[1] += photo.data[p + 1]
      out[2] += photo.data[p + 2]
      n++
    }
  return [out[0] / n, out[1] / n, out[2] / n]
}
