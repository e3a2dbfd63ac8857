import { EngineError } from '../errors'
import { FontNameError } from '../fonts/resolve-font-name'
import type { RgbaImage } from '../image/raster'
import { renderTextLayer, StyleIdError, type TextLayerResult } from '../steps/text'
import { checkpoint, type RunHooks } from './engine-context'
import { textBoxFor } from './text-box'

export interface Step2Input {
  text: string
  fontName: string | null
  stylePrompt: string
  styleId: string | null
  canvas: { width: number; height: number }
  seed: number
}

export interface Step2Output {
  layer: RgbaImage
  edges: Uint8Array
  face: Uint8Array
  info: Omit<TextLayerResult, 'layer' | 'edges' | 'face'>
  ms: number
}

/** Step 2: the copy as a transparent, stylised text layer (vector glyphs: always the right letters). */
export function runStep2(input: Step2Input, hooks: RunHooks = {}): Step2Output {
  checkpoint(hooks, { step: 'step2_text', subStep: 'text_render', fraction: 0, message: 'Rendering the 3D text' })
  const t0 = performance.now()
  let result: TextLayerResult
  try {
    result = renderTextLayer({
      text: input.text,
      fontName: input.fontName,
      stylePrompt: input.stylePrompt,
      styleId: input.styleId ?? undefined,
      ...textBoxFor(input.canvas.width, input.canvas.height),
      seed: input.seed,
    })
  } catch (e) {
    // The engine's own input errors, re-expressed as the one error type that crosses boundaries.
    if (e instanceof FontNameError) throw new EngineError('invalid_font', e.message, 'font_name')
    if (e instanceof StyleIdError) throw new EngineError('invalid_request', e.message, 'text_style')
    throw e
  }
  const { layer, edges, face, ...info } = result
  return { layer, edges, face, info, ms: performance.now() - t0 }
}
