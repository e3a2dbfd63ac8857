import { EXPORT_FORMATS, type ExportFormat } from '../image/export-image'
import { numeric } from './cli-fields'

/**
 * The ad options `make` and `batch` share (what a seller sets for one ad or a folder of them): one
 * declaration for parseArgs and one mapping to request fields, so the two commands cannot drift.
 */
export const AD_OPTIONS = {
  'bg-prompt': { type: 'string' },
  'bg-negative-prompt': { type: 'string' },
  text: { type: 'string' },
  'text-style': { type: 'string' },
  'text-style-prompt': { type: 'string' },
  font: { type: 'string' },
  mode: { type: 'string' },
  position: { type: 'string' },
  seed: { type: 'string' },
  model: { type: 'string' },
  'bg-engine': { type: 'string' },
  'text-engine': { type: 'string' },
  format: { type: 'string' },
  quality: { type: 'string' },
} as const

type AdValues = { [K in keyof typeof AD_OPTIONS]?: string }

/** The request fields the shared options set (undefined where the option was not given). */
export function adFieldsFrom(v: AdValues): Record<string, unknown> {
  return {
    text_content: v.text?.replace(/\\n/g, '\n'),
    bg_prompt: v['bg-prompt'],
    bg_negative_prompt: v['bg-negative-prompt'],
    text_model_prompt: v['text-style-prompt'],
    text_style: v['text-style'],
    font_name: v.font,
    composition_mode: v.mode,
    text_position: v.position,
    seed: numeric(v.seed),
    segmentation_model: v.model,
    bg_engine: v['bg-engine'],
    text_engine: v['text-engine'],
  }
}

/** --format and --quality, or the rule the value broke (naming the flag). */
export function exportChoice(v: AdValues): { format: ExportFormat; quality: number } | { problem: string; flag: 'format' | 'quality' } {
  const format = (v.format ?? 'png') as ExportFormat
  if (!EXPORT_FORMATS.includes(format)) return { problem: `--format: must be one of ${EXPORT_FORMATS.join(', ')}`, flag: 'format' }
  const quality = v.quality === undefined ? 90 : Number(v.quality)
  if (!Number.isInteger(quality) || quality < 1 || quality > 100) return { problem: '--quality: must be an integer from 1 to 100', flag: 'quality' }
  return { format, quality }
}
