import { EngineError } from '../errors'
import { FontNameError } from '../fonts/resolve-font-name'
import type { RgbaImage } from '../image/raster'
import { renderTextLayer } from '../steps/text'

/**
 * A story cover's title: the built-in text engine (vector glyphs, Hangul fonts bundled) renders the
 * line in a storybook style, centred near the top over the picture.
 */
export function withTitle(img: RgbaImage, title: string, seed: number): RgbaImage {
  let layer: RgbaImage
  try {
    layer = renderTextLayer({ text: title, stylePrompt: 'storybook gold title', maxWidth: Math.round(img.width * 0.86), maxHeight: Math.round(img.height * 0.24), seed }).layer
  } catch (e) {
    if (e instanceof FontNameError) throw new EngineError('invalid_font', e.message)
    throw e
  }
  const out = new Uint8ClampedArray(img.data)
  const ox = Math.round((img.width - layer.width) / 2)
  const oy = Math.round(img.height * 0.05)
  for (let y = 0; y < layer.height; y++) {
    const ty = oy + y
    if (ty < 0 || ty >= img.height) continue
    for (let x = 0; x < layer.width; x++) {
      const tx = ox + x
      if (tx < 0 || tx >= img.width) continue
      const s = (y * layer.width + x) * 4
      const a = layer.data[s + 3] / 255
      if (a === 0) continue
      const d = (ty * img.width + tx) * 4
      for (let c = 0; c < 3; c++) out[d + c] = layer.data[s + c] * a + out[d + c] * (1 - a)
      out[d + 3] = 255
    }
  }
  return { width: img.width, height: img.height, data: out }
}
