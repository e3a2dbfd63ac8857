import type { FieldIssue } from '../../../shared/result'

/** Request field ↔ CLI flag, so a validation message names what the user actually typed. */
export const FLAG_OF_FIELD: Record<string, string> = {
  product_image: '--product',
  bg_prompt: '--bg-prompt',
  bg_negative_prompt: '--bg-negative-prompt',
  text_content: '--text',
  text_model_prompt: '--text-style-prompt',
  text_style: '--text-style',
  font_name: '--font',
  composition_mode: '--mode',
  text_position: '--position',
  width: '--size',
  height: '--size',
  seed: '--seed',
  start_step: '--start-step',
  stop_step: '--stop-step',
  step1_image: '--step1',
  step2_image: '--step2',
  mask_image: '--mask',
  segmentation_model: '--model',
  bg_engine: '--bg-engine',
  text_engine: '--text-engine',
  samples: '--samples',
  product_box: '--product-box',
  text_box: '--text-box',
}

export function describeIssues(issues: FieldIssue[]): string {
  return issues
    .map((i) => {
      const flag = FLAG_OF_FIELD[i.field]
      const name = i.field === 'width' || i.field === 'height' ? `${flag} (${i.field})` : flag ? `${flag}` : i.field
      return `${name}: ${i.rule}`
    })
    .join('\n')
}

/** Turns "12" into 12 but leaves "abc" alone, so the schema reports the type error by field. */
export function numeric(v: string | undefined): number | string | undefined {
  if (v === undefined) return undefined
  return /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : v
}

export function parseSize(v: string | undefined): { width: number | string; height: number | string } | { error: string } | null {
  if (v === undefined) return null
  const m = /^(\d+)x(\d+)$/i.exec(v.trim())
  if (!m) return { error: `--size: must look like 1024x1024 (width x height in pixels), got "${v}"` }
  return { width: Number(m[1]), height: Number(m[2]) }
}

/** "0.5,0.1,0.4,0.8" → [0.5, 0.1, 0.4, 0.8]; anything else is left as typed for the schema to name. */
export function parseBox(v: string | undefined): unknown {
  if (v === undefined) return undefined
  const parts = v.split(',').map((p) => p.trim())
  return parts.length === 4 && parts.every((p) => /^-?\d*\.?\d+$/.test(p)) ? parts.map(Number) : v
}
