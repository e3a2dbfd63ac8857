/**
 * The cutout test set: products with exact alpha composited over busy backgrounds, with cast and
 * contact shadows painted on the surface (never product), a hand, trays, small products in large
 * photos. `buildScene` returns the photo (PNG + RGBA) and the known alpha.
 */
import type { SKRSContext2D } from '@napi-rs/canvas'
import { newCanvas, paintBackground, type BackgroundKind } from './backgrounds'
import { rng } from '../../unit/segment/synthetic'
import { drawProduct, type Box, type ProductKind } from './products'

export type SceneKind = 'shadow' | 'bokeh' | 'hand' | 'tray' | 'small' | 'hole' | 'photo' | 'clutter'

export interface SceneSpec {
  name: string
  kind: SceneKind
  width: number
  height: number
  background: BackgroundKind
  product: ProductKind
  /** Product box as shares of the frame: x, y, w, h. */
  box: [number, number, number, number]
  /** Cast shadow on the surface behind the product: sideways shear, squash, blur share, darkness. */
  cast?: { shear: number; squash: number; blur: number; strength: number }
  contact?: boolean
  /** A bench plank under the product (background, not product). */
  bench?: boolean
  /** Small things lying around on the surface (crumbs, peanuts, a coin): background, not product. */
  clutter?: number
  /** Out-of-focus copies of the product further back (depth of field): background, not product. */
  behind?: Array<[number, number, number, number]>
  seed: number
}

export const SCENES: SceneSpec[] = [
  { name: 'bottle-white-table-cast', kind: 'shadow', width: 640, height: 640, background: 'white-table', product: 'bottle', box: [0.38, 0.18, 0.2, 0.62], cast: { shear: 1.1, squash: 0.35, blur: 0.012, strength: 0.4 }, contact: true, seed: 1 },
  { name: 'jar-spoon-white-side-light', kind: 'shadow', width: 720, height: 600, background: 'white-table', product: 'jar-spoon', box: [0.3, 0.3, 0.3, 0.5], cast: { shear: 1.8, squash: 0.3, blur: 0.02, strength: 0.35 }, contact: true, seed: 2 },
  { name: 'mug-wood-contact', kind: 'hole', width: 640, height: 512, background: 'wood', product: 'mug', box: [0.33, 0.3, 0.34, 0.5], cast: { shear: -0.8, squash: 0.4, blur: 0.015, strength: 0.45 }, contact: true, seed: 3 },
  { name: 'bottle-bokeh', kind: 'bokeh', width: 600, height: 800, background: 'bokeh', product: 'bottle', box: [0.37, 0.2, 0.26, 0.65], seed: 4 },
  { name: 'figurines-bench-garden', kind: 'bokeh', width: 800, height: 600, background: 'garden', product: 'figurines', box: [0.32, 0.3, 0.36, 0.42], contact: true, bench: true, seed: 5 },
  { name: 'hand-phone-room', kind: 'hand', width: 600, height: 800, background: 'room', product: 'hand-phone', box: [0.3, 0.18, 0.4, 0.55], seed: 6 },
  { name: 'tray-carpet', kind: 'tray', width: 700, height: 700, background: 'carpet', product: 'tray', box: [0.15, 0.2, 0.7, 0.55], contact: true, seed: 7 },
  { name: 'tray-wood-cast', kind: 'tray', width: 800, height: 600, background: 'wood', product: 'tray', box: [0.18, 0.22, 0.64, 0.56], cast: { shear: 0.6, squash: 0.25, blur: 0.02, strength: 0.4 }, seed: 8 },
  { name: 'small-bottle-room', kind: 'small', width: 2400, height: 1800, background: 'room', product: 'bottle', box: [0.46, 0.52, 0.07, 0.2], contact: true, seed: 9 },
  { name: 'small-mug-bokeh', kind: 'small', width: 2000, height: 2000, background: 'bokeh', product: 'mug', box: [0.55, 0.6, 0.12, 0.1], contact: true, seed: 10 },
  { name: 'mug-fabric-cast', kind: 'hole', width: 640, height: 640, background: 'fabric', product: 'mug', box: [0.28, 0.3, 0.4, 0.4], cast: { shear: 1.2, squash: 0.5, blur: 0.01, strength: 0.5 }, seed: 11 },
  { name: 'banana-fabric-cast', kind: 'photo', width: 800, height: 705, background: 'fabric', product: 'banana', box: [0.1, 0.1, 0.8, 0.8], cast: { shear: 0.5, squash: 0.3, blur: 0.02, strength: 0.4 }, seed: 12 },
  { name: 'banana-foliage', kind: 'photo', width: 800, height: 705, background: 'foliage', product: 'banana', box: [0.15, 0.15, 0.7, 0.7], seed: 13 },
  { name: 'lemur-bokeh', kind: 'photo', width: 680, height: 440, background: 'bokeh', product: 'lemur', box: [0, 0, 1, 1], seed: 14 },
  { name: 'jar-spoon-carpet', kind: 'shadow', width: 640, height: 640, background: 'carpet', product: 'jar-spoon', box: [0.25, 0.25, 0.45, 0.55], cast: { shear: -1.4, squash: 0.35, blur: 0.015, strength: 0.45 }, contact: true, seed: 15 },
  { name: 'bottle-clutter-wood', kind: 'clutter', width: 700, height: 700, background: 'wood', product: 'bottle', box: [0.4, 0.15, 0.2, 0.6], contact: true, clutter: 14, seed: 17 },
  { name: 'jar-clutter-white', kind: 'clutter', width: 800, height: 600, background: 'white-table', product: 'jar-spoon', box: [0.35, 0.25, 0.28, 0.55], cast: { shear: 1.2, squash: 0.3, blur: 0.015, strength: 0.35 }, contact: true, clutter: 10, seed: 18 },
  { name: 'mug-clutter-carpet', kind: 'clutter', width: 640, height: 640, background: 'carpet', product: 'mug', box: [0.3, 0.28, 0.38, 0.4], contact: true, clutter: 12, seed: 19 },
  { name: 'bottle-shelf-dof', kind: 'bokeh', width: 800, height: 600, background: 'room', product: 'bottle', box: [0.42, 0.25, 0.15, 0.65], contact: true, behind: [[0.1, 0.2, 0.1, 0.4], [0.75, 0.15, 0.09, 0.38], [0.27, 0.1, 0.08, 0.35]], seed: 20 },
  { name: 'mug-cafe-dof', kind: 'bokeh', width: 700, height: 700, background: 'bokeh', product: 'mug', box: [0.3, 0.45, 0.36, 0.36], contact: true, behind: [[0.05, 0.1, 0.2, 0.2], [0.7, 0.05, 0.22, 0.22]], seed: 21 },
  { name: 'small-banana-foliage', kind: 'small', width: 2400, height: 1600, background: 'foliage', product: 'banana', box: [0.4, 0.45, 0.16, 0.16], seed: 16 },
]

export interface Scene {
  spec: SceneSpec
  width: number
  height: number
  /** The photo as RGBA bytes and as PNG. */
  rgba: Uint8ClampedArray
  png: Buffer
  /** Known alpha, 0..1. */
  truth: Float32Array
}

function lowestRow(a: Uint8ClampedArray, W: number, H: number): number {
  for (let y = H - 1; y >= 0; y--) for (let x = 0; x < W; x++) if (a[(y * W + x) * 4 + 3] > 128) return y
  return H - 1
}

/** The product's silhouette in black, laid on the surface behind it and blurred. */
function paintShadows(g: SKRSContext2D, product: ReturnType<typeof newCanvas>, spec: SceneSpec, box: Box, base: number): void {
  const { width: W, height: H } = spec
  const sil = newCanvas(W, H)
  sil.g.drawImage(product.canvas, 0, 0)
  sil.g.globalCompositeOperation = 'source-in'
  sil.g.fillStyle = '#000'
  sil.g.fillRect(0, 0, W, H)
  if (spec.cast) {
    const { shear, squash, blur, strength } = spec.cast
    g.save()
    g.globalAlpha = strength
    g.filter = `blur(${Math.max(1, Math.round(blur * Math.max(W, H)))}px)`
    // x' = x + shear·(base − y), y' = base − squash·(base − y): the silhouette falls back on the table.
    g.setTransform(1, 0, -shear * squash, squash, shear * base * squash, base * (1 - squash))
    g.drawImage(sil.canvas, 0, 0)
    g.restore()
  }
  if (spec.contact) {
    g.save()
    g.globalAlpha = 0.6
    g.filter = `blur(${Math.max(1, Math.round(box.h * 0.03))}px)`
    g.fillStyle = '#000'
    g.beginPath()
    g.ellipse(box.x + box.w / 2, base, box.w * 0.55, Math.max(2, box.h * 0.04), 0, 0, Math.PI * 2)
    g.fill()
    g.restore()
  }
}

/** Crumbs, peanuts and a coin on the surface below the product's top, never touching its box. */
function paintClutter(g: SKRSContext2D, spec: SceneSpec, box: Box): void {
  const r = rng(spec.seed * 31)
  const { width: W, height: H } = spec
  const size = Math.min(W, H)
  for (let placed = 0, tries = 0; placed < (spec.clutter ?? 0) && tries < 500; tries++) {
    const rad = size * (0.008 + r() * 0.025)
    const x = r() * W
    const y = H * 0.55 + r() * H * 0.43
    const pad = rad * 3
    if (x > box.x - pad && x < box.x + box.w + pad && y > box.y - pad && y < box.y + box.h + pad) continue
    const kind = placed % 3
    g.fillStyle = kind === 0 ? '#c98e5c' : kind === 1 ? '#b8a062' : '#6b4b2a'
    g.beginPath()
    g.ellipse(x, y, rad * (kind === 0 ? 1.5 : 1), rad, r() * 3, 0, Math.PI * 2)
    g.fill()
    placed++
  }
}

/** Builds the photo and its known alpha; null when the scene needs an absent shared fixture. */
export async function buildScene(spec: SceneSpec): Promise<Scene | null> {
  const { width: W, height: H } = spec
  const box: Box = { x: spec.box[0] * W, y: spec.box[1] * H, w: spec.box[2] * W, h: spec.box[3] * H }
  const product = newCanvas(W, H)
  if (!(await drawProduct(product.g, spec.product, box, H))) return null
  const layer = product.g.getImageData(0, 0, W, H).data
  const base = lowestRow(layer, W, H)

  const photo = newCanvas(W, H)
  await paintBackground(photo.g, W, H, spec.background, spec.seed)
  if (spec.bench) {
    photo.g.fillStyle = '#6b4a2e'
    photo.g.fillRect(0, box.y + box.h, W, H * 0.06)
    photo.g.fillStyle = '#4a3220'
    photo.g.fillRect(0, box.y + box.h + H * 0.06, W, H * 0.015)
  }
  for (const [bx, by, bw, bh] of spec.behind ?? []) {
    const twin = newCanvas(W, H)
    await drawProduct(twin.g, spec.product, { x: bx * W, y: by * H, w: bw * W, h: bh * H }, H)
    photo.g.filter = `blur(${Math.round(Math.max(W, H) / 150)}px)`
    photo.g.drawImage(twin.canvas, 0, 0)
    photo.g.filter = 'none'
  }
  paintClutter(photo.g, spec, box)
  paintShadows(photo.g, product, spec, box, base)
  photo.g.drawImage(product.canvas, 0, 0)
  const rgba = photo.g.getImageData(0, 0, W, H).data
  const truth = new Float32Array(W * H)
  for (let i = 0; i < truth.length; i++) truth[i] = layer[i * 4 + 3] / 255
  return { spec, width: W, height: H, rgba, png: await photo.canvas.encode('png'), truth }
}
