/**
 * A podium under the product, the staple of product advertising: a cylinder, stacked discs, a
 * turned cube, or an arch (a low drum with an arched panel behind the product) standing on the
 * scene's floor, lit from the scene's light, with its own contact shadow.
 * The product stands on its top face. Drawn after the scene and before the product, so the kept
 * empty scene (scene.png) has it.
 */
import type { RgbaImage } from '../../image/raster'
import type { Rgb, SceneLight } from './scene-types'
import { clamp01, drawBox, lightVector, put, shade, softShadow } from './shapes'

export type PodiumKind = 'cylinder' | 'discs' | 'cube' | 'arch'

const WORDS: [PodiumKind, RegExp][] = [
  ['arch', /\b(arch|arches|arched|archway|arch podium|arch backdrop)\b|아치/],
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
  /** The product's box on the podium [x, y, w, h] (px): an arch is drawn around it. */
  product?: [number, number, number, number]
}

/** Top face y (px): where the product's contact points stand (the middle of the top ellipse). */
export function podiumTop(p: PodiumSpec): number {
  return p.floorY - p.height
}

/** Vertical radius of the ellipses: the camera sees the top face from a little above. */
const ELLIPSE = 0.16


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
  if (p.kind === 'arch') drawArch(img, p, lx, base)
  shadowUnder(img, p.cx, p.floorY, tiers[0].rx, light)
  for (const t of tiers) {
    if (p.kind === 'cube') drawCube(img, p.cx, t.rx, t.top, t.bottom, light, base)
    else drawCylinder(img, p.cx, t.rx, t.top, t.bottom, lx, base)
  }
}

/**
 * The arch: a flat panel with a round top standing behind the drum, a shade darker than the drum so
 * a light product reads against it, with its lit edge toward the light and a soft shadow on the wall
 * on the far side. Its straight sides clear the product by a margin and its round top clears the
 * product's top corners, so the product stands inside the arch's outline.
 */
export function archOutline(p: PodiumSpec): { cx: number; halfWidth: number; apexY: number; baseY: number } {
  const [px, py, pw] = p.product ?? [p.cx - p.rx * 0.5, p.floorY - p.height - p.rx * 2, p.rx, p.rx * 2]
  const margin = 0.22 * pw + 0.06 * p.rx
  const half = Math.max(p.rx * 1.05, Math.max(p.cx - px, px + pw - p.cx) + margin)
  const reach = Math.max(p.cx - px, px + pw - p.cx)
  // The round top's centre sits low enough that its circle passes outside the product's top corners.
  const rise = half - Math.sqrt(Math.max(0, half * half - reach * reach))
  const apexY = py - margin - rise
  return { cx: p.cx, halfWidth: half, apexY, baseY: p.floorY - p.height * 0.5 }
}

/** Signed distance (px, positive inside) to an arch: a rectangle with a half-disc on top. */
function archDist(dx: number, y: number, half: number, apexY: number, baseY: number): number {
  const cy = apexY + half
  const side = y >= cy ? half - Math.abs(dx) : half - Math.sqrt(dx * dx + (y - cy) * (y - cy))
  return Math.min(side, baseY - y)
}

/**
 * The panel in one pass over its box: its soft shadow on the wall (away from the light), its
 * thickness on the far side in a deeper shade, and the face, a colour block a step deeper than the
 * drum so the drum and a light product stand out from it.
 */
function drawArch(img: RgbaImage, p: PodiumSpec, lx: number, base: Rgb): void {
  const o = archOutline(p)
  const S = Math.min(img.width, img.height)
  const side = lx >= 0 ? 1 : -1
  const blur = 0.03 * S
  const shOff = -side * 0.03 * S
  const depth = Math.max(1, 0.012 * S)
  const edge = shade(base, 0.66)
  const panel = shade(base, 0.8)
  const span = Math.max(1, o.baseY - o.apexY)
  const pad = Math.ceil(blur + 0.03 * S + depth + 1)
  const x0 = Math.max(0, Math.floor(o.cx - o.halfWidth - pad))
  const x1 = Math.min(img.width - 1, Math.ceil(o.cx + o.halfWidth + pad))
  const y0 = Math.max(0, Math.floor(o.apexY - pad))
  const y1 = Math.min(img.height - 1, Math.ceil(o.baseY))
  for (let y = y0; y <= y1; y++) {
    const yc = y + 0.5
    const v = 1 - (yc - o.apexY) / span
    for (let x = x0; x <= x1; x++) {
      const xc = x + 0.5
      const dFace = archDist(xc - o.cx, yc, o.halfWidth, o.apexY, o.baseY)
      const aFace = clamp01(dFace + 0.5)
      if (aFace < 1) {
        const aShadow = clamp01(0.5 + archDist(xc - o.cx - shOff, yc, o.halfWidth, o.apexY, o.baseY) / (2 * blur)) * 0.16
        put(img, x, y, [0, 0, 0], aShadow)
        put(img, x, y, edge, clamp01(archDist(xc - o.cx + side * depth, yc, o.halfWidth, o.apexY + depth * 0.3, o.baseY) + 0.5))
      }
      if (aFace > 0) put(img, x, y, shade(panel, 1 + 0.05 * ((xc - o.cx) / o.halfWidth) * lx + 0.04 * v), aFace)
    }
  }
}

/** A soft dark ellipse on the floor under the podium: its contact shadow. */
function shadowUnder(img: RgbaImage, cx: number, floorY: number, rx: number, light: SceneLight): void {
  const ry = rx * ELLIPSE * 1.6
  const grow = 1.25 + 0.3 * clamp01(light.softness)
  softShadow(img, cx, floorY, rx * grow, ry * grow, 0.45)
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

/**
 * The cube turned toward the light, seen from a little above: a lit top face, the face toward the
 * light brighter than the far one, so it reads as a solid and not as a flat slab. Its top face's
 * centre is at `top`, its base's centre at `bottom`.
 */
function drawCube(img: RgbaImage, cx: number, rx: number, top: number, bottom: number, light: SceneLight, base: Rgb): void {
  const L = lightVector(light.azimuthDeg)
  // Turned so the face toward the light is the wider one.
  const turn = (L[0] >= 0 ? -1 : 1) * (Math.PI / 7)
  drawBox(img, { cx, baseY: bottom, rx, height: bottom - top, turn, squash: CUBE_SQUASH }, base, L)
}

/** How far the camera looks down on the cube's top face. */
const CUBE_SQUASH = 0.3
