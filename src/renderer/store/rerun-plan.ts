import type { EditorForm, KeptResults } from './editor-slice'
import type { JobView } from './jobs-slice'
import type { RunKind } from './types'

/**
 * What each run button will really do with the form as it is now. A re-run reuses kept images, so a
 * change it cannot apply is never silently dropped: a new size cannot be recomposed onto the old
 * scene (the scene is made at its size), and new words cannot be recomposed from the old text layer.
 * Such a button runs the earliest step that applies the change instead, and its label says so.
 */
export type PlanReason = 'size' | 'text' | null

export interface RunPlan {
  /** Which steps the button runs: 'generate' = all three (same seed), 'text' = 2-3, 'compose' = 3. */
  kind: RunKind
  /** Why it runs more than its name says, or null. */
  reason: PlanReason
}

export interface PlanInputs {
  form: EditorForm
  kept: KeptResults
  jobs: Record<string, JobView>
}

const str = (v: unknown) => (typeof v === 'string' ? v : null)

/** The form's size differs from the size the kept scene was made at. */
export function sizeChanged(s: PlanInputs): boolean {
  const p = s.kept.step1 ? s.jobs[s.kept.step1]?.params : null
  if (!p) return false
  return Number(p.width) !== s.form.width || Number(p.height) !== s.form.height
}

/** The form's letters differ from those of the kept text layer (words, font, style, text engine). */
export function textChanged(s: PlanInputs): boolean {
  const p = s.kept.step2 ? s.jobs[s.kept.step2]?.params : null
  if (!p) return false
  const text = s.form.text.trim() ? s.form.text : null
  return (
    str(p.text_content) !== text ||
    str(p.font_name) !== s.form.fontName ||
    (str(p.text_style) ?? '') !== (s.form.textStyle || '') ||
    (str(p.text_engine) ?? 'builtin') !== s.form.textEngine
  )
}

export function textPlan(s: PlanInputs): RunPlan {
  return sizeChanged(s) ? { kind: 'generate', reason: 'size' } : { kind: 'text', reason: null }
}

export function composePlan(s: PlanInputs): RunPlan {
  if (sizeChanged(s)) return { kind: 'generate', reason: 'size' }
  if (textChanged(s)) return { kind: 'text', reason: 'text' }
  return { kind: 'compose', reason: null }
}
