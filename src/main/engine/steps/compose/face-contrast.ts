/**
 * Legibility of a styled text by its own means. Letters are read by the contrast between their
 * face and what touches it: for 3D text that is the extrusion, bevel and outline the style drew,
 * not the scene. Measuring the face against a ring around it on the composite (scene + text)
 * credits those effects, so a gold face with a dark extrusion on a light wall needs no plate,
 * while a face that blends into its own glow or the scene still gets a guard.
 */
import type { Rgb } from '../background/scene-types'
import { contrastAgainst, relativeLuminance } from './contrast'
import { outlineWidth, ringPixels, ringStats } from './legibility-guard'
import { distanceToInk, overLayer, type Region } from './layer-ops'
import type { RgbaImage } from '../../image/raster'

/** Alpha-weighted mean colour of the layer where the face covers it (the face's own colour). */
export function faceColor(layer: RgbaImage, face: Float32Array): Rgb | null {
  let r = 0
  let g = 0
  let b = 0
  let w = 0
  for (let p = 0, i = 0; p < face.length; p++, i += 4) {
    const f = face[p]
    if (f < 0.5) continue
    r += layer.data[i] * f
    g += layer.data[i + 1] * f
    b += layer.data[i + 2] * f
    w += f
  }
  return w > 0 ? [r / w, g / w, b / w] : null
}

/**
 * WCAG ratio between the face colour and a ring just outside the face (one outline width: the
 * band the eye reads letter edges against), on the scene with the whole text layer drawn.
 */
export function faceContrast(
  backdrop: Region,
  layer: RgbaImage,
  facePlane: Float32Array,
  box: readonly [number, number, number, number],
  glyphHeight: number,
  color: Rgb,
  visible?: Float32Array | null,
): number {
  const withText: Region = { ...backdrop, data: new Float32Array(backdrop.data) }
  overLayer(withText, layer, box[0], box[1])
  // The face's immediate edge (one outline width): where a style's own stroke or extrusion sits.
  const ringR = outlineWidth(glyphHeight)
  const m = Math.ceil(ringR) + 2
  const dist = distanceToInk(facePlane, backdrop.w, backdrop.h, [box[0] - m, box[1] - m, box[2] + 2 * m, box[3] + 2 * m])
  const ring = ringPixels(dist, facePlane, ringR)
  let stats = ringStats(withText, ring, [], visible)
  if (stats.count <= 0) stats = ringStats(withText, ring, [])
  return stats.count > 0 ? contrastAgainst(relativeLuminance(color), stats) : 1
}
