/**
 * The parameter set that fully describes a backdrop "look". Presets live in looks.ts; prompt words
 * select and combine them (scene-words.ts, compose-look.ts); the renderer only ever sees a resolved
 * Look, never words.
 */
import type { Rgb } from './scene-types'

/** sweep: seamless paper curve from wall into floor; wallFloor: tabletop with a visible edge; gradient: no floor at all. */
export type BackdropKind = 'sweep' | 'wallFloor' | 'gradient'

export type SurfaceTexture =
  | 'none'
  | 'paper'
  | 'plaster'
  | 'marble'
  | 'wood'
  | 'concrete'
  | 'sand'
  | 'snow'
  | 'terrazzo'
  | 'speckle'
  | 'linen'
  | 'tiles'
  | 'foliage'
  | 'sky'
  | 'satin'
  | 'drape'
  | 'horizon'

/**
 * surface: defines what the product stands on (marble, wood...); mood: defines colour, light and
 * atmosphere (pastel, luxury...). A prompt naming one of each gets the surface's material in the
 * mood's colours and light.
 */
export type LookRole = 'surface' | 'mood'

export interface BokehSpec {
  count: number
  colors: Rgb[]
  /** Disc radius range as a fraction of min(width, height). */
  minR: number
  maxR: number
  opacity: number
  /** wall: behind the set only; top: upper half; all: some discs drift over the far floor too. */
  area: 'wall' | 'top' | 'all'
}

export interface GlowSpec {
  /** 0 = the lit edge, 1 = the far edge, so glows follow the light when a seed mirrors it. */
  x: number
  /** Fraction of the height. */
  y: number
  /** Fraction of min(width, height). */
  radius: number
  color: Rgb
  alpha: number
}

export interface TintSpec {
  color: Rgb
  amount: number
}

export interface LookLight {
  /** See SceneLight: degrees, 0 = from the right, 90 = from above, 180 = from the left. */
  azimuth: number
  elevation: number
  softness: number
  color: Rgb
}

export interface LookPreset {
  id: string
  name: string
  role: LookRole
  kind: BackdropKind
  /** Wall colour at the top and at the horizon. */
  wall: [Rgb, Rgb]
  /** Floor colour at the horizon (far) and at the bottom edge (near). */
  floor: [Rgb, Rgb]
  /** Second material colour: marble veins, grout, wood grain, terrazzo chips, sunlit leaves. */
  wallAccent: Rgb
  floorAccent: Rgb
  wallTexture: SurfaceTexture
  floorTexture: SurfaceTexture
  wallStrength: number
  floorStrength: number
  light: LookLight
  /** Strength of the soft pool of light on the wall behind the product. */
  hotspot: number
  /** Brightness difference between the lit and the far side (0..0.3). */
  side: number
  vignette: number
  glossy: boolean
  reflectivity: number
  /** Moves the horizon by this fraction of the height (negative = up). */
  horizonShift: number
  /** Leaf-shadow strength (0 = none). */
  dapple: number
  /** Film grain amplitude in 8-bit levels. */
  grain: number
  /** Glints on snow and sand (0..1). */
  sparkle: number
  bokeh?: BokehSpec
  glows?: GlowSpec[]
  /** A band of sea between sky and sand; height as a fraction of the height. */
  sea?: { color: Rgb; height: number }
  /** Seeded palette variety: the palette is re-hued to one of these hues (colour words win). */
  hues?: number[]
  /** How this mood recolours the floor and material accents of a surface it is combined with. */
  floorTint?: TintSpec
  accentTint?: TintSpec
}

/** A preset after prompt words, colour words, product colours and the seed have been applied. */
export interface Look extends LookPreset {
  matchedWords: string[]
  /** Light direction after the seed's mirroring and jitter. */
  azimuth: number
  /** The key light comes from the left half of the picture. */
  lightFromLeft: boolean
}
