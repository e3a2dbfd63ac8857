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
