/**
 * Synthetic photos with known answers for expandToGroup: drawn with typed arrays and a seeded
 * random generator, so every run sees the same pixels.
 */
import { createMask, createRgba, type Mask, type RgbaImage } from '../../../src/main/engine/image/raster'

export interface Scene {
  photo: RgbaImage
  /** What ISNet would give: the one salient object, with a soft 1-2 px edge. */
  raw: Mask
  /** The expected group (tray plus everything on it), or the raw object when nothing should grow. */
  truth: Mask
}

/** mulberry32: tiny, fast, good enough for texture. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Rgb = [number, number, number]
/** Coverage 0..1 of a pixel centre, with the bounding box painting may stay inside. */
type Inside = ((x: number, y: number) => number) & { box?: [number, number, number, number] }

const boxed = (f: (x: number, y: number) => number, box: [number, number, number, number]): Inside => Object.assign(f, { box })

function put(img: RgbaImage, x: number, y: number, c: Rgb, a = 1): void {
  const i = (y * img.width + x) * 4
  for (let k = 0; k < 3; k++) img.data[i + k] = img.data[i + k] * (1 - a) + c[k] * a
  img.data[i + 3] = 255
}

/** Anti-aliased coverage from a signed distance (negative inside). */
const cover = (d: number): number => Math.min(1, Math.max(0, 0.5 - d))

export const ellipse = (cx: number, cy: number, rx: number, ry: number): Inside =>
  boxed(
    (x, y) => {
      const dx = (x - cx) / rx
      const dy = (y - cy) / ry
      return cover((Math.sqrt(dx * dx + dy * dy) - 1) * Math.min(rx, ry))
    },
    [cx - rx - 1, cy - ry - 1, cx + rx + 1, cy + ry + 1],
  )

export const roundedRect = (x0: number, y0: number, x1: number, y1: number, r: number): Inside =>
  boxed(
    (x, y) => {
      const qx = Math.max(x0 + r - x, 0, x - (x1 - r))
      const qy = Math.max(y0 + r - y, 0, y - (y1 - r))
      const inner = Math.min(Math.max(x0 + r - x, x - (x1 - r), y0 + r - y, y - (y1 - r)), 0)
      return cover(Math.sqrt(qx * qx + qy * qy) + inner - r)
    },
    [x0 - 1, y0 - 1, x1 + 1, y1 + 1],
  )

function paint(img: RgbaImage, shape: Inside, colour: (x: number, y: number) => Rgb): void {
  const [bx0, by0, bx1, by1] = shape.box ?? [0, 0, img.width, img.height]
  for (let y = Math.max(0, Math.floor(by0)); y < Math.min(img.height, Math.ceil(by1)); y++) {
    for (let x = Math.max(0, Math.floor(bx0)); x < Math.min(img.width, Math.ceil(bx1)); x++) {
      const a = shape(x + 0.5, y + 0.5)
      if (a > 0) put(img, x, y, colour(x, y), a)
    }
  }
}

function maskOf(w: number, h: number, ...shapes: Inside[]): Mask {
  const m = createMask(w, h)
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) m.data[y * w + x] = Math.max(...shapes.map((s) => s(x + 0.5, y + 0.5)))
  return m
}

/** Grey carpet: per-pixel speckle plus a coarser mottling, like the pollock photo's backdrop. */
function carpet(img: RgbaImage, seed: number, base = 150): void {
  const rand = rng(seed)
  const { width: w, height: h } = img
  const coarse = new Float32Array(Math.ceil(w / 4) * Math.ceil(h / 4)).map(() => (rand() - 0.5) * 30)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = base + coarse[(y >> 2) * Math.ceil(w / 4) + (x >> 2)] + (rand() - 0.5) * 50
      put(img, x, y, [v, v - 2, v + 2])
    }
  }
}

/** Some small things on the tray, and one of them is the salient object. */
function itemsOnTray(img: RgbaImage, ox: number, oy: number, rand: () => number): Inside {
  const fish = ellipse(ox + 160, oy + 105, 125, 42)
  paint(img, fish, (x) => [150 + (x % 7) * 6, 110, 60])
  paint(img, ellipse(ox + 60, oy + 185, 24, 17), () => [190, 90, 70]) // peanut-ish
  paint(img, ellipse(ox + 105, oy + 195, 22, 16), () => [185, 95, 72])
  paint(img, ellipse(ox + 250, oy + 190, 34, 34), () => [245, 245, 240]) // bowl
  paint(img, ellipse(ox + 250, oy + 190, 24, 24), () => [230, 60 + rand() * 20, 40]) // sauce
  paint(img, roundedRect(ox + 40, oy + 30, ox + 80, oy + 60, 6), () => [60, 150, 70])
  return fish
}

/** A light tray inside the frame on a grey carpet, with a soft shadow; the raw mask is one item. */
export function trayScene(seed = 1): Scene {
  const w = 480
  const h = 360
  const photo = createRgba(w, h)
  carpet(photo, seed)
  const rand = rng(seed + 7)
  // Cast shadow: the carpet darkened down-right of the tray.
  const shadow = roundedRect(98, 78, 408, 318, 30)
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const a = shadow(x + 0.5, y + 0.5) * 0.35
    if (a > 0) put(photo, x, y, [0, 0, 0], a)
  }
  const tray = roundedRect(80, 60, 390, 300, 24)
  paint(photo, tray, (x, y) => {
    const v = 222 - (y - 60) * 0.06 + (rand() - 0.5) * 3
    return [v, v, v - 3]
  })
  const fish = itemsOnTray(photo, 80, 60, rand)
  return { photo, raw: maskOf(w, h, fish), truth: maskOf(w, h, tray) }
}

/** Like trayScene, but the tray runs out of the frame on the left, as in the pollock photo. */
export function trayCutByFrameScene(seed = 2): Scene {
  const w = 480
  const h = 360
  const photo = createRgba(w, h)
  carpet(photo, seed)
  const rand = rng(seed + 7)
  const tray = roundedRect(-60, 50, 360, 310, 24)
  paint(photo, tray, (x, y) => {
    const v = 215 - (y - 50) * 0.05 + (rand() - 0.5) * 3
    return [v, v, v - 3]
  })
  const fish = itemsOnTray(photo, 40, 50, rand)
  return { photo, raw: maskOf(w, h, fish), truth: maskOf(w, h, tray) }
}

/** A yellow object on pure white with a faint soft contact shadow: nothing should be added. */
export function whiteBackgroundScene(): Scene {
  const w = 420
  const h = 320
  const photo = createRgba(w, h)
  photo.data.fill(255)
  const shadow = ellipse(215, 245, 150, 22)
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const a = shadow(x + 0.5, y + 0.5)
    if (a > 0) {
      const dy = Math.abs(y - 245) / 22
      put(photo, x, y, [0, 0, 0], a * 0.12 * (1 - dy))
    }
  }
  const banana = ellipse(210, 160, 150, 60)
  paint(photo, banana, (x, y) => [235, 200 + ((x + y) % 9), 80])
  const raw = maskOf(w, h, banana)
  return { photo, raw, truth: raw }
}

/** An object on a busy multi-coloured backdrop that fills the frame: nothing should be added. */
export function busyBackgroundScene(seed = 3): Scene {
  const w = 420
  const h = 320
  const photo = createRgba(w, h)
  const rand = rng(seed)
  photo.data.fill(255)
  const palette: Rgb[] = [
    [200, 60, 50], [60, 160, 80], [50, 90, 200], [230, 200, 60], [120, 60, 150],
    [240, 140, 40], [30, 30, 40], [210, 210, 200], [90, 200, 210], [160, 110, 70],
  ]
  paint(photo, () => 1, () => [128, 120, 110])
  for (let k = 0; k < 260; k++) {
    const c = palette[Math.floor(rand() * palette.length)]
    const cx = rand() * w
    const cy = rand() * h
    const r = 8 + rand() * 40
    paint(photo, rand() < 0.5 ? ellipse(cx, cy, r, r * (0.5 + rand())) : roundedRect(cx - r, cy - r * 0.6, cx + r, cy + r * 0.6, 4), () => c)
  }
  const bottle = roundedRect(170, 70, 250, 260, 20)
  paint(photo, bottle, (x) => [20 + (x % 5) * 3, 110, 60])
  const raw = maskOf(w, h, bottle)
  return { photo, raw, truth: raw }
}

/** Two products side by side on a light studio sweep: the second one belongs to the group. */
export function pairOnWhiteScene(): Scene {
  const w = 420
  const h = 320
  const photo = createRgba(w, h)
  paint(photo, () => 1, (x, y) => {
    const v = 246 - y * 0.03 + x * 0.01
    return [v, v, v]
  })
  const bottle = roundedRect(120, 60, 200, 270, 18)
  const box = roundedRect(196, 150, 320, 270, 4)
  paint(photo, box, (x, y) => (y < 180 ? [40, 70, 160] : [230, 190, 60]))
  paint(photo, bottle, (x) => [150 + (x % 4) * 4, 40, 50])
  return { photo, raw: maskOf(w, h, bottle), truth: maskOf(w, h, bottle, box) }
}
