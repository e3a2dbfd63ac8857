/**
 * Flat-lay detection (issue 10 §2) on renders of the same object, a mug, from the front (standing
 * on a wooden floor before a wall) and from above (lying on the same wood), with exact mattes.
 */
import { createCanvas, type Canvas } from '@napi-rs/canvas'
import { describe, expect, it } from 'vitest'
import { createMask, type Box, type Mask, type RgbaImage } from '../../../src/main/engine/image/raster'
import { detectView, SHADOW_BELOW_MAX, TEXTURE_MIN, TOP_BOTTOM_MAX } from '../../../src/main/engine/steps/placement/camera-view'

const W = 480
const H = 480

function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296)
}

type Ctx = ReturnType<ReturnType<typeof createCanvas>['getContext']>

/** A surface with grain: per-pixel noise and a few darker streaks (wood). */
function surface(g: Ctx, x0: number, y0: number, w: number, h: number, rgb: [number, number, number], seed: number): void {
  const img = g.getImageData(x0, y0, w, h)
  const r = rng(seed)
  for (let y = 0; y < h; y++) {
    const streak = 0.9 + 0.1 * Math.sin(y * 0.21 + Math.sin(y * 0.05) * 3)
    for (let x = 0; x < w; x++) {
      const n = (r() - 0.5) * 44
      const i = (y * w + x) * 4
      img.data[i] = rgb[0] * streak + n
      img.data[i + 1] = rgb[1] * streak + n
      img.data[i + 2] = rgb[2] * streak + n
      img.data[i + 3] = 255
    }
  }
  g.putImageData(img, x0, y0)
}

function finish(c: Canvas, m: Canvas): { photo: RgbaImage; matte: Mask; box: Box } {
  const photo: RgbaImage = { width: W, height: H, data: new Uint8ClampedArray(c.getContext('2d').getImageData(0, 0, W, H).data) }
  const md = m.getContext('2d').getImageData(0, 0, W, H).data
  const matte = createMask(W, H)
  let x0 = W, y0 = H, x1 = 0, y1 = 0
  for (let p = 0; p < W * H; p++) {
    matte.data[p] = md[p * 4 + 3] / 255
    if (matte.data[p] > 0.1) {
      const x = p % W, y = Math.floor(p / W)
      x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x + 1); y1 = Math.max(y1, y + 1)
    }
  }
  return { photo, matte, box: [x0, y0, x1 - x0, y1 - y0] }
}

/** The mug from the front: a cylinder standing on the floor, a wall behind, a contact shadow under it. */
function frontRender() {
  const c = createCanvas(W, H)
  const g = c.getContext('2d')
  surface(g, 0, 0, W, Math.round(H * 0.6), [222, 222, 226], 1) // painted wall
  surface(g, 0, Math.round(H * 0.6), W, H - Math.round(H * 0.6), [150, 108, 70], 2) // wooden floor
  g.fillStyle = 'rgba(20,12,5,0.55)'
  g.beginPath()
  g.ellipse(240, 392, 110, 16, 0, 0, Math.PI * 2)
  g.fill()
  const m = createCanvas(W, H)
  for (const ctx of [g, m.getContext('2d')]) {
    ctx.fillStyle = ctx === g ? '#2f5d8a' : '#fff'
    ctx.beginPath()
    ctx.moveTo(160, 180)
    ctx.lineTo(160, 380)
    ctx.ellipse(240, 380, 80, 14, 0, Math.PI, 0, true)
    ctx.lineTo(320, 180)
    ctx.ellipse(240, 180, 80, 14, 0, 0, Math.PI, true)
    ctx.fill()
    ctx.fillRect(320, 230, 40, 18)
    ctx.fillRect(342, 230, 18, 90)
    ctx.fillRect(320, 302, 40, 18)
  }
  return finish(c, m)
}

/** The same mug from above, lying on the same wood: a disc with its handle, a drop shadow to the lower right. */
function topRender() {
  const c = createCanvas(W, H)
  const g = c.getContext('2d')
  surface(g, 0, 0, W, H, [150, 108, 70], 2)
  g.fillStyle = 'rgba(20,12,5,0.45)'
  g.beginPath()
  g.arc(254, 254, 92, 0, Math.PI * 2)
  g.fill()
  const m = createCanvas(W, H)
  for (const ctx of [g, m.getContext('2d')]) {
    ctx.fillStyle = ctx === g ? '#2f5d8a' : '#fff'
    ctx.beginPath()
    ctx.arc(240, 240, 90, 0, Math.PI * 2)
    ctx.fill()
    ctx.fillRect(325, 228, 60, 24)
  }
  g.fillStyle = '#3a2414'
  g.beginPath()
  g.arc(240, 240, 74, 0, Math.PI * 2)
  g.fill() // coffee inside the rim
  return finish(c, m)
}

describe('camera view: flat lay or front', () => {
  it('a mug standing before a wall is a front view', () => {
    const { photo, matte, box } = frontRender()
    const r = detectView(photo, matte, box)
    // The wood and the wall both have grain, so the texture signal alone would say "top"…
    expect(r.signals.texture).toBeGreaterThanOrEqual(TEXTURE_MIN)
    // …but wall above and floor below differ, and the floor is darker under the mug.
    expect(r.signals.top_bottom).toBeGreaterThanOrEqual(TOP_BOTTOM_MAX)
    expect(r.signals.shadow_below).toBeGreaterThanOrEqual(SHADOW_BELOW_MAX)
    expect(r.view).toBe('front')
  })

  it('the same mug seen from above on the same wood is a flat lay', () => {
    const { photo, matte, box } = topRender()
    const r = detectView(photo, matte, box)
    expect(r.signals.texture).toBeGreaterThanOrEqual(TEXTURE_MIN)
    expect(r.signals.top_bottom).toBeLessThan(TOP_BOTTOM_MAX)
    expect(r.signals.shadow_below).toBeLessThan(SHADOW_BELOW_MAX)
    expect(r.view).toBe('top')
  })

  it('a product on seamless white says nothing about the camera: front', () => {
    const { matte, box } = topRender()
    const photo: RgbaImage = { width: W, height: H, data: new Uint8ClampedArray(W * H * 4).fill(255) }
    const r = detectView(photo, matte, box)
    expect(r.signals.texture).toBeLessThan(TEXTURE_MIN)
    expect(r.view).toBe('front')
  })
})
