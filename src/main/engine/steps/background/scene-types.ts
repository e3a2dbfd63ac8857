import type { RgbaImage } from '../../image/raster'

export type Rgb = [number, number, number]

/** Where the scene's key light comes from; placement uses it for shadows, step 3 for blend mode. */
export interface SceneLight {
  /**
   * Direction the light comes FROM, in degrees in the image plane, counter-clockwise with y up:
   * 0 = from the right, 90 = from straight above (behind the camera's up), 180 = from the left.
   * Shadows fall the opposite way.
   */
  azimuthDeg: number
  /** Height of the light above the floor, 5..90 degrees; low light throws long shadows. */
  elevationDeg: number
  /** 0 = hard light, 1 = fully diffuse (soft, short shadows). */
  softness: number
  color: Rgb
}

export interface SceneLayout {
  width: number
  height: number
  /** y (px) of the line where the backdrop meets the floor (horizon); equals height for pure gradients. */
  horizonY: number
  /** Suggested y (px) of the product's base (where it touches the floor). */
  groundY: number
  /** The floor reflects (marble, glossy acrylic, wet sand...). */
  glossy: boolean
  /** 0..1 strength of a floor reflection when glossy. */
  reflectivity: number
  /** Average scene colour, for light wrap and for tinting text in blend mode. */
  ambient: Rgb
}

export interface LookInfo {
  id: string
  name: string
  /** Prompt words that selected or tuned this look (empty when none matched). */
  matchedWords: string[]
}

export interface BackgroundResult {
  image: RgbaImage
  light: SceneLight
  layout: SceneLayout
  look: LookInfo
}

export interface BackgroundRequest {
  width: number
  height: number
  prompt: string
  seed: number
  /** Dominant colours of the product (most frequent first), so unknown prompts harmonise with it. */
  productPalette?: Rgb[]
  /** 'top': a surface seen from above fills the canvas (a flat lay); default 'front': floor and wall. */
  view?: 'front' | 'top'
}
