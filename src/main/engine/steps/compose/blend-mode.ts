/**
 * Blend mode: the text is lit by the scene instead of floating over it. It takes on the hue of
 * the ambient colour behind it, darkens a little where the scene is dark, and casts a soft
 * shadow away from the key light, the same light step 1 used for the product's shadow.
 */
import type { Box, RgbaImage } from '../../image/raster'
import type { Rgb, SceneLight } from '../background/scene-types'
import { boxColor, sampleLuma, type DetailMap } from './detail-map'

/** How far the text's colour moves toward the ambient hue. Enough to sit in the scene, not to lose its own colour. */
export const TINT_STRENGTH = 0.18
/** Text in the darkest part of a scene keeps this much of its brightness. */
export const MIN_SHADE = 0.86

/** Ambient hue as per-channel multipliers with the strongest channel at 1 (hue without brightness). */
function hueFactors(c: Rgb): Rgb {
  const m = Math.max(c[0], c[1], c[2], 1)
  return [c[0] / m, c[1] / m, c[2] / m]
}

/**
 * The text layer (already scaled, placed with its top-left at box[0], box[1]) tinted toward the
 * ambient colour and shaded by the scene's low-frequency luminance.
 */
export function blendTint(layer: RgbaImage, box: Box, map: DetailMap, light?: SceneLight | null): RgbaImage {
  const pad = 0.25 * Math.max(box[3], 8)
  const ambient = boxColor(map, [box[0] - pad, box[1] - pad, box[2] + 2 * pad, box[3] + 2 * pad])
  const hue = hueFactors(ambient)
  // A coloured key light (warm sunset, neon) adds its own, weaker cast.
  const lightHue: Rgb = light ? hueFactors(light.color) : [1, 1, 1]
  const f: Rgb = [0, 0, 0]
  for (let k = 0; k < 3; k++) {
    const t = 1 - TINT_STRENGTH + TINT_STRENGTH * hue[k]
    f[k] = t * (0.85 + 0.15 * lightHue[k])
  }
  const out: RgbaImage = { width: layer.width, height: layer.height, data: new Uint8ClampedArray(layer.data) }
  const d = out.data
  // Shading sampled on a coarse lattice: the luminance is low-frequency by construction.
  const step = Math.max(1, Math.floor(map.cell / 2))
  const cols = Math.ceil(layer.width / step) + 1
  const shadeRow = new Float32Array(cols)
  for (let y = 0; y < layer.height; y++) {
    if (y % step === 0) {
      for (let c = 0; c < cols; c++) {
        const l = sampleLuma(map, box[0] + Math.min(layer.width - 1, c * step) + 0.5, box[1] + y + 0.5)
        shadeRow[c] = MIN_SHADE + (1 - MIN_SHADE) * l
      }
    }
    for (let x = 0, i = y * layer.width * 4; x < layer.width; x++, i += 4) {
      if (d[i + 3] === 0) continue
      const c = x / step
      const c0 = Math.floor(c)
      const t = c - c0
      const shade = shadeRow[c0] * (1 - t) + shadeRow[Math.min(cols - 1, c0 + 1)] * t
      d[i] = d[i] * f[0] * shade
      d[i + 1] = d[i + 1] * f[1] * shade
      d[i + 2] = d[i + 2] * f[2] * shade
    }
  }
  return out
}

export interface ShadowSpec {
  dx: number
  dy: number
  sigma: number
  opacity: number
  color: Rgb
}

/**
 * Offset (px, image coordinates, y down) of a shadow cast by text of the given glyph height.
 * SceneLight's azimuth is where the light comes FROM, counter-clockwise with y up, so the shadow
 * points the opposite way: from the right (0°) throws it left, from above (90°) throws it down.
 * Low light throws it further.
 */
export function shadowOffset(light: SceneLight, glyphHeight: number): [number, number] {
  const a = (light.azimuthDeg * Math.PI) / 180
  const elev = Math.min(90, Math.max(5, light.elevationDeg))
  const length = Math.max(1.5, glyphHeight * (0.03 + 0.06 * (1 - elev / 90)))
  return [-Math.cos(a) * length, Math.sin(a) * length]
}

/** The blend-mode drop shadow: offset away from the light, softer and fainter for diffuse light. */
export function blendShadow(light: SceneLight, glyphHeight: number, ambient: Rgb): ShadowSpec {
  const [dx, dy] = shadowOffset(light, glyphHeight)
  const soft = Math.min(1, Math.max(0, light.softness))
  return {
    dx,
    dy,
    sigma: Math.max(1, glyphHeight * (0.025 + 0.05 * soft)),
    opacity: 0.55 - 0.2 * soft,
    // Shadows carry the ambient hue (sky fill light), deep enough to read as shade.
    color: [ambient[0] * 0.18, ambient[1] * 0.18, ambient[2] * 0.18],
  }
}
