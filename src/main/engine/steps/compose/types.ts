import type { Box, Mask, RgbaImage } from '../../image/raster'
import type { SceneLight } from '../background/scene-types'

export type CompositionMode = 'overlay' | 'blend' | 'behind'
export type TextPosition = 'top' | 'center' | 'bottom' | 'auto'
/** 'layout': the copy region of the ad layout for the size; 'box': the request's text_box. */
export type ChosenPosition = 'top' | 'center' | 'bottom' | 'left' | 'right' | 'layout' | 'box'
export type LegibilityGuard = 'none' | 'outline' | 'shadow' | 'plate'

export interface ComposeInput {
  /** Step-1 image, opaque. */
  scene: RgbaImage
  /** Product alpha on the canvas (same size as the scene); null when unknown. */
  productMask: Mask | null
  /** Tight RGBA text layer from step 2, any size. */
  textLayer: RgbaImage
  /**
   * Coverage of the letters' front face (0..255, the layer's size), from step 2. With it the
   * legibility check credits the style's own extrusion and outline; without it (a kept step-2
   * PNG) the whole layer is judged against the scene.
   */
  textFace?: Uint8Array | null
  mode: CompositionMode
  position: TextPosition
  /** Step 1's key light; null or absent: estimated from the scene's brightness. */
  light?: SceneLight | null
  /** The ad layout's copy region (canvas px): auto and overlay prefer it; it never meets the product's region. */
  textRegion?: Box | null
  /** The request's text_box (canvas px): the copy is fitted inside it, whatever else is there. */
  textBox?: Box | null
}

/** One place the text could go, with the scores auto-positioning weighed. */
export interface CandidateScore {
  position: ChosenPosition
  /** Index of the vertical offset variant (0 = the canonical place for that position). */
  offset: number
  box: Box
  scale: number
  /** Mean busyness of the scene under the box (luma std + gradient, 0..~0.5). */
  detail: number
  /** 0..1, 1 = an empty, flat area. */
  free: number
  /** Estimated WCAG ratio of the text colour against the scene under the box (worst of mean/p10/p90). */
  contrast: number
  /** Share of the product's pixels inside the box. */
  productShare: number
  /** Share of the box that is product. */
  productFill: number
  /** Share of the product's pixels inside the box grown by a clearance margin. */
  clearanceShare: number
  total: number
  /** Breaks the product-overlap rule (overlay: any of the product covered; blend: more than MAX_PRODUCT_SHARE). */
  rejected: boolean
}

export interface ComposeResult {
  image: RgbaImage
  /** Where the (scaled) text layer's ink lies on the canvas. */
  textBox: Box
  position: ChosenPosition
  /** Factor the trimmed text layer was scaled by to fit (≤ 1). */
  scale: number
  /** Every candidate weighed, best first (auto-positioning and explicit positions alike). */
  candidates?: CandidateScore[]
  legibility: { contrastBefore: number; contrastAfter: number; guard: LegibilityGuard }
  /**
   * Share of the product's pixels that the text visibly covers (alpha-weighted). In behind mode
   * the product stays in front, so only its soft edge can be covered.
   */
  productCoverage: number
  /** Ink height (px) of the headline (first line) on the canvas: its cap height. */
  headlinePx: number
  /** The layout's minimum cap height for this canvas (ad-layout.ts MIN_CAP_SHARE × short side). */
  minCapPx: number
}
