import { readdir, stat } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'

/** Photo types a batch picks up from a folder (others there are ignored, not failed). */
export const PHOTO_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp', '.avif', '.tif', '.tiff', '.gif']

export interface BatchItem {
  /** The product photo. */
  input: string
  width: number
  height: number
  /** The output file's name without extension, from --name. */
  name: string
}

/** `--sizes 1080x1080,1200x628`: each WxH, 256..2048 per side. */
export function parseSizes(v: string | undefined): { width: number; height: number }[] | { problem: string } {
  if (v === undefined) return [{ width: 1024, height: 1024 }]
  const out: { width: number; height: number }[] = []
  for (const part of v.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\d{1,5})x(\d{1,5})$/i.exec(part)
    if (!m) return { problem: `--sizes: "${part.slice(0, 50)}" is not WIDTHxHEIGHT (e.g. 1080x1080,1200x628)` }
    const [w, h] = [Number(m[1]), Number(m[2])]
    if (w < 256 || h < 256 || w > 2048 || h > 2048) return { problem: `--sizes: ${part}: each side must be from 256 to 2048 px` }
    out.push({ width: w, height: h })
  }
  if (!out.length) return { problem: '--sizes: give at least one WIDTHxHEIGHT' }
  return out
}

/** `--name "{name}_{size}"`: {name} the photo's file name without extension, {size} WxH, {w}, {h}, {n} its number. */
export function outputName(pattern: string, input: string, width: number, height: number, n: number): string {
  const name = basename(input, extname(input))
  const out = pattern
    .replaceAll('{name}', name)
    .replaceAll('{size}', `${width}x${height}`)
    .replaceAll('{w}', String(width))
    .replaceAll('{h}', String(height))
    .replaceAll('{n}', String(n))
  // one file in --out: no folders, nothing hidden
  return out.replace(/[/\\]/g, '_').replace(/^\.+/, '_')
}

/** The photos named on the command line: folders give their photos (sorted, not recursive). */
export async function collectInputs(paths: string[]): Promise<{ files: string[]; problems: string[] }> {
  const files: string[] = []
  const problems: string[] = []
  for (const p of paths) {
    const s = await stat(p).catch(() => null)
    if (!s) problems.push(`${p}: no such file or folder`)
    else if (s.isDirectory()) {
      const names = (await readdir(p)).filter((n) => PHOTO_EXTENSIONS.includes(extname(n).toLowerCase()) && !n.startsWith('.')).sort()
      files.push(...names.map((n) => join(p, n)))
    } else files.push(p)
  }
  return { files, problems }
}

/** Every photo × every size, with its output name; two items with one name are refused. */
export function planItems(files: string[], sizes: { width: number; height: number }[], pattern: string): BatchItem[] | { problem: string } {
  const items: BatchItem[] = []
  const seen = new Map<string, string>()
  let n = 0
  for (const input of files)
    for (const { width, height } of sizes) {
      n++
      const name = outputName(pattern, input, width, height, n)
      const clash = seen.get(name)
      if (clash) return { problem: `--name: "${pattern}" gives "${name}" for both ${clash} and ${input} (add {size} or {n})` }
      seen.set(name, input)
      items.push({ input, width, height, name })
    }
  return items
}

/** "1:05" style, for the progress line. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const ss = String(s % 60).padStart(2, '0')
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}
