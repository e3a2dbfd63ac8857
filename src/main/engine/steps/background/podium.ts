/**
 * A podium under the product, the staple of product advertising: a cylinder, stacked discs or a
 * cube standing on the scene's floor, lit from the scene's light, with its own contact shadow.
 * The product stands on its top face. Drawn after the scene and before the product, so the kept
 * empty scene (scene.png) has it.
 */
import type { RgbaImage } from '../../image/raster'
import type { Rgb, SceneLight } from './scene-types'

export type PodiumKind = 'cylinder' | 'discs' | 'cube'

const WORDS: [PodiumKind, RegExp][] = [
  ['discs', /\b(stacked discs?|tiered podium|steps podium)\b|계단식|층층/],
  ['cube', /\b(cube|block|box pedestal|plinth)\b|큐브|블록|사각 받침/],
  ['cylinder', /\b(podium|pedestal|display stand|stand|platform)s?\b|포디움|받침대|단상|진열대|원형 받침/],
]

/** The podium the prompt asks for, if any (English words or Korean terms). */
export function podiumFromPrompt(prompt: string): PodiumKind | null {
  const t = (prompt ?? '').normalize('NFC').toLowerCase()
  for (const [kind, re] of WORDS) if (re.test(t)) return kind
  return null
}

export interface PodiumSpec {
  kind: PodiumKind
  /** Centre x of the podium (px). */
  cx: number
  /** Half-width of the podium's top (px). */
  rx: number
  /** y of the floor line the podium stands on (the front of its base). */
  floorY: number
  /** Height of the podium's body (px). */
  height: number
}

/** Top face y (px): where the product's contact points stand (the middle of the top ellipse). */
export function podiumTop(p: PodiumSpec): number {
  return p.floorY - p.height
}

/** Vertical radius of the ellipses: the camera sees the top face from a little above. */
const ELLIPSE = 0.16

const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v)

/** Paints the podium into the scene, in place. `base` is the podium's own colour (before light). */
export function drawPodium(img: RgbaImage, p: PodiumSpec, light: SceneLight, base: Rgb): void {
  const tiers: { rx: number; top: number; bottom: number }[] = []
  if (p.kind === 'discs') {
    // Two discs: a wide low one and the product's own on top.
    const h1 = p.height * 0.45
    tiers.push({ rx: p.rx * 1.18, top: p.floorY - h1, bottom: p.floorY })
    tiers.push({ rx: p.rx, top: p.floorY - p.height, bottom: p.floorY - h1 })
  } else {
    tiers.push({ rx: p.rx, top: p.floorY - p.height, bottom: p.floorY })
  }
  const az = ((Number.isFinite(light.azimuthDeg) ? light.azimuthDeg : 135) * Math.PI) / 180
  const lx = Math.cos(az) // +1: lit from the right
  shadowUnder(img, p.cx, p.floorY, tiers[0].rx, light)
  for (const t of tiers) {
    if (p.kind === 'cube') drawCube(img, p.cx, t.rx, t.top, t.bottom, lx, base)
    else drawCylinder(img, p.cx, t.rx, t.top, t.bottom, lx, base)
  }
}

function put(img: RgbaImage, x: number, y: number, c: Rgb, a: number): void {
  if (x < 0 || y < 0 || x >= img.width || y >= img.height || a <= 0) return
  const i = (y * img.width + x) * 4
  const d = img.data
  d[i] = d[i] * (1 - a) + c[0] * a
  d[i + 1] = d[i + 1] * (1 - a) + c[1] * a
  d[i + 2] = d[i + 2] * (1 - a) + c[2] * a
}

const shade = (c: Rgb, k: number): Rgb => [Math.min(255, c[0] * k), Math.min(255, c[1] * k), Math.min(255, c[2] * k)]

/** A soft dark ellipse on the floor under the podium: its contact shadow. */
function shadowUnder(img: RgbaImage, cx: number, floorY: number, rx: number, light: SceneLight): void {
  const ry = rx * ELLIPSE * 1.6
  const grow = 1.25 + 0.3 * clamp01(light.softness)
  const x0 = Math.floor(cx - rx * grow)
  const x1 = Math.ceil(cx + rx * grow)
  const y0 = Math.floor(floorY - ry)
  const y1 = Math.ceil(floorY + ry * grow)
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const u = (x - cx) / (rx * grow)
      const v = (y - floorY) / (ry * grow)
      const r = u * u + v * v
      if (r >= 1) continue
      put(img, x, y, [0, 0, 0], 0.45 * (1 - r) * (1 - r))
    }
  }
}

function drawCylinder(img: RgbaImage, cx: number, rx: number, top: number, bottom: number, lx: number, base: Rgb): void {
  const ry = rx * ELLIPSE
  const x0 = Math.floor(cx - rx - 1)
  const x1 = Math.ceil(cx + rx + 1)
  for (let x = x0; x <= x1; x++) {
    const u = (x + 0.5 - cx) / rx
    if (Math.abs(u) >= 1 + 1 / rx) continue
    const edgeA = clamp01((1 - Math.abs(u)) * rx + 0.5)
    const dy = ry * Math.sqrt(Math.max(0, 1 - u * u))
    // Body: lit where its normal (u) faces the light, darker on the far side and at the rim.
    const k = 0.78 + 0.2 * u * lx + 0.1 * (1 - u * u) - 0.08 * u * u
    const cBody = shade(base, k)
    const yTop = top + dy
    const yBot = bottom + dy
    for (let y = Math.floor(top - ry); y <= Math.ceil(yBot); y++) {
      const yc = y + 0.5
      if (yc > yBot + 0.5) continue
      // Top face: an ellipse, evenly lit and a little brighter than the body.
      const inTop = Math.abs(yc - top) <= dy
      if (inTop) {
        const a = edgeA * clamp01(dy - Math.abs(yc - top) + 0.5)
        put(img, x, y, shade(base, 1.04 + 0.04 * lx * u), a)
      } else if (yc > yTop) {
        const a = edgeA * clamp01(yBot - yc + 0.5)
        // A thin bright lip where the top face turns into the body.
        const lip = yc - yTop < 1.5 ? 1.06 : 1
        put(img, x, y, shade(cBody, lip), a)
      }
    }
  }
}

function drawCube(img: RgbaImage, cx: number, rx: number, top: number, bottom: number, lx: number, base: Rgb): void {
  const depth = rx * ELLIPSE * 2
  const front = shade(base, 0.8 + 0.08 * lx)
  const topC = shade(base, 1.05)
  for (let y = Math.floor(top - depth / 2); y <= Math.ceil(bottom + depth / 2); y++) {
    for (let x = Math.floor(cx - rx); x <= Math.ceil(cx + rx); x++) {
      const yc = y + 0.5
      const xa = clamp01(rx - Math.abs(x + 0.5 - cx) + 0.5)
      if (yc < top + depth / 2) {
        put(img, x, y, topC, xa * clamp01(yc - (top - depth / 2) + 0.5))
      } else {
        put(img, x, y, front, xa * clamp01(bottom + depth / 2 - yc + 0.5))
      }
    }
  }
}
