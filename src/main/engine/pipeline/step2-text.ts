import { EngineError } from '../errors'
import { FontNameError } from '../fonts/resolve-font-name'
import type { RgbaImage } from '../image/raster'
import { assertTextDrawable, renderTextLayer, StyleIdError, TextCheckError, UndrawableTextError, type TextLayerResult } from '../steps/text'
import { checkpoint, type EngineContext, type RunHooks } from './engine-context'
import { MIN_SUB_CAP_SHARE } from '../steps/text/copy-hierarchy'
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
  info: Omit<TextLayerResult, 'layer' | 'edges' | 'face' | 'glyphs'> & {
    controlnet?: { model: string; base: string; coverage: number; spill: number }
  }
  ms: number
}

/** The engine's own input errors, re-expressed as the one error type that crosses boundaries. */
function asEngineError(e: unknown): unknown {
  if (e instanceof FontNameError) return new EngineError('invalid_font', e.message, 'font_name')
  if (e instanceof StyleIdError) return new EngineError('invalid_request', e.message, 'text_style')
  if (e instanceof UndrawableTextError) return new EngineError('invalid_request', e.message, 'text_content')
  // Our defect, not the user's: the message says which letters, so it can be reported.
  if (e instanceof TextCheckError) return new EngineError('internal', e.message, 'text_content')
  return e
}

/**
 * Refuses copy step 2 could not draw (emoji, scripts no font has) before any step runs, so a user
 * does not wait for a scene to learn that the text is impossible.
 */
export function precheckStep2(input: Pick<Step2Input, 'text' | 'fontName' | 'stylePrompt' | 'styleId'>): void {
  if (!input.text.trim()) return
  try {
    assertTextDrawable({ text: input.text, fontName: input.fontName, stylePrompt: input.stylePrompt, styleId: input.styleId ?? undefined })
  } catch (e) {
    throw asEngineError(e)
  }
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
      minSubCapPx: Math.ceil(MIN_SUB_CAP_SHARE * Math.min(input.canvas.width, input.canvas.height)),
      seed: input.seed,
    })
  } catch (e) {
    throw asEngineError(e)
  }
  // Per-glyph positions serve the check and the tests; job.json keeps the lines and fallbacks.
  const { layer, edges, face, glyphs: _glyphs, ...info } = result
  return { layer, edges, face, info, ms: performance.now() - t0 }
}

/**
 * Step 2 with an installed ControlNet: the vector layer's edges guide a styled render of the same
 * letters, which is cut out and checked against the vector letters; when too little survives (or
 * the render spills), the vector layer stays and the reason is recorded.
 */
export async function restyleWithControlNet(
  s2: Step2Output,
  engine: string,
  opts: { stylePrompt: string; negativePrompt: string; seed: number; segmentation: string },
  ctx: EngineContext,
  hooks: RunHooks,
): Promise<Step2Output & { engine: string; fallback: string | null }> {
  const t0 = performance.now()
  const out = await ctx.generative.controlNetText(engine, {
    vectorLayer: s2.layer,
    stylePrompt: opts.stylePrompt,
    negativePrompt: opts.negativePrompt,
    seed: opts.seed,
    segmenter: await ctx.segmenter(opts.segmentation),
    signal: hooks.signal,
    onProgress: (p) =>
      hooks.onProgress?.({ step: 'step2_text', subStep: 'controlnet_text', fraction: 0.2 + 0.7 * (p.step / Math.max(1, p.steps)), message: `Styling the letters (${p.step}/${p.steps})` }),
  })
  const restyled = out.engine === 'controlnet'
  return {
    layer: out.layer,
    edges: out.edges,
    // A restyled layer's face is no longer the vector face: step 3 judges the whole layer.
    face: restyled ? new Uint8Array(0) : s2.face,
    info: { ...s2.info, controlnet: { model: out.model, base: out.base, coverage: out.coverage, spill: out.spill } },
    ms: s2.ms + (performance.now() - t0),
    engine: restyled ? `controlnet:${out.model}` : 'builtin-vector-3d',
    fallback: out.reason,
  }
}
