/**
 * Seasonal props (issue 10 §3): small shaded objects set on the floor behind and beside the
 * product for a holiday ad. Chuseok (추석, 명절): persimmons and a bojagi-wrapped gift box;
 * Seollal (설날): bojagi boxes; Christmas: baubles and a ribboned gift; summer: lemons and a beach
 * ball. They are painted into the scene before the product is composited, stand a little behind the
 * product's contact line and beside it, clear of the product's box (and of the copy's box); only a
 * product too wide to leave room beside it gets two props further back, partly hidden behind it.
 * They are scene, so the product is always composited over them: they never cover the subject.
 */
import type { RgbaImage } from '../../image/raster'
import type { Rgb, SceneLight } from './scene-types'
import { drawBox, lightVector, softShadow, sphere } from './shapes'
import { hex } from './palette'
import { Rng } from './prng'

export type PropSet = 'chuseok' | 'seollal' | 'christmas' | 'summer'

const WORDS: [PropSet, RegExp][] = [
  ['seollal', /\b(seollal|lunar new year)\b|설날|설 명절|설선물|새해/],
  ['chuseok', /\b(chuseok|thanksgiving|harvest festival)\b|추석|명절|한가위|감 선물|홍시/],
  ['christmas', /\b(christmas|xmas|x-mas|noel)\b|크리스마스|성탄/],
  ['summer', /\b(summer|summertime|tropical)\b|여름|썸머|휴가철/],
]

/** The prop set the prompt asks for, if any (the first in this order wins: 설날 before 명절). */
export function propsFromPrompt(prompt: string): PropSet | null {
  const t = (prompt ?? '').normalize('NFC').toLowerCase()
  for (const [kind, re] of WORDS) if (re.test(t)) return kind
  return null
}

type Box = [number, number, number, number]

export interface PropPlan {
  kind: 'persimmon' | 'bojagi' | 'bauble' | 'gift' | 'lemon' | 'ball'
  /** Bounding box on the canvas [x, y, w, h] (px), including the object, not its shadow. */
  box: Box
  color: Rgb
  /** Set further back, partly hidden by the product (only when there is no room beside it). */
  behind: boolean
}

export interface PropInput {
  /** The product's box on the canvas (px). */
  product: Box
  /** The floor line the product (or its podium) stands on (px). */
  floorY: number
  /** The floor's far edge (px): props never stand above it. */
  horizonY?: number
  /** Boxes the props must keep clear of besides the product (the copy). */
  avoid?: Box[]
  light: SceneLight
  seed: number
}

const PALETTE: Record<PropSet, { kind: PropPlan['kind']; color: string; size: number }[]> = {
  chuseok: [
    { kind: 'bojagi', color: '#b8323c', size: 1 },
    { kind: 'persimmon', color: '#e8742a', size: 0.55 },
    { kind: 'persimmon', color: '#de6a22', size: 0.48 },
    { kind: 'bojagi', color: '#d98e3a', size: 0.8 },
    { kind: 'persimmon', color: '#ea7d30', size: 0.5 },
  ],
  seollal: [
    { kind: 'bojagi', color: '#c23a55', size: 1 },
    { kind: 'bojagi', color: '#2f4f8a', size: 0.8 },
    { kind: 'bojagi', color: '#d8a33c', size: 0.7 },
    { kind: 'bojagi', color: '#3f7a5a', size: 0.62 },
  ],
  christmas: [
    { kind: 'gift', color: '#b3202a', size: 1 },
    { kind: 'bauble', color: '#c9a24a', size: 0.5 },
    { kind: 'bauble', color: '#b3202a', size: 0.42 },
    { kind: 'gift', color: '#1f5c3f', size: 0.78 },
    { kind: 'bauble', color: '#d9d9e0', size: 0.45 },
  ],
  summer: [
    { kind: 'ball', color: '#e84a3a', size: 0.9 },
    { kind: 'lemon', color: '#f2d03a', size: 0.5 },
    { kind: 'lemon', color: '#f0c832', size: 0.44 },
    { kind: 'lemon', color: '#f4d84a', size: 0.46 },
  ],
}

const overlaps = (a: Box, b: Box): boolean => a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3]

/**
 * Where the props go: alternately left and right of the product, the largest nearest to it, each
 * standing a little behind the product's contact line. A prop that would leave the canvas, touch
 * the product's box (with a gap) or a box to avoid is left out.
 */
export function planProps(set: PropSet, width: number, height: number, inp: PropInput): PropPlan[] {
  const S = Math.min(width, height)
  const [px, py, pw, ph] = inp.product
  const gap = 0.02 * S
  const guard: Box = [px - gap, py - gap, pw + 2 * gap, ph + 2 * gap]
  // Props are the supporting cast: a little under half the product's height, within sensible limits.
  const unit = Math.max(0.07 * S, Math.min(0.2 * S, 0.46 * ph))
  const rng = new Rng(inp.seed).fork(0x9a0)
  const plans: PropPlan[] = []
  const edge = { left: px - gap, right: px + pw + gap }
  const items = PALETTE[set]
  for (let i = 0; i < items.length; i++) {
    const it = items[i]
    const size = unit * it.size * (0.92 + 0.16 * rng.next())
    const w = it.kind === 'lemon' ? size * 1.3 : it.kind === 'bojagi' || it.kind === 'gift' ? size * 1.15 : size
    const h = it.kind === 'bojagi' ? size * 1.05 : it.kind === 'lemon' ? size * 0.8 : it.kind === 'persimmon' ? size * 0.88 : size
    // Behind the product: the base a little up the floor, further back the further out.
    const back = 0.012 * S + 0.01 * S * plans.length
    const baseY = inp.floorY - back
    const leftFirst = (i % 2 === 0) === (rng.next() < 0.5 ? true : inp.light.azimuthDeg > 90)
    for (const side of leftFirst ? ['left', 'right'] : ['right', 'left']) {
      const x = side === 'left' ? edge.left - w - 0.01 * S : edge.right + 0.01 * S
      const box: Box = [Math.round(x), Math.round(baseY - h), Math.round(w), Math.round(h)]
      if (box[0] < 0.02 * width || box[0] + box[2] > 0.98 * width || box[1] < 0) continue
      if (overlaps(box, guard) || (inp.avoid ?? []).some((a) => overlaps(box, a)) || plans.some((p) => overlaps(box, p.box))) continue
      plans.push({ kind: it.kind, box, color: hex(it.color), behind: false })
      if (side === 'left') edge.left = box[0] - 0.004 * S
      else edge.right = box[0] + box[2] + 0.004 * S
      break
    }
  }
  if (plans.length < 2) plans.push(...behindProps(set, width, height, inp, unit, plans))
  return plans
}

/**
 * A product as wide as its region (a banana in a story) leaves no room beside it: then two props
 * stand further back, near its left and right thirds, where the product (composited over them)
 * hides their lower part and they peek out above or beside it.
 */
function behindProps(set: PropSet, width: number, height: number, inp: PropInput, unit: number, placed: PropPlan[]): PropPlan[] {
  const S = Math.min(width, height)
  const [px, , pw] = inp.product
  const out: PropPlan[] = []
  const items = PALETTE[set]
  for (const [k, at] of [[0, 0.2], [1, 0.8]] as [number, number][]) {
    const it = items[k]
    // Further back reads smaller.
    const size = unit * it.size * 0.9
    const w = it.kind === 'lemon' ? size * 1.3 : it.kind === 'bojagi' || it.kind === 'gift' ? size * 1.15 : size
    const h = it.kind === 'bojagi' ? size * 1.05 : it.kind === 'lemon' ? size * 0.8 : it.kind === 'persimmon' ? size * 0.88 : size
    // Far enough back that at least half of it shows above the product, but still on the floor.
    const baseY = Math.min(inp.floorY - 0.06 * S, inp.product[1] + 0.5 * h)
    if (baseY < (inp.horizonY ?? 0) + 0.015 * S) continue
    const box: Box = [Math.round(px + pw * at - w / 2), Math.round(baseY - h), Math.round(w), Math.round(h)]
    if (box[0] < 0.02 * width || box[0] + box[2] > 0.98 * width || box[1] < 0) continue
    if ((inp.avoid ?? []).some((a) => overlaps(box, a)) || [...placed, ...out].some((p) => overlaps(box, p.box))) continue
    out.push({ kind: it.kind, box, color: hex(it.color), behind: true })
  }
  return out
}

/** Paints the planned props into the scene, in place, far ones first. Returns the plan. */
export function drawProps(img: RgbaImage, set: PropSet, inp: PropInput): PropPlan[] {
  const plans = planProps(set, img.width, img.height, inp)
  const L = lightVector(inp.light.azimuthDeg)
  const order = [...plans].sort((a, b) => a.box[1] + a.box[3] - (b.box[1] + b.box[3]))
  for (const p of order) drawProp(img, p, L)
  return plans
}

function drawProp(img: RgbaImage, p: PropPlan, L: [number, number, number]): void {
  const [x, y, w, h] = p.box
  const cx = x + w / 2
  const base = y + h
  softShadow(img, cx - L[0] * w * 0.04, base, w * 0.56, Math.max(2, h * 0.12), 0.38)
  switch (p.kind) {
    case 'persimmon': {
      const r = w / 2
      sphere(img, cx, base - h / 2, r, p.color, L, { squash: h / w, gloss: 0.3 })
      // The calyx: four dark green lobes round a stem on top.
      const top = base - h + h * 0.12
      for (let k = 0; k < 4; k++) {
        const a = (k * Math.PI) / 2 + 0.4
        sphere(img, cx + Math.cos(a) * r * 0.2, top + Math.sin(a) * r * 0.06, r * 0.17, hex('#3d5a2a'), L, { squash: 0.45, gloss: 0.1 })
      }
      sphere(img, cx, top - r * 0.04, r * 0.06, hex('#4a3520'), L, { gloss: 0 })
      break
    }
    case 'lemon':
      sphere(img, cx, base - h / 2, w / 2, p.color, L, { squash: h / w, gloss: 0.25 })
      break
    case 'bauble': {
      const r = w / 2
      sphere(img, cx, base - r, r, p.color, L, { gloss: 0.9 })
      // The cap.
      drawBox(img, { cx, baseY: base - 2 * r + r * 0.12, rx: r * 0.2, height: r * 0.22, turn: 0.3, squash: 0.3 }, hex('#b8a070'), L)
      break
    }
    case 'ball': {
      const r = w / 2
      const stripes = [hex('#e84a3a'), hex('#f7f4ee'), hex('#2f7fd0'), hex('#f2c230'), hex('#f7f4ee'), hex('#3aa37a')]
      sphere(img, cx, base - r, r, p.color, L, {
        gloss: 0.5,
        colorAt: (nx, ny, nz) => {
          // Segments by longitude about a tilted axis; a white cap where they meet.
          const ax = nx * 0.94 + ny * 0.34
          const ay = -nx * 0.34 + ny * 0.94
          if (ay < -0.82) return stripes[1]
          const lon = Math.atan2(ax, nz) + Math.PI
          return stripes[Math.floor((lon / (2 * Math.PI)) * 6) % 6]
        },
      })
      break
    }
    case 'gift':
    case 'bojagi': {
      const bh = p.kind === 'bojagi' ? h * 0.78 : h
      const ribbon = p.kind === 'gift' ? hex('#d9b35c') : null
      const silk = p.kind === 'bojagi'
      drawBox(img, { cx, baseY: base, rx: w / 2, height: bh * 0.84, turn: 0.45, squash: 0.32 }, p.color, L, (face, u, v) => {
        if (ribbon) return Math.abs(u - 0.5) < 0.07 || (face === 0 && Math.abs(v - 0.5) < 0.07) ? ribbon : null
        // Silk: soft diagonal sheen where the cloth folds over the box.
        if (silk) {
          const s = Math.sin((u * 2.2 + v * 1.4) * Math.PI)
          const k = 1 + 0.07 * s
          return [Math.min(255, p.color[0] * k), Math.min(255, p.color[1] * k), Math.min(255, p.color[2] * k)]
        }
        return null
      })
      const topY = base - bh * 0.84
      if (silk) {
        // The bojagi's knot: two cloth ears and the knot between them.
        const r = w * 0.17
        sphere(img, cx - r * 0.95, topY - r * 0.5, r, p.color, L, { squash: 0.7, gloss: 0.35 })
        sphere(img, cx + r * 0.95, topY - r * 0.5, r, p.color, L, { squash: 0.7, gloss: 0.35 })
        sphere(img, cx, topY - r * 0.25, r * 0.55, p.color, L, { squash: 0.8, gloss: 0.45 })
      } else if (ribbon) {
        const r = w * 0.12
        sphere(img, cx - r * 0.8, topY - r * 0.2, r, ribbon, L, { squash: 0.55, gloss: 0.5 })
        sphere(img, cx + r * 0.8, topY - r * 0.2, r, ribbon, L, { squash: 0.55, gloss: 0.5 })
      }
      break
    }
  }
}
