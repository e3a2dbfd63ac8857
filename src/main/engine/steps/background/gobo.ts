/**
 * Gobo light: the sun through a window frame or through leaves, falling across the wall and the
 * floor of the set, a staple of lifestyle product shots. Applied to the rendered scene as a soft
 * light-and-shade pattern (multiplied in): the panes brighten, the frame and the rest of the room
 * fall into shade. The pattern slants away from the light, so it agrees with the product's shadows.
 */
import type { RgbaImage } from '../../image/raster'
import { GradientNoise } from './noise'

export type GoboKind = 'window' | 'leaves'

const WORDS: [GoboKind, RegExp][] = [
  ['leaves', /\b(leaf shadows?|leaves shadows?|foliage shadows?|dappled)\b|나뭇잎 그림자|잎 그림자|나뭇잎그림자/],
  ['window', /\b(gobo|window light|window shadows?|sunlit window|window frame)\b|창문|창가|창틀|햇살/],
]

export function goboFromPrompt(prompt: string): GoboKind | null {
  const t = (prompt ?? '').normalize('NFC').toLowerCase()
  for (const [kind, re] of WORDS) if (re.test(t)) return kind
  return null
}

const smooth = (e0: number, e1: number, v: number): number => {
  const t = Math.min(1, Math.max(0, (v - e0) / (e1 - e0)))
  return t * t * (3 - 2 * t)
}

/** Brightening of a lit pane and darkening of the shade, as multipliers. */
const LIT = 1.1
const SHADE = 0.84

/**
 * Light multiplier at (x, y) for a window gobo: a 2 × 2-pane window whose projection is a
 * parallelogram slanted by `skew` (px of x per px of y), with soft edges `soft` px wide.
 */
export function windowLight(x: number, y: number, W: number, H: number, skew: number, soft: number): number {
  const S = Math.min(W, H)
  const x0 = W * 0.18
  const y0 = H * 0.08
  const pw = 0.26 * S
  const ph = 0.3 * S
  const mull = 0.035 * S
  // Position in the slanted window frame.
  const u = x - x0 - (y - y0) * skew
  const v = y - y0
  const inU = smooth(-soft, soft, u) * smooth(-soft, soft, 2 * pw + mull - u)
  const inV = smooth(-soft, soft, v) * smooth(-soft, soft, 2 * ph + mull - v)
  // Mullions: the cross between the four panes.
  const du = Math.abs(u - pw - mull / 2)
  const dv = Math.abs(v - ph - mull / 2)
  const frame = Math.max(1 - smooth(mull / 2 - soft, mull / 2 + soft, du), 1 - smooth(mull / 2 - soft, mull / 2 + soft, dv))
  const lit = inU * inV * (1 - frame)
  return SHADE + (LIT - SHADE) * lit
}

/** Multiplies the gobo's light into the scene, in place. `azimuthDeg`: where the key light comes from. */
export function applyGobo(img: RgbaImage, kind: GoboKind, azimuthDeg: number, seed: number): void {
  const { width: W, height: H, data } = img
  const S = Math.min(W, H)
  const az = (azimuthDeg * Math.PI) / 180
  // Light from the left throws the panes to the right as they fall: slant against the light.
  const skew = -Math.cos(az) * 0.45
  const soft = Math.max(1, 0.012 * S)
  const noise = kind === 'leaves' ? new GradientNoise(seed ^ 0x60b0) : null
  // Leaf shade is soft (its finest octave spans ~S/13 px): evaluated on a lattice every few pixels
  // and interpolated, it looks the same and costs a tenth of a per-pixel fbm.
  const st = Math.max(1, Math.round(S / 270))
  const cw = Math.ceil(W / st) + 2
  const leaf = noise ? new Float32Array(cw * (Math.ceil(H / st) + 2)) : null
  if (noise && leaf) {
    for (let j = 0; j * st < H + st; j++) {
      for (let i = 0; i < cw; i++) {
        const x = i * st
        const y = j * st
        const n = noise.fbm((x / S) * 3.2 + (y / S) * skew, (y / S) * 3.2, 3)
        leaf[j * cw + i] = SHADE + (LIT - SHADE) * smooth(-0.05, 0.25, n)
      }
    }
  }
  for (let y = 0; y < H; y++) {
    const j = Math.floor(y / st)
    const fy = y / st - j
    for (let x = 0; x < W; x++) {
      let k: number
      if (leaf) {
        const i = Math.floor(x / st)
        const fx = x / st - i
        const o = j * cw + i
        const top = leaf[o] + (leaf[o + 1] - leaf[o]) * fx
        const bot = leaf[o + cw] + (leaf[o + cw + 1] - leaf[o + cw]) * fx
        k = top + (bot - top) * fy
      } else {
        k = windowLight(x, y, W, H, skew, soft)
      }
      const i = (y * W + x) * 4
      data[i] = Math.min(255, data[i] * k)
      data[i + 1] = Math.min(255, data[i + 1] * k)
      data[i + 2] = Math.min(255, data[i + 2] * k)
    }
  }
}
