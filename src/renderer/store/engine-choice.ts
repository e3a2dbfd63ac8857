import { SEGMENTATION_MODELS } from '../../shared/generate-request'
import type { ModelKindName, ModelOffer } from '../../shared/models-contract'

/**
 * Which engines the editor may ask for: the built-in ones always, an installed model only while it
 * is ready. A form that names a model which is no longer ready falls back to the built-in engine
 * (the engine would refuse the job with model_not_installed otherwise).
 */

export const BUILTIN_ENGINE = 'builtin'
export const BUILTIN_CUTOUTS: readonly string[] = SEGMENTATION_MODELS
export const DEFAULT_CUTOUT = SEGMENTATION_MODELS[0]
export const MAX_SAMPLES = 8

/** The form fields that name an engine, with the kind of model each one takes. */
export const ENGINE_FIELDS = [
  { field: 'bgEngine', kind: 'diffusion' },
  { field: 'textEngine', kind: 'controlnet' },
  { field: 'segmentationModel', kind: 'segmentation' },
] as const satisfies readonly { field: string; kind: ModelKindName }[]

export type EngineField = (typeof ENGINE_FIELDS)[number]['field']
export type EngineChoice = Record<EngineField, string>

const BUILTIN_OF: Record<EngineField, string> = { bgEngine: BUILTIN_ENGINE, textEngine: BUILTIN_ENGINE, segmentationModel: DEFAULT_CUTOUT }

export const isBuiltinChoice = (field: EngineField, value: string): boolean =>
  field === 'segmentationModel' ? BUILTIN_CUTOUTS.includes(value) : value === BUILTIN_ENGINE

/** Ready models of one kind, in catalogue order (what the editor's selects offer). */
export const readyModelsOf = (offers: readonly ModelOffer[], kind: ModelKindName): ModelOffer[] =>
  // A ready model the engine refuses to run (a ControlNet no installed base pairs with) carries the
  // reason in `error`: the Models screen shows it, the selects do not offer the model.
  offers.filter((m) => m.kind === kind && m.state === 'ready' && !m.error)

/** A model that was chosen but is gone (removed, missing, or never installed here). */
export interface DroppedEngine {
  field: EngineField
  id: string
}

/** The fields to reset so every chosen engine can run, and which models they named. */
export function engineFallbacks(choice: EngineChoice, offers: readonly ModelOffer[]): { patch: Partial<EngineChoice>; dropped: DroppedEngine[] } {
  const patch: Partial<EngineChoice> = {}
  const dropped: DroppedEngine[] = []
  for (const { field, kind } of ENGINE_FIELDS) {
    const id = choice[field]
    if (isBuiltinChoice(field, id)) continue
    if (readyModelsOf(offers, kind).some((m) => m.id === id)) continue
    patch[field] = BUILTIN_OF[field]
    dropped.push({ field, id })
  }
  return { patch, dropped }
}

/** Variations only make sense with a diffusion engine (the built-in studio draws one scene per seed). */
export const samplesFor = (bgEngine: string, samples: number): number => (bgEngine === BUILTIN_ENGINE ? 1 : clampSamples(samples))

export const clampSamples = (n: number): number => Math.min(MAX_SAMPLES, Math.max(1, Math.round(n) || 1))

const MODEL_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/
/** A saved value is usable as an engine choice: a built-in name or something shaped like a model id. */
export const isEngineValue = (v: unknown): v is string => typeof v === 'string' && MODEL_ID.test(v)
