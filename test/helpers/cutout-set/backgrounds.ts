/**
 * Busy backgrounds for the cutout test set: real photo texture where the shared fixtures give some
 * (foliage beside the lemur, carpet around the pollock tray), procedural otherwise (bokeh, wood,
 * a blurred room, fabric, a white table lit from the side). Each fills a canvas context.
 */
import { createCanvas, loadImage, type SKRSContext2D } from '@napi-rs/canvas'
import { readFile } from 'node:fs/promises'
import { rng } from '../../unit/segment/synthetic'
import { sharedFixture } from '../fixtures'

export type BackgroundKind = 'bokeh' | 'foliage' | 'carpet' | 'wood' | 'room' | 'fabric' | 'white-table' | 'garden'

/** A crop of a shared fixture stretched over the frame, or null without ../shared. */
async function photoPatch(g: SKRSContext2D, W: number, H: number, file: string, sx: number, sy: number, sw: number, sh: number, blur: number): Promise<boolean> {
  const path = sharedFixture(file)
  if (!path) return false
  const img = await loadImage(await readFile(path))
  g.filter = blur > 0 ? `blur(${blur}px)` : 'none'
  // Drawn a little larger than the frame so the blur has no dark rim.
  const m = blur * 3
  g.drawImage(img, sx, sy, sw, sh, -m, -m, W + 2 * m, H + 2 * m)
  g.filter = 'none'
  return true
}

function bokeh(g: SKRSContext2D, W: number, H: number, seed: number, greens: boolean): void {
  const r = rng(seed)
  const grad = g.createLinearGradient(0, 0, W, H)
  grad.addColorStop(0, greens ? '#1d3a1a' : '#2b2330')
  grad.addColorStop(1, greens ? '#4f6b2a' : '#5a4634')
  g.fillStyle = grad
  g.fillRect(0, 0, W, H)
  const s = Math.max(W, H)
  g.filter = `blur(${Math.round(s / 120)}px)`
  for (let i = 0; i < 70; i++) {
    const hue = greens ? 60 + r() * 70 : 20 + r() * 40
    g.fillStyle = `hsla(${hue}, ${40 + r() * 50}%, ${45 + r() * 45}%, ${0.25 + r() * 0.5})`
    g.beginPath()
    g.arc(r() * W, r() * H, s * (0.02 + r() * 0.07), 0, Math.PI * 2)
    g.fill()
  }
  g.filter = 'none'
}

function wood(g: SKRSContext2D, W: number, H: number, seed: number): void {
  const r = rng(seed)
  const phase = Array.from({ length: 6 }, () => r() * 6.28)
  const img = g.createImageData(W, H)
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const u = y / H
      const ring = Math.sin(u * 90 + Math.sin(x / W * 7 + phase[0]) * 2.5 + Math.sin(x / W * 23 + phase[1]) * 0.6)
      const plank = Math.floor((y / H) * 5)
      const t = 0.5 + 0.35 * ring + 0.08 * Math.sin(plank * 3.1 + phase[2])
      const seam = (y * 5) % H < 3 ? 0.55 : 1
      const i = (y * W + x) * 4
      img.data[i] = (120 + 80 * t) * seam
      img.data[i + 1] = (75 + 55 * t) * seam
      img.data[i + 2] = (40 + 30 * t) * seam
      img.data[i + 3] = 255
    }
  }
  g.putImageData(img, 0, 0)
}

function room(g: SKRSContext2D, W: number, H: number): void {
  g.fillStyle = '#cfc6b8'
  g.fillRect(0, 0, W, H)
  g.filter = `blur(${Math.round(Math.max(W, H) / 60)}px)`
  g.fillStyle = '#f6f1e4' // window
  g.fillRect(W * 0.62, H * 0.08, W * 0.3, H * 0.45)
  g.fillStyle = '#4a5a6e' // sofa
  g.fillRect(W * 0.05, H * 0.5, W * 0.55, H * 0.3)
  g.fillStyle = '#8c3b2f' // cushion
  g.fillRect(W * 0.12, H * 0.42, W * 0.14, H * 0.14)
  g.fillStyle = '#2b2622' // lamp and shelf
  g.fillRect(W * 0.7, H * 0.55, W * 0.03, H * 0.4)
  g.fillRect(W * 0.02, H * 0.12, W * 0.35, H * 0.04)
  g.fillStyle = '#7b6a55' // floor
  g.fillRect(0, H * 0.82, W, H * 0.18)
  g.filter = 'none'
}

function fabric(g: SKRSContext2D, W: number, H: number, seed: number): void {
  const r = rng(seed)
  const img = g.createImageData(W, H)
  const p = Math.max(4, Math.round(Math.max(W, H) / 160))
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const weave = ((Math.floor(x / p) + Math.floor(y / p)) & 1) === 0 ? 1 : 0.82
      const check = (Math.floor(x / (p * 12)) + Math.floor(y / (p * 12))) & 1 ? 1 : 0.7
      const n = 0.9 + r() * 0.2
      const i = (y * W + x) * 4
      img.data[i] = 70 * weave * check * n + 40
      img.data[i + 1] = 110 * weave * check * n + 30
      img.data[i + 2] = 150 * weave * check * n + 30
      img.data[i + 3] = 255
    }
  }
  g.putImageData(img, 0, 0)
}

function whiteTable(g: SKRSContext2D, W: number, H: number): void {
  // Light from the left: a wall above a table edge, both nearly white.
  const wall = g.createLinearGradient(0, 0, W, 0)
  wall.addColorStop(0, '#fbfbf9')
  wall.addColorStop(1, '#d9d8d4')
  g.fillStyle = wall
  g.fillRect(0, 0, W, H * 0.55)
  const table = g.createLinearGradient(0, H * 0.55, W, H)
  table.addColorStop(0, '#ffffff')
  table.addColorStop(1, '#e4e3df')
  g.fillStyle = table
  g.fillRect(0, H * 0.55, W, H * 0.45)
}

/** Painted at ≤ 800 px and scaled up: blurred backgrounds lose nothing, large photos stay quick. */
export async function paintBackground(g: SKRSContext2D, W: number, H: number, kind: BackgroundKind, seed: number): Promise<void> {
  const s = Math.min(1, 800 / Math.max(W, H))
  if (s === 1) return paintAtSize(g, W, H, kind, seed)
  const small = newCanvas(Math.round(W * s), Math.round(H * s))
  await paintAtSize(small.g, small.canvas.width, small.canvas.height, kind, seed)
  g.drawImage(small.canvas, 0, 0, W, H)
}

async function paintAtSize(g: SKRSContext2D, W: number, H: number, kind: BackgroundKind, seed: number): Promise<void> {
  switch (kind) {
    case 'bokeh':
      return bokeh(g, W, H, seed, false)
    case 'garden':
      return bokeh(g, W, H, seed, true)
    case 'foliage':
      // The lemur photo's left strip is out-of-focus grass and leaves only.
      if (await photoPatch(g, W, H, 'lemur.png', 0, 0, 140, 440, 2)) return
      return bokeh(g, W, H, seed, true)
    case 'carpet':
      // The pollock photo's top-left corner is grey carpet only.
      if (await photoPatch(g, W, H, 'pollock.png', 0, 0, 200, 190, 0)) return
      return fabric(g, W, H, seed)
    case 'wood':
      return wood(g, W, H, seed)
    case 'room':
      return room(g, W, H)
    case 'fabric':
      return fabric(g, W, H, seed)
    case 'white-table':
      return whiteTable(g, W, H)
  }
}

export function newCanvas(W: number, H: number) {
  const c = createCanvas(W, H)
  return { canvas: c, g: c.getContext('2d') }
}
