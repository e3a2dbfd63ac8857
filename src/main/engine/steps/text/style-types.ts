/**
 * What a text style is made of. Sizes are in em (fractions of the font size) so a style looks the
 * same on a 40 px caption and a 300 px headline.
 */
import { withSl } from './color'

export interface Stop {
  at: number
  color: string
}

export type MaterialKind = 'gradient' | 'tube' | 'wood' | 'marble' | 'stone' | 'chalk'

export interface FaceStyle {
  material: MaterialKind
  /** Gradient over each line's ink height, top (0) to bottom (1); textures read it as a palette. */
  stops: Stop[]
  /** Metal: how far the bevel's normals move the gradient lookup, so rims mirror sky and ground. */
  reflect: number
  /** Face opacity (glass is see-through). */
  alpha: number
  /** Fine surface noise, 0..1. */
  grain: number
  /** Gradient tilt: lookup shifts this much from the left edge to the right edge of the line. */
  tilt: number
  /** Crumpled-foil wobble of the surface normals, 0..1. */
  crinkle?: number
}

export interface BevelStyle {
  /** Width of the lit rim, em. */
  size: number
  /** chisel: flat facets with a crisp ridge; round: pillow; soft: eased. */
  profile: 'chisel' | 'round' | 'soft'
  /** Slope of the rim (1 is 45 degrees). */
  height: number
  diffuse: number
  specular: number
  shininess: number
  /** Glass: extra opacity and brightness along the edges. */
  rim: number
}

export interface ExtrusionStyle {
  depth: number
  /** Screen angle of the extrusion, degrees: 0 right, 90 straight down. */
  angle: number
  /** Colour of the side next to the face and at the back. */
  front: string
  back: string
  /** Dark line around the whole extruded block, so it reads on busy photos. */
  contour?: string
  contourWidth?: number
}

export interface ShadowStyle {
  dx: number
  dy: number
  blur: number
  color: string
  alpha: number
}

export interface GlowStyle {
  blur: number
  color: string
  alpha: number
}

export interface StrokeStyle {
  /** Visible width outside the face, em. */
  width: number
  color: string
}

export interface GlossStyle {
  alpha: number
  /** Bottom edge of the reflection, as a fraction of the line height. */
  bottom: number
}

export interface RenderStyle {
  id: string
  letterSpacing: number
  lineHeight: number
  /** Font used when the request names none (handwriting for chalk, rounded for balloons). */
  preferredFont?: string
  face: FaceStyle
  bevel?: BevelStyle
  extrusion?: ExtrusionStyle
  stroke?: StrokeStyle
  shadow?: ShadowStyle
  glows: GlowStyle[]
  gloss?: GlossStyle
  /** Fattens the glyphs before anything else (balloons), em. */
  inflate: number
  /** Broken, dusty edges (chalk), 0..1. */
  rough: number
}

export interface StyleParams {
  /** Main colour from the prompt ("pink neon", "파란 풍선"); presets fall back to their own. */
  color?: string
  /** Second colour word (neon uses it for the outer glow). */
  color2?: string
  /** 1 normal; >1 "bold/강한", <1 "subtle/은은한". */
  intensity: number
  /** 0 for "flat/평면": no extrusion. */
  depth: number
}

export interface StylePreset {
  id: string
  label: string
  /** Words that pick this preset: [word, weight]; English is matched as whole words. */
  en: [string, number][]
  ko: [string, number][]
  /** The colour a colour word produces in other presets ("gold balloon"). */
  asColor?: string
  /** Presets whose own colour a colour word replaces. */
  tintable: boolean
  defaultColor?: string
  build(p: StyleParams): RenderStyle
}

/** A polished-metal ramp from one hue: bright sky on top, dark horizon band, warm floor below. */
export function metalStops(color: string, satCap = 0.85): Stop[] {
  const s = (k: number): number | null => Math.min(satCap, k)
  return [
    { at: 0, color: withSl(color, s(0.9), 0.95) },
    { at: 0.2, color: withSl(color, s(0.85), 0.8) },
    { at: 0.44, color: withSl(color, s(0.75), 0.55) },
    { at: 0.52, color: withSl(color, s(0.8), 0.3) },
    { at: 0.62, color: withSl(color, s(0.75), 0.48) },
    { at: 0.84, color: withSl(color, s(0.9), 0.8) },
    { at: 1, color: withSl(color, s(0.8), 0.42) },
  ]
}

export const DEFAULT_LINE_HEIGHT = 1.18
