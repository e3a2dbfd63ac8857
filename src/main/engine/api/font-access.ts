import { readFile } from 'node:fs/promises'
import { fail, type Failure } from '../../../shared/result'

/**
 * The font registry, loaded on first use: it reads every bundled font's tables and loads the canvas
 * library, which the server should not pay for at start-up or when no request names a font.
 */
type FontModules = [typeof import('../fonts/resolve-font-name'), typeof import('../fonts/font-registry')]
let modules: Promise<FontModules | null> | null = null

function load(): Promise<FontModules | null> {
  modules ??= Promise.all([import('../fonts/resolve-font-name'), import('../fonts/font-registry')]).catch(() => null)
  return modules
}

/** Whether `name` resolves to a usable font inside the font roots; a Failure naming the rule if not. */
export async function checkFontName(name: string): Promise<Failure | null> {
  const m = await load()
  if (!m) return null // fonts unavailable in this build: the worker reports it when it renders text
  try {
    m[0].resolveFont(name)
    return null
  } catch (e) {
    const err = e as { name?: string; message?: string; rule?: string }
    if (err.name === 'FontNameError') return fail('invalid_font', err.message ?? 'font_name: unusable', [{ field: 'font_name', rule: err.rule ?? 'is not usable' }])
    return fail('invalid_font', `font_name: could not be loaded (${err.message ?? String(e)})`, [{ field: 'font_name', rule: 'could not be loaded' }])
  }
}

/** GET /fonts: names for `font_name` (as nanoCocoa) and what each font is. */
export async function listFontsForApi(): Promise<{ fonts: string[]; details: Record<string, unknown>[] }> {
  const m = await load()
  if (!m) return { fonts: [], details: [] }
  try {
    const list = m[1].listFonts()
    return { fonts: list.map((f) => f.name), details: list.map((f) => ({ ...f })) }
  } catch {
    return { fonts: [], details: [] }
  }
}

const FONT_TYPES: Record<string, string> = { ttf: 'font/ttf', otf: 'font/otf', woff: 'font/woff', woff2: 'font/woff2' }

/**
 * The file behind a font name, for previews in a browser (a FontFace from the bytes): resolved by
 * the same rules as `font_name`, so only fonts inside the font roots are ever read.
 */
export async function fontFileForApi(name: string): Promise<{ bytes: Uint8Array; type: string } | Failure> {
  const m = await load()
  if (!m) return fail('not_found', 'this build has no fonts')
  try {
    const font = m[0].resolveFont(name)
    const ext = font.path.split('.').pop()!.toLowerCase()
    return { bytes: await readFile(font.path), type: FONT_TYPES[ext] ?? 'application/octet-stream' }
  } catch (e) {
    const err = e as { name?: string; message?: string; rule?: string }
    if (err.name === 'FontNameError') return fail('not_found', err.message ?? 'no such font', [{ field: 'font_name', rule: err.rule ?? 'is not a font' }])
    throw e
  }
}
