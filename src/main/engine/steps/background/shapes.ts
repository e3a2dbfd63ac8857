/**
 * Small shaded solids painted straight into a scene: convex polygons with anti-aliased edges, boxes
 * seen from a little above (top face plus the two faces toward the camera), lit spheres and soft
 * contact shadows. Podiums (podium.ts) and seasonal props (props.ts) are built from these; all light
 * follows the scene's key light so the props agree with the product's shadows.
 */
import type { RgbaImage } from '../../image/raster'
import type { Rgb } from './scene-types'

export type Pt = [number, number]

export const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v)

export const shade = (c: Rgb, k: number): Rgb => [Math.min(255, c[0] * k), Math.min(255, c[1] * k), Math.min(255, c[2] * k)]

/** Blends colour c over the pixel at (x, y) with alpha a. */
export function put(img: RgbaImage, x: number, y: number, c: Rgb, a: number): void {
  if (x < 0 || y < 0 || x >= img.width || y >= img.height || a <= 0) return
  const i = (y * img.width + x) * 4
  const d = img.data
  const k = a > 1 ? 1 : a
  d[i] = d[i] * (1 - k) + c[0] * k
  d[i + 1] = d[i + 1] * (1 - k) + c[1] * k
  d[i + 2] = d[i + 2] * (1 - k) + c[2] * k
}

/**
 * Fills a convex polygon (any winding); coverage from the signed distance to the nearest edge gives
 * a one-pixel anti-aliased rim. `color` may vary across the face (u, v: the pixel centre).
 */
export function fillConvex(img: RgbaImage, poly: Pt[], color: Rgb | ((x: number, y: number) => Rgb), alpha = 1): void {
  const n = poly.length
  let area = 0
  for (let i = 0; i < n; i++) {
    const [ax, ay] = poly[i]
    const [bx, by] = poly[(i + 1) % n]
    area += ax * by - bx * ay
  }
  const sgn = area >= 0 ? 1 : -1
  const edges = poly.map((a, i) => {
    const b = poly[(i + 1) % n]
    const ex = b[0] - a[0]
    const ey = b[1] - a[1]
    const len = Math.hypot(ex, ey) || 1
    // Inward normal.
    return { ax: a[0], ay: a[1], nx: (-ey / len) * sgn, ny: (ex / len) * sgn }
  })
  const xs = poly.map((p) => p[0])
  const ys = poly.map((p) => p[1])
  const x0 = Math.max(0, Math.floor(Math.min(...xs)) - 1)
  const x1 = Math.min(img.width - 1, Math.ceil(Math.max(...xs)) + 1)
  const y0 = Math.max(0, Math.floor(Math.min(...ys)) - 1)
  const y1 = Math.min(img.height - 1, Math.ceil(Math.max(...ys)) + 1)
  for (let y = y0; y <= y1; y++) {
    const yc = y + 0.5
    for (let x = x0; x <= x1; x++) {
      const xc = x + 0.5
      let d = Infinity
      for (const e of edges) {
        const s = (xc - e.ax) * e.nx + (yc - e.ay) * e.ny
        if (s < d) d = s
      }
      const a = clamp01(d + 0.5) * alpha
      if (a <= 0) continue
      put(img, x, y, typeof color === 'function' ? color(xc, yc) : color, a)
    }
  }
}

/** A soft dark ellipse on the floor: a contact shadow. */
export function softShadow(img: RgbaImage, cx: number, cy: number, rx: number, ry: number, strength: number): void {
  const x0 = Math.floor(cx - rx)
  const x1 = Math.ceil(cx + rx)
  for (let y = Math.floor(cy - ry); y <= Math.ceil(cy + ry); y++) {
    for (let x = x0; x <= x1; x++) {
      const u = (x + 0.5 - cx) / rx
      const v = (y + 0.5 - cy) / ry
      const r = u * u + v * v
      if (r >= 1) continue
      put(img, x, y, [0, 0, 0], strength * (1 - r) * (1 - r))
    }
  }
}

/** Key light direction in picture space from the scene's azimuth: x to the right, y down, z toward the camera. */
export function lightVector(azimuthDeg: number): [number, number, number] {
  const az = ((Number.isFinite(azimuthDeg) ? azimuthDeg : 135) * Math.PI) / 180
  const v: [number, number, number] = [Math.cos(az) * 0.75, -0.55, 0.55]
  const l = Math.hypot(...v)
  return [v[0] / l, v[1] / l, v[2] / l]
}

export interface SphereOptions {
  /** Vertical squash (persimmons and lemons are not round): ry = r * squash. */
  squash?: number
  /** Colour per point of the surface from its normal (stripes of a beach ball). */
  colorAt?: (nx: number, ny: number, nz: number) => Rgb
  gloss?: number
}

/** A lit sphere (or squashed spheroid) with a specular highlight toward the key light. */
export function sphere(img: RgbaImage, cx: number, cy: number, r: number, base: Rgb, light: [number, number, number], o: SphereOptions = {}): void {
  const ry = r * (o.squash ?? 1)
  const gloss = o.gloss ?? 0.35
  const h = [light[0], light[1], light[2] + 1]
  const hl = Math.hypot(h[0], h[1], h[2])
  for (let y = Math.floor(cy - ry - 1); y <= Math.ceil(cy + ry + 1); y++) {
    for (let x = Math.floor(cx - r - 1); x <= Math.ceil(cx + r + 1); x++) {
      const u = (x + 0.5 - cx) / r
      const v = (y + 0.5 - cy) / ry
      const q = u * u + v * v
      if (q >= 1 + 2 / r) continue
      const a = clamp01((1 - Math.sqrt(q)) * Math.min(r, ry) + 0.5)
      if (a <= 0) continue
      const nz = Math.sqrt(Math.max(0, 1 - q))
      const dif = Math.max(0, u * light[0] + v * light[1] + nz * light[2])
      const spec = Math.pow(Math.max(0, (u * h[0] + v * h[1] + nz * h[2]) / hl), 40) * gloss
      const c = o.colorAt ? o.colorAt(u, v, nz) : base
      const k = 0.42 + 0.68 * dif
      put(img, x, y, [Math.min(255, c[0] * k + 255 * spec), Math.min(255, c[1] * k + 255 * spec), Math.min(255, c[2] * k + 255 * spec)], a)
    }
  }
}

export interface BoxSpec {
  /** Centre x and the y of the box's base centre (where it stands). */
  cx: number
  baseY: number
  /** Half of the box's projected width and its height (px). */
  rx: number
  height: number
  /** Turn of the box about its vertical axis (radians); 0 shows one face square on. */
  turn: number
  /** Vertical squash of the top face (how far the camera looks down). */
  squash: number
}

/** Corners of the box's top face in picture space, front-most first is not guaranteed. */
function topCorners(b: BoxSpec): { pts: Pt[]; world: Pt[] } {
  const c = Math.cos(b.turn)
  const s = Math.sin(b.turn)
  const half = b.rx / (Math.abs(c) + Math.abs(s))
  const world: Pt[] = [[-half, -half], [half, -half], [half, half], [-half, half]].map(([X, Z]) => [X * c - Z * s, X * s + Z * c] as Pt)
  const topY = b.baseY - b.height
  return { world, pts: world.map(([X, Z]) => [b.cx + X, topY + Z * b.squash] as Pt) }
}

/**
 * A box seen from a little above: the top face and the faces toward the camera, each lit by how it
 * faces the key light. `faceColor` paints a face (0 = top, 1.. = sides) given the position along the
 * face (u across, v down, 0..1), for ribbons and wrapping.
 */
export function drawBox(
  img: RgbaImage,
  b: BoxSpec,
  base: Rgb,
  light: [number, number, number],
  faceColor?: (face: number, u: number, v: number) => Rgb | null,
): void {
  const { pts, world } = topCorners(b)
  const down = (p: Pt): Pt => [p[0], p[1] + b.height]
  // Side faces whose outward normal points toward the camera (+Z in world).
  for (let i = 0; i < 4; i++) {
    const j = (i + 1) % 4
    const mx = (world[i][0] + world[j][0]) / 2
    const mz = (world[i][1] + world[j][1]) / 2
    const nl = Math.hypot(mx, mz) || 1
    const nx = mx / nl
    const nz = mz / nl
    if (nz <= 0.02) continue
    const k = 0.62 + 0.38 * Math.max(0, nx * light[0] + nz * light[2]) + 0.04 * nz
    const quad: Pt[] = [pts[i], pts[j], down(pts[j]), down(pts[i])]
    const [ax, ay] = pts[i]
    const ex = pts[j][0] - ax
    fillConvex(img, quad, (x, y) => {
      const u = ex !== 0 ? clamp01((x - ax) / ex) : 0.5
      const topAt = ay + (pts[j][1] - ay) * u
      const v = clamp01((y - topAt) / b.height)
      const own = faceColor?.(i + 1, u, v)
      // Darker toward the floor: bounce light fades.
      return shade(own ?? base, k * (1 - 0.08 * v))
    })
  }
  const c0 = pts[0]
  const ux: Pt = [pts[1][0] - c0[0], pts[1][1] - c0[1]]
  const vx: Pt = [pts[3][0] - c0[0], pts[3][1] - c0[1]]
  const det = ux[0] * vx[1] - ux[1] * vx[0] || 1
  fillConvex(img, pts, (x, y) => {
    const dx = x - c0[0]
    const dy = y - c0[1]
    const u = (dx * vx[1] - dy * vx[0]) / det
    const v = (ux[0] * dy - ux[1] * dx) / det
    const own = faceColor?.(0, u, v)
    return shade(own ?? base, 1.06 - 0.06 * v)
  })
}
