/**
 * `font_name` → a font file, never outside the font roots. nanoCocoa joined the name onto its fonts
 * folder as given, so `../../etc/passwd` was a valid font name; here the name is checked as text
 * first (shared rules, the same the API validator uses, plus Unicode look-alikes), then resolved
 * through realpath so a symlink in the user folder cannot lead out of it either.
 */
import { existsSync, realpathSync, statSync } from 'node:fs'
import { join, sep } from 'node:path'
import { fontNameProblem } from '../../../shared/font-name'
import { DEFAULT_FONT_NAME } from './bundled-fonts'
import { FONT_EXTENSIONS, findBundled, loadUserFont, userFontsDir, type LoadedFont } from './font-registry'

export class FontNameError extends Error {
  readonly field = 'font_name'
  readonly code = 'invalid_font'
  constructor(readonly rule: string, readonly fontName: string) {
    super(`font_name ${rule} (got ${JSON.stringify(fontName.slice(0, 120))})`)
    this.name = 'FontNameError'
  }
}

const LIST_HINT = 'GET /fonts (or listFonts()) lists the available names, e.g. "Pretendard/Pretendard-Bold.otf"'

/** Why `name` is not an acceptable font name, or null. Pure text rules; no disk access. */
export function fontNameRuleBroken(name: string): string | null {
  if (typeof name !== 'string') return 'must be a string'
  if (name.length > 255) return 'must be at most 255 characters'
  if (/[\u0000-\u001f\u007f]/.test(name)) return name.includes('\0') ? 'must not contain NUL characters' : 'must not contain control characters'
  const shared = fontNameProblem(name)
  if (shared) return shared
  // Full-width dots and slashes become '..' and '/' under NFKC; some file APIs normalise like that.
  const folded = name.normalize('NFKC')
  if (folded !== name) {
    const again = fontNameProblem(folded)
    if (again) return `${again} (after Unicode normalisation)`
  }
  if (name.includes('%')) return 'must not contain URL-encoded characters'
  if (name.includes(':')) return 'must be a path relative to the fonts folder, not an absolute path or URL'
  if (!FONT_EXTENSIONS.test(name)) return 'must name a .ttf, .otf, .woff or .woff2 file'
  return null
}

/** Throws FontNameError unless `name` is a well-formed relative font path. */
export function assertFontName(name: string): void {
  const rule = fontNameRuleBroken(name)
  if (rule) throw new FontNameError(rule, String(name))
}

/**
 * The font for a request: the default bold Hangul sans for null/empty, a bundled friendly name, or a
 * file in the user fonts folder. Unknown or unsafe names throw FontNameError.
 */
export function resolveFont(name: string | null | undefined): LoadedFont {
  if (name === null || name === undefined || name === '') {
    const f = findBundled(DEFAULT_FONT_NAME)
    if (!f) throw new Error(`the default font ${DEFAULT_FONT_NAME} is missing: run npm install`)
    return f
  }
  assertFontName(name)
  const bundled = findBundled(name)
  if (bundled) return bundled

  const root = userFontsDir()
  const candidate = join(root, ...name.split('/'))
  if (!existsSync(candidate)) throw new FontNameError(`names an unknown font; ${LIST_HINT}`, name)
  const realRoot = realpathSync(root)
  const real = realpathSync(candidate)
  if (!real.startsWith(realRoot + sep)) throw new FontNameError('must stay inside the fonts folder (a link leads outside it)', name)
  if (!statSync(real).isFile() || !FONT_EXTENSIONS.test(real)) throw new FontNameError('must name a font file (.ttf, .otf, .woff or .woff2)', name)
  try {
    return loadUserFont(name, real)
  } catch (e) {
    throw new FontNameError(`names a file that is not a readable font (${(e as Error).message})`, name)
  }
}
