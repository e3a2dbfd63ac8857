/**
 * The words sent to a diffusion model for a product scene: the user's prompt, the product's palette
 * named in words (so the scene harmonises with it), the light, and an instruction to leave the
 * product's place empty (we paste the real product; a painted one would double it).
 */
import type { Rgb, SceneLight } from '../background/scene-types'

/** A colour's everyday name from its hue, saturation and lightness. */
export function colourName([r, g, b]: Rgb): string {
  const max = Math.max(r, g, b) / 255
  const min = Math.min(r, g, b) / 255
  const l = (max + min) / 2
  const s = max === min ? 0 : (max - min) / (1 - Math.abs(2 * l - 1))
  if (l > 0.88) return 'white'
  if (l < 0.12) return 'black'
  if (s < 0.15) return l > 0.6 ? 'light grey' : 'grey'
  let h = 0
  const d = max - min
  if (max === r / 255) h = ((g - b) / 255 / d) % 6
  else if (max === g / 255) h = (b - r) / 255 / d + 2
  else h = (r - g) / 255 / d + 4
  h = (h * 60 + 360) % 360
  if (h < 15 || h >= 345) return 'red'
  if (h < 45) return l > 0.7 ? 'beige' : l < 0.4 ? 'brown' : 'orange'
  if (h < 70) return 'yellow'
  if (h < 160) return 'green'
  if (h < 200) return 'teal'
  if (h < 255) return 'blue'
  if (h < 290) return 'purple'
  return 'pink'
}

export function lightWords(light: SceneLight): string {
  const side = light.azimuthDeg > 110 ? 'from the left' : light.azimuthDeg < 70 ? 'from the right' : 'from above'
  return `${light.softness > 0.6 ? 'soft diffused' : 'directional'} light ${side}`
}

export function scenePrompt(prompt: string, palette: Rgb[] | undefined, light: SceneLight): string {
  const names = [...new Set((palette ?? []).slice(0, 3).map(colourName))]
  const parts = [prompt.trim() || 'clean studio backdrop', 'empty product photography scene, nothing in the centre, a surface to stand on']
  if (names.length) parts.push(`colours that go with ${names.join(' and ')}`)
  parts.push(lightWords(light), 'high quality photo')
  return parts.join(', ')
}

export const SCENE_NEGATIVE = 'text, letters, watermark, logo, people, hands, product, bottle, box, package, duplicate objects, blurry, low quality'
