import { createCanvas } from '@napi-rs/canvas'
import sharp from 'sharp'

/**
 * A product photo with a known answer: a glossy bottle-and-cap shape drawn on a studio backdrop,
 * returned with the exact mask of the shape. `transparent` draws it on nothing (an RGBA cutout).
 */
export async function drawProductPhoto(opts: { width: number; height: number; transparent?: boolean; backdrop?: 'plain' | 'gradient' }) {
  const { width: W, height: H } = opts
  const c = createCanvas(W, H)
  const g = c.getContext('2d')
  if (!opts.transparent) {
    const grad = g.createLinearGradient(0, 0, 0, H)
    grad.addColorStop(0, opts.backdrop === 'plain' ? '#f4f4f2' : '#dfe6ee')
    grad.addColorStop(1, opts.backdrop === 'plain' ? '#f4f4f2' : '#b9c3cf')
    g.fillStyle = grad
    g.fillRect(0, 0, W, H)
  }
  traceBottle(g, W, H)
  const body = g.createLinearGradient(W / 2 - W * 0.16, 0, W / 2 + W * 0.16, 0)
  body.addColorStop(0, '#7a1010')
  body.addColorStop(0.35, '#e8413a')
  body.addColorStop(0.5, '#ff8a7a')
  body.addColorStop(1, '#5c0c0c')
  g.fillStyle = body
  g.fill()
  g.fillStyle = '#f2e6c8'
  g.fillRect(W / 2 - W * 0.16, H * 0.52, W * 0.32, H * 0.16)
  g.fillStyle = '#2a2a2a'
  g.font = `bold ${Math.round(H * 0.06)}px sans-serif`
  g.textAlign = 'center'
  g.fillText('SAUCE', W / 2, H * 0.62)

  const rgba = g.getImageData(0, 0, W, H).data
  // The known answer: the same path filled alone, thresholded.
  const m = createCanvas(W, H)
  const mg = m.getContext('2d')
  mg.fillStyle = '#fff'
  traceBottle(mg, W, H)
  mg.fill()
  const md = mg.getImageData(0, 0, W, H).data
  const mask = new Uint8Array(W * H)
  for (let i = 0; i < mask.length; i++) mask[i] = md[i * 4 + 3] >= 128 ? 1 : 0

  const png = await sharp(Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength), { raw: { width: W, height: H, channels: 4 } })
    .png()
    .toBuffer()
  return { png, mask, width: W, height: H }
}

type Ctx = ReturnType<ReturnType<typeof createCanvas>['getContext']>

/** Bottle body, shoulder and neck: a silhouette with curves and a narrow part. */
function traceBottle(g: Ctx, W: number, H: number): void {
  const cx = W / 2
  const bw = W * 0.16
  g.beginPath()
  g.moveTo(cx - bw, H * 0.85)
  g.lineTo(cx - bw, H * 0.45)
  g.quadraticCurveTo(cx - bw, H * 0.35, cx - bw * 0.35, H * 0.3)
  g.lineTo(cx - bw * 0.35, H * 0.17)
  g.lineTo(cx + bw * 0.35, H * 0.17)
  g.lineTo(cx + bw * 0.35, H * 0.3)
  g.quadraticCurveTo(cx + bw, H * 0.35, cx + bw, H * 0.45)
  g.lineTo(cx + bw, H * 0.85)
  g.closePath()
}

export function iou(a: ArrayLike<number>, b: ArrayLike<number>, threshold = 0.5): number {
  let inter = 0
  let union = 0
  for (let i = 0; i < a.length; i++) {
    const x = a[i] >= threshold
    const y = b[i] >= threshold
    if (x && y) inter++
    if (x || y) union++
  }
  return union === 0 ? 1 : inter / union
}
