import { CAMERA_VIEWS, COMPOSITION_MODES, TEXT_POSITIONS, type CompositionMode, type TextPosition } from '../../shared/generate-request'
import type { JobImageName } from '../../shared/job-status'
import type { CameraView, EditorForm, KeptResults } from './editor-slice'
import { BUILTIN_ENGINE, DEFAULT_CUTOUT, clampSamples, isEngineValue } from './engine-choice'
import type { RunKind } from './types'

/**
 * Which images a run replaces: each button re-runs only what it names, so only those results move
 * to the new job; the rest stay pointed at the job that made them (and the re-runs reuse them).
 */
const REPLACES: Record<RunKind, readonly (keyof KeptResults)[]> = {
  generate: ['step1', 'step2', 'final'],
  background: ['step1', 'step2', 'final'],
  text: ['step2', 'final'],
  compose: ['final'],
  // Text and composition over another scene variation: step 1 is that scene (the new job's copy).
  scene: ['step1', 'step2', 'final'],
  // The product moved or resized on the canvas: placed again over the same scene (same seed), then text and composition.
  place: ['step1', 'step2', 'final'],
}

export function keptAfter(kept: KeptResults, kind: RunKind, jobId: string, images: readonly JobImageName[]): KeptResults {
  const next = { ...kept }
  for (const slot of REPLACES[kind]) if (images.includes(slot)) next[slot] = jobId
  return next
}

const str = (v: unknown, def: string) => (typeof v === 'string' ? v : def)
const num = (v: unknown, def: number) => (typeof v === 'number' && Number.isFinite(v) ? v : def)

/** A job's stored parameters back into the form (reopen from history); unknown values keep the form's. */
export function formFromParams(form: EditorForm, p: Record<string, unknown>): EditorForm {
  const mode = COMPOSITION_MODES.includes(p.composition_mode as CompositionMode) ? (p.composition_mode as CompositionMode) : form.compositionMode
  const pos = TEXT_POSITIONS.includes(p.text_position as TextPosition) ? (p.text_position as TextPosition) : form.textPosition
  return {
    bgPrompt: str(p.bg_prompt, form.bgPrompt),
    text: p.text_content === null ? '' : str(p.text_content, form.text),
    fontName: typeof p.font_name === 'string' ? p.font_name : p.font_name === null ? null : form.fontName,
    textStyle: str(p.text_style, form.textStyle),
    compositionMode: mode,
    textPosition: pos,
    // A job from before the field ran with auto detection.
    view: CAMERA_VIEWS.includes(p.view as CameraView) ? (p.view as CameraView) : 'auto',
    width: num(p.width, form.width),
    height: num(p.height, form.height),
    seed: typeof p.seed === 'number' ? p.seed : form.seed,
    // A job without engine fields predates them: it ran on the built-in engines.
    bgEngine: isEngineValue(p.bg_engine) ? p.bg_engine : BUILTIN_ENGINE,
    samples: typeof p.samples === 'number' ? clampSamples(p.samples) : 1,
    textEngine: isEngineValue(p.text_engine) ? p.text_engine : BUILTIN_ENGINE,
    segmentationModel: isEngineValue(p.segmentation_model) ? p.segmentation_model : DEFAULT_CUTOUT,
  }
}

/**
 * The job whose kept empty scene a product move can be placed over (request field scene_from): the
 * one whose step 1 is on screen, when the form still asks for its size (another size needs another
 * scene) and a procedural engine made it (a diffusion engine draws the product into its scene, so it
 * keeps no empty one). Null: the move makes the scene again (same seed), as before scene_from.
 */
export function sceneFromFor(step1: string | null, params: Record<string, unknown> | null | undefined, form: Pick<EditorForm, 'width' | 'height'>): string | null {
  if (!step1) return null
  if (!params) return step1 // not loaded yet: the engine checks it, and a refusal falls back
  if (Number(params.width) !== form.width || Number(params.height) !== form.height) return null
  if (params.bg_engine !== undefined && params.bg_engine !== BUILTIN_ENGINE) return null
  return step1
}
