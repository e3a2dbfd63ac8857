/**
 * Synthetic scenes and products for the placement tests and samples: drawn analytically at any
 * size (signed distances with a 1 px antialiased edge), so "resampled to box size" is exact.
 */
import { createRgba, type RgbaImage } from '../../../src/main/engine/image/raster'
import type { Rgb, SceneLayout, SceneLight } from '../../../src/main/engine/steps/background/scene-types'

export function makeLight(azimuthDeg: number, elevationDeg = 40, softness = 0.4, color: Rgb = [255, 246, 232]): SceneLight {
  return { azimuthDeg, elevationDeg, softness, color }
}

export function makeLayout(width: number, height: number, over: Partial<SceneLayout> = {}): SceneLayout {
  return {
    width,
    height,
    horizonY: Math.round(height * 0.6),
    groundY: Math.round(height * 0.82),
    glossy: false,
    reflectivity: 0,
    ambient: [206, 212, 222],
    ...over,
  }
}

/** Studio sweep: a vertical wall gradient, a softer floor gradient below the horizon. */
export function studioBackground(width: number, height: number, horizonY: number, wall: Rgb = [214, 220, 230], floor: Rgb = [228, 224, 218]): RgbaImage {
  const img = createRgba(width, height)
  for (let y = 0; y < height; y++) {
    const onFloor = y >= horizonY
    const t = onFloor ? (y - horizonY) / Math.max(1, height - horizonY) : y / Math.max(1, horizonY)
    const base = onFloor ? floor : wall
    const k = onFloor ? 0.9 + 0.1 * t : 0.85 + 0.15 * t
    for (let x = 0; x < width; x++) {
      const vign = 1 - 0.08 * Math.pow(Math.abs(x / width - 0.5) * 2, 2)
      const i = (y * width + x) * 4
      img.data[i] = base[0] * k * vign
      img.data[i + 1] = base[1] * k * vign
      img.data[i + 2] = base[2] * k * vign
      img.data[i + 3] = 255
    }
  }
  return img
}

const cov = (sd: number): number => Math.min(1, Math.max(0, 0.5 - sd))

function paint(w: number, h: number, sdf: (x: number, y: number) => number, shade: (x: number, y: number) => Rgb): RgbaImage {
  const img = createRgba(w, h)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const a = cov(sdf(x + 0.5, y + 0.5))
      if (a <= 0) continue
      const c = shade(x + 0.5, y + 0.5)
      const i = (y * w + x) * 4
      img.data[i] = c[0]
      img.data[i + 1] = c[1]
      img.data[i + 2] = c[2]
      img.data[i + 3] = Math.round(a * 255)
    }
  }
  return img
}

function sdRoundRect(x: number, y: number, cx: number, cy: number, hw: number, hh: number, r: number): number {
  const qx = Math.abs(x - cx) - hw + r
  const qy = Math.abs(y - cy) - hh + r
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r
}

/** Cylinder light falloff across x (lit from the upper left), with a specular stripe. */
function cylinderShade(x: number, left: number, right: number, rgb: Rgb): Rgb {
  const u = (x - left) / Math.max(1, right - left)
  const k = 0.55 + 0.55 * Math.sin(Math.PI * Math.min(1, Math.max(0, u * 0.9 + 0.05)))
  const spec = Math.exp(-Math.pow((u - 0.3) / 0.05, 2)) * 60
  return [rgb[0] * k + spec, rgb[1] * k + spec, rgb[2] * k + spec]
}

/** A wine-style bottle filling its w×h box, flat base on the bottom row. */
export function drawBottle(w: number, h: number): RgbaImage {
  const cx = w / 2
  const body = (x: number, y: number): number => sdRoundRect(x, y, cx, h * 0.66, w * 0.5, h * 0.34, w * 0.16)
  const neck = (x: number, y: number): number => sdRoundRect(x, y, cx, h * 0.25, w * 0.16, h * 0.22, w * 0.06)
  const sdf = (x: number, y: number): number => Math.min(body(x, y), neck(x, y))
  return paint(w, h, sdf, (x, y) => {
    if (y < h * 0.09) return cylinderShade(x, cx - w * 0.16, cx + w * 0.16, [170, 30, 40])
    const label = y > h * 0.5 && y < h * 0.8
    if (label) {
      const stripe = Math.abs(y - h * 0.65) < h * 0.02 ? 0.5 : 1
      return cylinderShade(x, 0, w, [240 * stripe, 226 * stripe, 190 * stripe])
    }
    return cylinderShade(x, 0, w, [40, 90, 60])
  })
}

/** A ball touching the floor at one point. */
export function drawDisc(w: number, h: number): RgbaImage {
  const r = Math.min(w, h) / 2
  return paint(w, h, (x, y) => Math.hypot(x - w / 2, y - h / 2) - r, (x, y) => {
    const nx = (x - w / 2) / r, ny = (y - h / 2) / r
    const nz = Math.sqrt(Math.max(0, 1 - nx * nx - ny * ny))
    const lam = Math.max(0, -0.5 * nx - 0.5 * ny + 0.7 * nz)
    const spec = Math.pow(Math.max(0, -0.3 * nx - 0.4 * ny + 0.86 * nz), 40) * 120
    return [230 * (0.25 + 0.75 * lam) + spec, 120 * (0.25 + 0.75 * lam) + spec, 40 * (0.25 + 0.75 * lam) + spec]
  })
}

/** A wide, low tray with a rim, for wide-product placement and shadows. */
export function drawTray(w: number, h: number): RgbaImage {
  const sdf = (x: number, y: number): number => sdRoundRect(x, y, w / 2, h / 2, w / 2, h / 2, Math.min(w, h) * 0.3)
  return paint(w, h, sdf, (x, y) => {
    const rim = y < h * 0.25 ? 1.15 : 1
    const c = cylinderShade(x, 0, w, [150, 110, 80])
    return [c[0] * rim, c[1] * rim, c[2] * rim]
  })
}

/** Straight RGBA with alpha 0/255 only: a hard-edged square, for exact rim checks. */
export function drawSquare(w: number, h: number, rgb: Rgb = [10, 200, 90]): RgbaImage {
  const img = createRgba(w, h)
  for (let i = 0; i < w * h; i++) {
    img.data[i * 4] = rgb[0] + ((i * 7) % 23)
    img.data[i * 4 + 1] = rgb[1] - ((i * 5) % 17)
    img.data[i * 4 + 2] = rgb[2] + ((i * 3) % 11)
    img.data[i * 4 + 3] = 255
  }
  return img
}
