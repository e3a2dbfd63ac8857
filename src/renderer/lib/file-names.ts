/**
 * File names for exports and batch outputs. Patterns use {name} (the product file's name without its
 * extension), {n} (position in the batch, 1-based, zero-padded), {w}, {h}, {date} (YYYYMMDD).
 * Whatever the pattern makes, the result is a bare file name the shell will accept.
 */

export type ExportFormat = 'png' | 'jpeg' | 'webp'
export const EXPORT_FORMATS: readonly ExportFormat[] = ['png', 'jpeg', 'webp']
export const FORMAT_EXT: Record<ExportFormat, string> = { png: 'png', jpeg: 'jpg', webp: 'webp' }
export const FORMAT_MIME: Record<ExportFormat, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' }

/** The product's file name without folders or extension. */
export function baseName(fileName: string): string {
  const last = fileName.split(/[\\/]/).pop() ?? fileName
  const dot = last.lastIndexOf('.')
  return dot > 0 ? last.slice(0, dot) : last
}

/** Replaces characters no file system accepts; collapses what is left empty to "ad". */
export function safeFileStem(stem: string): string {
  const cleaned = stem.replace(/[\\/:*?"<>|\x00-\x1f]+/g, '_').replace(/[. ]+$/, '').trim()
  return cleaned.slice(0, 150) || 'ad'
}

export interface PatternValues {
  name: string
  n?: number
  total?: number
  width: number
  height: number
  date?: Date
}

export function applyPattern(pattern: string, v: PatternValues): string {
  const d = v.date ?? new Date()
  const date = `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`
  const digits = String(Math.max(v.total ?? 1, 1)).length
  const out = (pattern.trim() || '{name}')
    .replaceAll('{name}', v.name)
    .replaceAll('{n}', String(v.n ?? 1).padStart(digits, '0'))
    .replaceAll('{w}', String(v.width))
    .replaceAll('{h}', String(v.height))
    .replaceAll('{date}', date)
  return safeFileStem(out)
}

/** `{name}` in ad copy: replaced by the product's name (underscores and dashes read as spaces). */
export function fillTextTemplate(text: string, name: string): string {
  return text.replaceAll('{name}', name.replace(/[_-]+/g, ' ').trim())
}

export const fileNameFor = (stem: string, format: ExportFormat) => `${safeFileStem(stem)}.${FORMAT_EXT[format]}`
