/** Synthetic scenes, masks and text layers for the step-3 tests: no fonts, no files, deterministic. */
import type { Mask, RgbaImage } from '../../../src/main/engine/image/raster'

export function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 4294967296
  }
}

export function flatScene(w: number, h: number, rgb: [number, number, number]): RgbaImage {
  const data = new Uint8ClampedArray(w * h * 4)
  for (let i = 0; i < data.length; i += 4) {
    data[i] = rgb[0]
    data[i + 1] = rgb[1]
    data[i + 2] = rgb[2]
    data[i + 3] = 255
  }
  return { width: w, height: h, data }
}

/** A mid-grey scene, smooth in one half and busy noise (same mean) in the other. */
export function halfBusyScene(w: number, h: number, busy: 'top' | 'bottom', seed = 1): RgbaImage {
  const img = flatScene(w, h, [90, 95, 105])
  const rand = rng(seed)
  for (let y = 0; y < h; y++) {
    const inBusy = busy === 'bottom' ? y >= h / 2 : y < h / 2
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4
      if (inBusy) {
        const n = (rand() - 0.5) * 170
        img.data[i] = 90 + n
        img.data[i + 1] = 95 + n
        img.data[i + 2] = 105 + n
      } else {
        const g = (y / h) * 12
        img.data[i] = 84 + g
        img.data[i + 1] = 89 + g
        img.data[i + 2] = 99 + g
      }
    }
  }
  return img
}

/** A disc product painted into the scene (teal), with its hard-edged mask (0 or 1). */
export function addDisc(scene: RgbaImage, cx: number, cy: number, r: number, soft = false): Mask {
  const { width: w, height: h } = scene
  const mask: Mask = { width: w, height: h, data: new Float32Array(w * h) }
  for (let y = Math.max(0, Math.floor(cy - r - 2)); y < Math.min(h, Math.ceil(cy + r + 2)); y++) {
    for (let x = Math.max(0, Math.floor(cx - r - 2)); x < Math.min(w, Math.ceil(cx + r + 2)); x++) {
      const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy)
      const m = soft ? Math.min(1, Math.max(0, r + 0.5 - d)) : d <= r ? 1 : 0
      if (m <= 0) continue
      const p = y * w + x
      const i = p * 4
      const shade = 0.6 + 0.4 * (1 - d / r)
      scene.data[i] = scene.data[i] * (1 - m) + 30 * shade * m
      scene.data[i + 1] = scene.data[i + 1] * (1 - m) + 160 * shade * m
      scene.data[i + 2] = scene.data[i + 2] * (1 - m) + 170 * shade * m
      mask.data[p] = m
    }
  }
  return mask
}

/**
 * A "text" layer: rows of blocky glyphs (vertical and horizontal bars) in one colour with
 * anti-aliased edges, on transparent black, like a tight step-2 layer.
 */
export function textLayer(w: number, h: number, rgb: [number, number, number], lines = 1, alpha = 255): RgbaImage {
  const data = new Uint8ClampedArray(w * h * 4)
  const lineH = h / lines
  const glyphW = lineH * 0.6
  const stroke = Math.max(2, lineH * 0.16)
  const cover = (x: number, y: number): number => {
    const line = Math.floor(y / lineH)
    const ly = y - line * lineH
    if (ly < lineH * 0.1 || ly > lineH * 0.9) return 0
    const gx = x % (glyphW * 1.25)
    if (gx > glyphW) return 0
    const g = Math.floor(x / (glyphW * 1.25)) + line
    // Alternate glyph shapes: an "H" and an "E"-like comb.
    if (g % 2 === 0) return gx < stroke || gx > glyphW - stroke || Math.abs(ly - lineH / 2) < stroke / 2 ? 1 : 0
    return gx < stroke || ly < lineH * 0.1 + stroke || ly > lineH * 0.9 - stroke || Math.abs(ly - lineH / 2) < stroke / 2 ? 1 : 0
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // 2x2 supersampling for soft edges.
      const a = (cover(x + 0.25, y + 0.25) + cover(x + 0.75, y + 0.25) + cover(x + 0.25, y + 0.75) + cover(x + 0.75, y + 0.75)) / 4
      if (a === 0) continue
      const i = (y * w + x) * 4
      data[i] = rgb[0]
      data[i + 1] = rgb[1]
      data[i + 2] = rgb[2]
      data[i + 3] = Math.round(a * alpha)
    }
  }
  return { width: w, height: h, data }
}

export function pixel(img: RgbaImage, x: number, y: number): number[] {
  const i = (Math.round(y) * img.width + Math.round(x)) * 4
  return [img.data[i], img.data[i + 1], img.data[i + 2], img.data[i + 3]]
}
