/**
 * Hand corrections of a cutout as data, applied by pure code (the editor's Refine cutout mode
 * sends them; the engine replays them on the photo's mask, so a correction is kept and re-applied
 * like any other input). Brush strokes: `{mode, radius, hardness, points, snap}` in photo pixels;
 * region clicks: a connected part of the mask or a flood by colour. With `snap`, a stroke stops at
 * the photo's own edges (it acts only on colours like those it was painted over).
 */
import type { Mask, RgbaImage } from '../../image/raster'
import { labelComponents } from './connected-components'

export type EditMode = 'restore' | 'erase'

export interface BrushStroke {
  kind: 'brush'
  mode: EditMode
  /** Brush radius in photo pixels. */
  radius: number
  /** 1: a hard disc; 0: coverage falls linearly from the centre to the radius. */
  hardness: number
  points: [number, number][]
  snap: boolean
}

export interface RegionClick {
  kind: 'region'
  mode: EditMode
  at: [number, number]
  /** null: the connected part of the mask (or of the background) under the click; else a colour flood. */
  tolerance: number | null
}

export type MaskEdit = BrushStroke | RegionClick

/** Squared distance from (px, py) to the segment a–b. */
function segmentDistance2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax
  const dy = by - ay
  const len2 = dx * dx + dy * dy
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / len2))
  const ex = px - (ax + t * dx)
  const ey = py - (ay + t * dy)
  return ex * ex + ey * ey
}

/**
 * Calls `visit(i, d)` for every pixel within `reach` of a segment of the path, with its distance to
 * that segment: segment by segment over each one's own box, so a long stroke costs its length
 * times its width, not its box times its point count. A pixel near several segments is visited
 * once per segment.
 */
function alongPath(pts: [number, number][], reach: number, width: number, height: number, visit: (i: number, d: number) => void): void {
  for (let k = 1; k < pts.length; k++) {
    const [ax, ay] = pts[k - 1]
    const [bx, by] = pts[k]
    const x0 = Math.max(0, Math.floor(Math.min(ax, bx) - reach - 1))
    const y0 = Math.max(0, Math.floor(Math.min(ay, by) - reach - 1))
    const x1 = Math.min(width, Math.ceil(Math.max(ax, bx) + reach + 1))
    const y1 = Math.min(height, Math.ceil(Math.max(ay, by) + reach + 1))
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const d2 = segmentDistance2(x + 0.5, y + 0.5, ax, ay, bx, by)
        if (d2 <= reach * reach) visit(y * width + x, Math.sqrt(d2))
      }
    }
  }
}

/** The brush's coverage 0..1 over the photo, and the box it touches (x, y, w, h), or null. */
export function strokeCoverage(s: BrushStroke, width: number, height: number): { cover: Float32Array; box: [number, number, number, number] } | null {
  const r = Math.max(0.5, s.radius)
  const pts = s.points.length === 1 ? [s.points[0], s.points[0]] : s.points
  if (pts.length === 0) return null
  const cover = new Float32Array(width * height)
  // Fully covered within `inner`; a linear fall-off to the radius (at least one pixel: antialiasing).
  const inner = Math.max(0, Math.min(r - 0.5, r * Math.min(1, Math.max(0, s.hardness))))
  const ramp = Math.max(0.5, r - inner)
  let x0 = width
  let y0 = height
  let x1 = -1
  let y1 = -1
  alongPath(pts, r + 0.5, width, height, (i, d) => {
    const c = d <= inner ? 1 : Math.max(0, 1 - (d - inner) / ramp)
    if (c <= cover[i]) return
    cover[i] = c
    const x = i % width
    const y = (i - x) / width
    if (x < x0) x0 = x
    if (x > x1) x1 = x
    if (y < y0) y0 = y
    if (y > y1) y1 = y
  })
  if (x1 < 0) return null
  return { cover, box: [x0, y0, x1 - x0 + 1, y1 - y0 + 1] }
}

/** Colour distance (RGB, 0..441) up to which a pixel is "what the stroke was painted over"… */
const SNAP_NEAR = 40
/** …and from which it is not, with a linear fade between. */
const SNAP_FAR = 80

/**
 * The coverage snapped to the photo: the brush only acts on colours like those along its centre
 * line (the mean colour within a third of the radius of the path), fading out over an edge to
 * unlike colours. So an erase stroke over the background that overlaps the product stops at the
 * product's edge, as the snapping brushes of professional cutout tools do.
 */
function snapCoverage(cover: Float32Array, photo: RgbaImage, box: [number, number, number, number], stroke: BrushStroke): void {
  const W = photo.width
  const px = photo.data
  const core = Math.max(1, stroke.radius / 3)
  const pts = stroke.points.length === 1 ? [stroke.points[0], stroke.points[0]] : stroke.points
  const sum = [0, 0, 0]
  let count = 0
  const seen = new Uint8Array(cover.length)
  alongPath(pts, core, W, photo.height, (i) => {
    if (seen[i]) return
    seen[i] = 1
    for (let c = 0; c < 3; c++) sum[c] += px[i * 4 + c]
    count++
  })
  if (count === 0) return
  const ref = sum.map((v) => v / count)
  const [bx, by, bw, bh] = box
  for (let y = by; y < by + bh; y++) {
    for (let x = bx; x < bx + bw; x++) {
      const i = y * W + x
      if (cover[i] <= 0) continue
      const j = i * 4
      const d = Math.hypot(px[j] - ref[0], px[j + 1] - ref[1], px[j + 2] - ref[2])
      cover[i] *= d <= SNAP_NEAR ? 1 : d >= SNAP_FAR ? 0 : (SNAP_FAR - d) / (SNAP_FAR - SNAP_NEAR)
    }
  }
}

/** 1 for the pixels of the region clicked: a part of the mask or background, or a colour flood. */
export function regionAt(mask: Mask, photo: RgbaImage, click: RegionClick): Uint8Array {
  const { width: W, height: H } = mask
  const [cx, cy] = [Math.min(W - 1, Math.max(0, Math.floor(click.at[0]))), Math.min(H - 1, Math.max(0, Math.floor(click.at[1])))]
  const seed = cy * W + cx
  const out = new Uint8Array(W * H)
  if (click.tolerance === null) {
    const value = mask.data[seed] >= 0.5 ? 1 : 0
    const bin = Uint8Array.from(mask.data, (v) => ((v >= 0.5 ? 1 : 0) === value ? 1 : 0))
    const cc = labelComponents({ width: W, height: H, data: bin }, { connectivity: value ? 8 : 4, value: 1 })
    const label = cc.labels[seed]
    for (let i = 0; i < out.length; i++) out[i] = cc.labels[i] === label ? 1 : 0
    return out
  }
  // Flood by colour: 4-connected pixels within `tolerance` (RGB distance, 0..441) of the seed's colour.
  const px = photo.data
  const [r0, g0, b0] = [px[seed * 4], px[seed * 4 + 1], px[seed * 4 + 2]]
  const t2 = click.tolerance * click.tolerance
  const near = (i: number) => {
    const dr = px[i * 4] - r0
    const dg = px[i * 4 + 1] - g0
    const db = px[i * 4 + 2] - b0
    return dr * dr + dg * dg + db * db <= t2
  }
  const stack = [seed]
  out[seed] = 1
  while (stack.length) {
    const i = stack.pop()!
    const x = i % W
    for (const j of [x > 0 ? i - 1 : -1, x < W - 1 ? i + 1 : -1, i - W, i + W]) {
      if (j < 0 || j >= W * H || out[j] || !near(j)) continue
      out[j] = 1
      stack.push(j)
    }
  }
  return out
}

/** The mask with the edits applied in order (a new mask; the input is left alone). */
export function applyMaskEdits(mask: Mask, photo: RgbaImage, edits: readonly MaskEdit[]): Mask {
  if (photo.width !== mask.width || photo.height !== mask.height) throw new RangeError('applyMaskEdits: mask and photo sizes differ')
  const out = new Float32Array(mask.data)
  const current: Mask = { width: mask.width, height: mask.height, data: out }
  for (const e of edits) {
    if (e.kind === 'region') {
      const region = regionAt(current, photo, e)
      const v = e.mode === 'restore' ? 1 : 0
      for (let i = 0; i < out.length; i++) if (region[i]) out[i] = v
      continue
    }
    const s = strokeCoverage(e, mask.width, mask.height)
    if (!s) continue
    if (e.snap) snapCoverage(s.cover, photo, s.box, e)
    const [bx, by, bw, bh] = s.box
    for (let y = by; y < by + bh; y++) {
      for (let x = bx; x < bx + bw; x++) {
        const i = y * mask.width + x
        const c = s.cover[i]
        if (c <= 0) continue
        out[i] = e.mode === 'restore' ? out[i] + c * (1 - out[i]) : out[i] * (1 - c)
      }
    }
  }
  return current
}
