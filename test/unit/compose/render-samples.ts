/**
 * Visual check for step 3 (not a test): synthetic scenes x text layers x modes x positions,
 * written to /tmp/compose-samples/. Run: node bin/run-ts.mjs test/unit/compose/render-samples.ts
 */
import { mkdirSync } from 'node:fs'
import { createCanvas } from '@napi-rs/canvas'
import sharp from 'sharp'
import type { Mask, RgbaImage } from '../../../src/main/engine/image/raster'
import { composeAd } from '../../../src/main/engine/steps/compose/compose-ad'
import type { CompositionMode, TextPosition } from '../../../src/main/engine/steps/compose/types'

const OUT = '/tmp/compose-samples'

function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 4294967296
  }
}

/** Studio gradient, a floor, a glossy disc product; optional busy texture on part of the frame. */
export function makeScene(
  w: number,
  h: number,
  opts: { cx: number; cy: number; r: number; top: number[]; bottom: number[]; busy?: 'none' | 'bottom' | 'all' },
): { scene: RgbaImage; mask: Mask } {
  const data = new Uint8ClampedArray(w * h * 4)
  const mask = new Float32Array(w * h)
  const rand = rng(7)
  const floorY = opts.cy + opts.r * 0.9
  for (let y = 0; y < h; y++) {
    const t = y / (h - 1)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4
      let r = opts.top[0] + (opts.bottom[0] - opts.top[0]) * t
      let g = opts.top[1] + (opts.bottom[1] - opts.top[1]) * t
      let b = opts.top[2] + (opts.bottom[2] - opts.top[2]) * t
      // Light from the upper left: a soft vignette.
      const v = 1 - 0.25 * Math.hypot(x / w - 0.2, y / h - 0.1)
      r *= v
      g *= v
      b *= v
      if (y > floorY) {
        r *= 0.88
        g *= 0.88
        b *= 0.88
      }
      const busy = opts.busy === 'all' || (opts.busy === 'bottom' && y > h / 2)
      if (busy) {
        const n = (rand() - 0.5) * 160 + 40 * Math.sin(x * 0.21) * Math.cos(y * 0.17)
        r += n
        g += n * 0.8
        b += n * 0.6
      }
      // Contact shadow under the product.
      const sx = (x - opts.cx) / (opts.r * 1.1)
      const sy = (y - floorY) / (opts.r * 0.12)
      const sh = Math.exp(-(sx * sx + sy * sy))
      r *= 1 - 0.45 * sh
      g *= 1 - 0.45 * sh
      b *= 1 - 0.45 * sh
      // Product: a glossy teal sphere, anti-aliased edge.
      const d = Math.hypot(x - opts.cx, y - opts.cy)
      const m = Math.min(1, Math.max(0, opts.r + 0.5 - d))
      if (m > 0) {
        const nx = (x - opts.cx) / opts.r
        const ny = (y - opts.cy) / opts.r
        const lit = Math.max(0, -0.5 * nx - 0.7 * ny + 0.5 * Math.sqrt(Math.max(0, 1 - nx * nx - ny * ny)))
        const spec = Math.pow(Math.max(0, 1 - Math.hypot(nx + 0.35, ny + 0.4) * 3), 2) * 255
        const pr = 20 + 60 * lit + spec
        const pg = 110 + 110 * lit + spec
        const pb = 120 + 100 * lit + spec
        r = r * (1 - m) + pr * m
        g = g * (1 - m) + pg * m
        b = b * (1 - m) + pb * m
      }
      mask[y * w + x] = m
      data[i] = r
      data[i + 1] = g
      data[i + 2] = b
      data[i + 3] = 255
    }
  }
  return { scene: { width: w, height: h, data }, mask: { width: w, height: h, data: mask } }
}

export function makeText(lines: string[], style: 'white' | 'gold', px = 110): RgbaImage {
  const font = `bold ${px}px "DejaVu Sans"`
  const probe = createCanvas(10, 10).getContext('2d')
  probe.font = font
  const widths = lines.map((l) => probe.measureText(l).width)
  const W = Math.ceil(Math.max(...widths) + px * 0.3)
  const lh = px * 1.15
  const H = Math.ceil(lh * lines.length + px * 0.3)
  const c = createCanvas(W, H)
  const ctx = c.getContext('2d')
  ctx.font = font
  ctx.textBaseline = 'top'
  ctx.textAlign = 'center'
  lines.forEach((line, k) => {
    const y = px * 0.15 + k * lh
    if (style === 'gold') {
      // Extrusion, then a metallic gradient face.
      for (let d = 6; d >= 1; d--) {
        ctx.fillStyle = `rgb(${110 - d * 8}, ${70 - d * 5}, 10)`
        ctx.fillText(line, W / 2 + d * 0.7, y + d)
      }
      const grad = ctx.createLinearGradient(0, y, 0, y + px)
      grad.addColorStop(0, '#fff1b0')
      grad.addColorStop(0.45, '#f2c14e')
      grad.addColorStop(0.55, '#c8901e')
      grad.addColorStop(1, '#ffe08a')
      ctx.fillStyle = grad
    } else {
      ctx.fillStyle = 'rgba(255,255,255,0.97)'
    }
    ctx.fillText(line, W / 2, y)
  })
  const img = ctx.getImageData(0, 0, W, H)
  return { width: W, height: H, data: new Uint8ClampedArray(img.data) }
}

async function save(img: RgbaImage, name: string): Promise<void> {
  await sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength), {
    raw: { width: img.width, height: img.height, channels: 4 },
  })
    .png()
    .toFile(`${OUT}/${name}.png`)
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true })
  const square = makeScene(1024, 1024, { cx: 512, cy: 560, r: 230, top: [250, 226, 205], bottom: [205, 160, 130] })
  const dark = makeScene(1024, 1024, { cx: 512, cy: 540, r: 240, top: [40, 52, 80], bottom: [12, 16, 28] })
  const busy = makeScene(1024, 1024, { cx: 512, cy: 470, r: 200, top: [235, 235, 240], bottom: [180, 180, 190], busy: 'bottom' })
  const wide = makeScene(1200, 628, { cx: 880, cy: 330, r: 220, top: [230, 236, 244], bottom: [170, 185, 205] })
  const story = makeScene(1080, 1920, { cx: 540, cy: 1000, r: 300, top: [255, 236, 214], bottom: [214, 150, 110] })
  const white = makeText(['SUMMER SALE', 'UP TO 50% OFF'], 'white')
  const gold = makeText(['Premium Tea'], 'gold', 130)
  const sunset = makeScene(1024, 1024, { cx: 600, cy: 600, r: 210, top: [250, 140, 60], bottom: [120, 40, 90] })
  const scenes = { square, dark, busy, wide, story, sunset }
  const texts = { white, gold }
  await save(white, 'layer-white')
  await save(gold, 'layer-gold')
  const modes: CompositionMode[] = ['overlay', 'blend', 'behind']
  const positions: TextPosition[] = ['top', 'center', 'bottom', 'auto']
  const only = process.argv[2]
  for (const [sn, s] of Object.entries(scenes)) {
    for (const [tn, t] of Object.entries(texts)) {
      for (const mode of modes) {
        for (const position of positions) {
          const name = `${sn}-${tn}-${mode}-${position}`
          if (only && !name.includes(only)) continue
          const t0 = performance.now()
          // The sunset scene is lit from the upper left by a warm key light, as step 1 would report.
          const light = sn === 'sunset' ? { azimuthDeg: 150, elevationDeg: 30, softness: 0.3, color: [255, 170, 90] as [number, number, number] } : null
          const r = composeAd({ scene: s.scene, productMask: s.mask, textLayer: t, mode, position, light })
          const ms = performance.now() - t0
          await save(r.image, name)
          console.log(
            name.padEnd(34),
            r.position.padEnd(6),
            `box=${r.textBox.join(',')}`.padEnd(24),
            `scale=${r.scale.toFixed(2)}`,
            `guard=${r.legibility.guard}`.padEnd(14),
            `${r.legibility.contrastBefore.toFixed(2)}->${r.legibility.contrastAfter.toFixed(2)}`,
            `cov=${r.productCoverage.toFixed(3)}`,
            `${ms.toFixed(1)}ms`,
          )
        }
      }
    }
  }
}

if (process.argv[1]?.endsWith('render-samples.ts')) await main()
