import type { CompositionMode, TextPosition } from '../../../shared/generate-request'
import type { Mask, RgbaImage } from '../image/raster'
import type { SceneLight } from '../steps/background/scene-types'
import type { Box } from '../image/raster'
import { boxToPixels, layoutFor } from '../steps/compose/ad-layout'
import { composeAd } from '../steps/compose/compose-ad'
import type { ComposeResult } from '../steps/compose/types'
import { checkpoint, type RunHooks } from './engine-context'

export interface Step3Input {
  scene: RgbaImage
  productMask: Mask | null
  textLayer: RgbaImage
  /** Face coverage from step 2 when it ran in this job; a kept step-2 PNG has none. */
  textFace: Uint8Array | null
  mode: CompositionMode
  position: TextPosition
  light: SceneLight | null
  /** The request's text_box ([x, y, w, h] fractions of the canvas); null: the layout decides. */
  textBox?: Box | null
}

/** Step 3: the text layer onto the scene, placed and guarded for legibility. */
export function runStep3(input: Step3Input, hooks: RunHooks = {}): { result: ComposeResult; ms: number } {
  checkpoint(hooks, { step: 'step3_composite', subStep: 'composition', fraction: 0, message: 'Composing the ad' })
  const t0 = performance.now()
  const result = composeAd({
    scene: input.scene,
    productMask: input.productMask,
    textLayer: input.textLayer,
    textFace: input.textFace,
    mode: input.mode,
    position: input.position,
    light: input.light,
    // The layout for this canvas's ratio, so any size (an export too) follows the same rules.
    textRegion: boxToPixels(layoutFor(input.scene.width, input.scene.height).text, input.scene.width, input.scene.height),
    textBox: input.textBox ? boxToPixels(input.textBox, input.scene.width, input.scene.height) : null,
  })
  return { result, ms: performance.now() - t0 }
}
