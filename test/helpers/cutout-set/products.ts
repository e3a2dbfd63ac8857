/**
 * Products with exact alpha for the cutout test set. Each draws itself on a transparent canvas
 * inside a box; the canvas's own alpha is the known answer. Two come from the shared fixtures with
 * real photo pixels: the banana (its white studio backdrop keyed out) and the lemur (its matte).
 */
import { loadImage, type SKRSContext2D } from '@napi-rs/canvas'
import { readFile } from 'node:fs/promises'
import { labelComponents } from '../../../src/main/engine/steps/segment/connected-components'
import { sharedFixture } from '../fixtures'

export interface Box {
  x: number
  y: number
  w: number
  h: number
}

export type ProductKind = 'bottle' | 'jar-spoon' | 'mug' | 'hand-phone' | 'tray' | 'figurines' | 'banana' | 'lemur'

function bottle(g: SKRSContext2D, b: Box): void {
  const cx = b.x + b.w / 2
  const bw = b.w / 2
  g.beginPath()
  g.moveTo(cx - bw, b.y + b.h)
  g.lineTo(cx - bw, b.y + b.h * 0.42)
  g.quadraticCurveTo(cx - bw, b.y + b.h * 0.28, cx - bw * 0.35, b.y + b.h * 0.2)
  g.lineTo(cx - bw * 0.35, b.y)
  g.lineTo(cx + bw * 0.35, b.y)
  g.lineTo(cx + bw * 0.35, b.y + b.h * 0.2)
  g.quadraticCurveTo(cx + bw, b.y + b.h * 0.28, cx + bw, b.y + b.h * 0.42)
  g.lineTo(cx + bw, b.y + b.h)
  g.closePath()
  const body = g.createLinearGradient(cx - bw, 0, cx + bw, 0)
  body.addColorStop(0, '#1f4d1a')
  body.addColorStop(0.4, '#3f9a3a')
  body.addColorStop(0.55, '#b8f0a8')
  body.addColorStop(1, '#173d14')
  g.fillStyle = body
  g.fill()
  g.fillStyle = '#f4ecd8'
  g.fillRect(cx - bw, b.y + b.h * 0.55, b.w, b.h * 0.2)
  g.fillStyle = '#222'
  g.font = `bold ${Math.round(b.h * 0.08)}px sans-serif`
  g.textAlign = 'center'
  g.fillText('OLIVE', cx, b.y + b.h * 0.68)
  g.fillStyle = '#c9a227'
  g.fillRect(cx - bw * 0.38, b.y, bw * 0.76, b.h * 0.07)
}

/** A white jar with a wooden lid, lit from the left, and a wooden spoon leaning on it. */
function jarSpoon(g: SKRSContext2D, b: Box): void {
  const jw = b.w * 0.7
  const body = g.createLinearGradient(b.x, 0, b.x + jw, 0)
  body.addColorStop(0, '#ffffff')
  body.addColorStop(0.6, '#eeeeec')
  body.addColorStop(1, '#bdbcb8')
  g.fillStyle = body
  g.beginPath()
  g.roundRect(b.x, b.y + b.h * 0.2, jw, b.h * 0.8, jw * 0.08)
  g.fill()
  const lid = g.createLinearGradient(b.x, 0, b.x + jw, 0)
  lid.addColorStop(0, '#d9a86a')
  lid.addColorStop(1, '#8a5a2b')
  g.fillStyle = lid
  g.beginPath()
  g.roundRect(b.x - jw * 0.03, b.y + b.h * 0.06, jw * 1.06, b.h * 0.16, jw * 0.05)
  g.fill()
  // Spoon: a handle from the jar's shoulder to the table on the right, bowl on the table.
  g.strokeStyle = '#b07a45'
  g.lineWidth = b.w * 0.035
  g.lineCap = 'round'
  g.beginPath()
  g.moveTo(b.x + jw * 0.95, b.y + b.h * 0.3)
  g.lineTo(b.x + b.w * 0.9, b.y + b.h * 0.92)
  g.stroke()
  g.fillStyle = '#a06a38'
  g.beginPath()
  g.ellipse(b.x + b.w * 0.9, b.y + b.h * 0.93, b.w * 0.08, b.h * 0.05, 0.3, 0, Math.PI * 2)
  g.fill()
}

/** A mug whose handle encloses a real hole. */
function mug(g: SKRSContext2D, b: Box): void {
  const bw = b.w * 0.72
  g.strokeStyle = '#1f4f9a'
  g.lineWidth = b.w * 0.08
  g.beginPath()
  g.ellipse(b.x + bw, b.y + b.h * 0.48, b.w * 0.19, b.h * 0.22, 0, -Math.PI / 2, Math.PI / 2)
  g.stroke()
  const body = g.createLinearGradient(b.x, 0, b.x + bw, 0)
  body.addColorStop(0, '#143a78')
  body.addColorStop(0.45, '#3b7ee0')
  body.addColorStop(1, '#12316a')
  g.fillStyle = body
  g.beginPath()
  g.roundRect(b.x, b.y, bw, b.h, [b.w * 0.02, b.w * 0.02, b.w * 0.1, b.w * 0.1])
  g.fill()
  g.fillStyle = '#f2f2f2'
  g.font = `bold ${Math.round(b.h * 0.14)}px sans-serif`
  g.textAlign = 'center'
  g.fillText('JOE', b.x + bw / 2, b.y + b.h * 0.55)
}

/** An arm entering from the bottom edge, a hand, and a phone held upright. */
function handPhone(g: SKRSContext2D, b: Box, frameH: number): void {
  const skin = g.createLinearGradient(b.x, 0, b.x + b.w, 0)
  skin.addColorStop(0, '#c98b62')
  skin.addColorStop(0.5, '#e7b48f')
  skin.addColorStop(1, '#b57650')
  g.fillStyle = skin
  g.beginPath() // forearm down to the frame's bottom edge
  g.moveTo(b.x + b.w * 0.3, b.y + b.h * 0.6)
  g.lineTo(b.x + b.w * 0.15, frameH + 2)
  g.lineTo(b.x + b.w * 0.62, frameH + 2)
  g.lineTo(b.x + b.w * 0.78, b.y + b.h * 0.62)
  g.closePath()
  g.fill()
  g.beginPath() // palm
  g.ellipse(b.x + b.w * 0.52, b.y + b.h * 0.58, b.w * 0.3, b.h * 0.14, -0.2, 0, Math.PI * 2)
  g.fill()
  const phone = g.createLinearGradient(0, b.y, 0, b.y + b.h * 0.6)
  phone.addColorStop(0, '#2a3b5c')
  phone.addColorStop(1, '#7fb0e8')
  g.fillStyle = '#111'
  g.beginPath()
  g.roundRect(b.x + b.w * 0.22, b.y, b.w * 0.56, b.h * 0.62, b.w * 0.06)
  g.fill()
  g.fillStyle = phone
  g.fillRect(b.x + b.w * 0.25, b.y + b.h * 0.03, b.w * 0.5, b.h * 0.56)
  g.fillStyle = skin // fingers over the phone's edges
  for (let i = 0; i < 3; i++) {
    g.beginPath()
    g.ellipse(b.x + b.w * 0.8, b.y + b.h * (0.3 + i * 0.08), b.w * 0.07, b.h * 0.035, 0, 0, Math.PI * 2)
    g.fill()
  }
  g.beginPath()
  g.ellipse(b.x + b.w * 0.22, b.y + b.h * 0.42, b.w * 0.06, b.h * 0.09, 0.3, 0, Math.PI * 2)
  g.fill()
}

/** A pale tray with an orange, a cup of coffee and a pastry: one product. */
function tray(g: SKRSContext2D, b: Box): void {
  g.fillStyle = '#e9e6df'
  g.beginPath()
  g.roundRect(b.x, b.y + b.h * 0.2, b.w, b.h * 0.8, b.w * 0.04)
  g.fill()
  g.strokeStyle = '#c8c3b8'
  g.lineWidth = b.w * 0.015
  g.stroke()
  const orange = g.createRadialGradient(b.x + b.w * 0.2, b.y + b.h * 0.45, 1, b.x + b.w * 0.22, b.y + b.h * 0.5, b.w * 0.13)
  orange.addColorStop(0, '#ffc46b')
  orange.addColorStop(1, '#d9730f')
  g.fillStyle = orange
  g.beginPath()
  g.arc(b.x + b.w * 0.22, b.y + b.h * 0.5, b.w * 0.12, 0, Math.PI * 2)
  g.fill()
  g.fillStyle = '#fafafa'
  g.beginPath()
  g.arc(b.x + b.w * 0.55, b.y + b.h * 0.62, b.w * 0.13, 0, Math.PI * 2)
  g.fill()
  g.fillStyle = '#5b3416'
  g.beginPath()
  g.arc(b.x + b.w * 0.55, b.y + b.h * 0.62, b.w * 0.1, 0, Math.PI * 2)
  g.fill()
  g.fillStyle = '#c98a3c'
  g.beginPath()
  g.ellipse(b.x + b.w * 0.82, b.y + b.h * 0.45, b.w * 0.12, b.h * 0.08, 0.5, 0, Math.PI * 2)
  g.fill()
}

/** Two small figurines side by side (separate pieces: the model must give both evidence). */
function figurines(g: SKRSContext2D, b: Box): void {
  const one = (x: number, w: number, colour: string) => {
    g.fillStyle = colour
    g.beginPath()
    g.moveTo(x, b.y + b.h)
    g.lineTo(x + w * 0.2, b.y + b.h * 0.35)
    g.lineTo(x + w * 0.8, b.y + b.h * 0.35)
    g.lineTo(x + w, b.y + b.h)
    g.closePath()
    g.fill()
    g.fillStyle = '#f0d2b0'
    g.beginPath()
    g.arc(x + w / 2, b.y + b.h * 0.2, w * 0.28, 0, Math.PI * 2)
    g.fill()
    g.fillStyle = '#3a2a1a'
    g.beginPath()
    g.arc(x + w / 2, b.y + b.h * 0.14, w * 0.27, Math.PI, 0)
    g.fill()
  }
  one(b.x, b.w * 0.4, '#c0392b')
  one(b.x + b.w * 0.58, b.w * 0.42, '#e1b12c')
}

async function fromFixture(g: SKRSContext2D, b: Box, kind: 'banana' | 'lemur'): Promise<boolean> {
  const path = sharedFixture(kind === 'banana' ? 'banana.png' : 'lemur.png')
  const alphaPath = kind === 'lemur' ? sharedFixture('lemur_alpha.png') : path
  if (!path || !alphaPath) return false
  const img = await loadImage(await readFile(path))
  const { newCanvas } = await import('./backgrounds')
  const { canvas, g: c } = newCanvas(img.width, img.height)
  c.drawImage(img, 0, 0)
  const px = c.getImageData(0, 0, img.width, img.height)
  if (kind === 'lemur') {
    const { g: ac } = newCanvas(img.width, img.height)
    ac.drawImage(await loadImage(await readFile(alphaPath)), 0, 0)
    const a = ac.getImageData(0, 0, img.width, img.height).data
    for (let i = 0; i < a.length; i += 4) px.data[i + 3] = a[i]
  } else {
    // Pure white studio backdrop: alpha from the distance to white, a 3-level soft ramp.
    for (let i = 0; i < px.data.length; i += 4) {
      const d = 255 - Math.min(px.data[i], px.data[i + 1], px.data[i + 2])
      px.data[i + 3] = Math.max(0, Math.min(255, Math.round(((d - 6) / 18) * 255)))
    }
    closeEnclosedHoles(px.data, img.width, img.height)
  }
  c.putImageData(px, 0, 0)
  g.drawImage(canvas, b.x, b.y, b.w, b.h)
  return true
}

/** Draws the product; false when it needs a shared fixture that is absent. */
export async function drawProduct(g: SKRSContext2D, kind: ProductKind, b: Box, frameH: number): Promise<boolean> {
  switch (kind) {
    case 'bottle':
      bottle(g, b)
      return true
    case 'jar-spoon':
      jarSpoon(g, b)
      return true
    case 'mug':
      mug(g, b)
      return true
    case 'hand-phone':
      handPhone(g, b, frameH)
      return true
    case 'tray':
      tray(g, b)
      return true
    case 'figurines':
      figurines(g, b)
      return true
    case 'banana':
    case 'lemur':
      return fromFixture(g, b, kind)
  }
}

/** Highlights on the banana's skin are as white as the backdrop: enclosed ones are skin, not holes. */
function closeEnclosedHoles(rgba: Uint8ClampedArray, width: number, height: number): void {
  const bg = new Uint8Array(width * height)
  for (let i = 0; i < bg.length; i++) bg[i] = rgba[i * 4 + 3] < 128 ? 1 : 0
  const cc = labelComponents({ width, height, data: bg }, { connectivity: 4, value: 1 })
  for (let i = 0; i < bg.length; i++) {
    const l = cc.labels[i]
    if (l > 0 && !cc.touchesBorder[l]) rgba[i * 4 + 3] = 255
  }
}
