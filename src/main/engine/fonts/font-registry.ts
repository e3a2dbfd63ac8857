/**
 * Font discovery: the bundled fonts (npm packages, friendly names) and the user's `fonts/` folder
 * (drop-in .ttf/.otf/.woff/.woff2). Facts about a file (names, weight, glyph coverage) come from its
 * own tables and are cached by path, size and mtime, so listing is cheap after the first call and a
 * replaced file is re-read.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BUNDLED_FONTS, LEGACY_FONT_ALIASES, OFL } from './bundled-fonts'
import { Coverage, parseCmap } from './cmap'
import { parseNames, parseOs2, readFontTables } from './font-tables'

export type FontRoot = 'bundled' | 'user'

/** One entry of GET /fonts. */
export interface FontInfo {
  /** Relative path, the value to pass as `font_name`. */
  name: string
  family: string
  weight: number
  style: 'normal' | 'italic'
  /** Has glyphs for common Hangul syllables (checked in its cmap). */
  hangul: boolean
  root: FontRoot
  license: string
}

export interface LoadedFont extends FontInfo {
  path: string
  coverage: Coverage
  visualWeight: number
}

export interface FontRootOptions {
  /** Folder of user fonts; default `<repo>/fonts`, or $ADSTUDIO_FONTS_DIR. */
  userFontsDir?: string
  /** Where packages are looked up when Node resolution fails (packaged apps unpack them). */
  nodeModulesDir?: string
}

export const FONT_EXTENSIONS = /\.(ttf|otf|woff2?)$/i
/** Common syllables: a font that has all of these is a Hangul font, not one with a few stray glyphs. */
const HANGUL_PROBE = '가나다라마바사아자차카타파하한글맛있는할인특가신상품됐'

let options: FontRootOptions = {}
let bundledCache: LoadedFont[] | null = null
const fileCache = new Map<string, { key: string; font: Omit<LoadedFont, 'name' | 'root' | 'visualWeight'> }>()

export function configureFontRoots(opts: FontRootOptions): void {
  options = { ...opts }
  bundledCache = null
}

function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'node_modules'))) return dir
    const up = dirname(dir)
    if (up === dir) return process.cwd()
    dir = up
  }
}

export function userFontsDir(): string {
  return resolve(options.userFontsDir ?? process.env.ADSTUDIO_FONTS_DIR ?? join(findRepoRoot(), 'fonts'))
}

function packageDir(pkg: string): string | null {
  try {
    return dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`))
  } catch {
    const dir = join(options.nodeModulesDir ?? join(findRepoRoot(), 'node_modules'), pkg)
    return existsSync(dir) ? dir : null
  }
}

/** Reads a font file's facts; throws FontParseError for files that are not fonts. */
function inspect(path: string): Omit<LoadedFont, 'name' | 'root' | 'visualWeight'> {
  const st = statSync(path)
  const key = `${st.size}:${st.mtimeMs}`
  const hit = fileCache.get(path)
  if (hit && hit.key === key) return hit.font
  const tables = readFontTables(readFileSync(path), ['cmap', 'name', 'OS/2'])
  const names = parseNames(tables.get('name'))
  const os2 = parseOs2(tables.get('OS/2'))
  const coverage = parseCmap(tables.get('cmap'))
  const hangul = [...HANGUL_PROBE].every((c) => coverage.has(c.codePointAt(0)!))
  const font = {
    path,
    family: names.family || path.split(sep).pop()!.replace(FONT_EXTENSIONS, ''),
    weight: os2.weight,
    style: (os2.italic || /italic|oblique/i.test(names.subfamily) ? 'italic' : 'normal') as FontInfo['style'],
    hangul,
    coverage,
    license: names.license,
  }
  fileCache.set(path, { key, font })
  return font
}

function shortLicense(text: string): string {
  if (/open font license|OFL/i.test(text)) return OFL
  if (!text) return 'unknown (user-supplied)'
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}

export function bundledFonts(): LoadedFont[] {
  if (bundledCache) return bundledCache
  const out: LoadedFont[] = []
  for (const b of BUNDLED_FONTS) {
    const dir = packageDir(b.pkg)
    const path = dir ? join(dir, b.file) : null
    if (!path || !existsSync(path)) continue // a missing package only loses its own fonts
    const f = inspect(path)
    out.push({ ...f, name: b.name, root: 'bundled', license: OFL, visualWeight: b.visualWeight ?? f.weight })
  }
  bundledCache = out
  return out
}

function walkUserFonts(root: string, realRoot: string, dir: string, depth: number, out: LoadedFont[]): void {
  if (depth > 4 || out.length >= 500) return
  let entries: string[]
  try {
    entries = readdirSync(dir).sort()
  } catch {
    return
  }
  for (const e of entries) {
    if (e.startsWith('.')) continue
    const full = join(dir, e)
    let real: string
    try {
      real = realpathSync(full)
    } catch {
      continue
    }
    // A symlink may point anywhere; only what really lies inside the folder is listed.
    if (real !== realRoot && !real.startsWith(realRoot + sep)) continue
    const st = statSync(real)
    if (st.isDirectory()) walkUserFonts(root, realRoot, full, depth + 1, out)
    else if (st.isFile() && FONT_EXTENSIONS.test(e)) {
      try {
        const f = inspect(real)
        const name = relative(root, full).split(sep).join('/')
        out.push({ ...f, name, root: 'user', license: shortLicense(f.license), visualWeight: f.weight })
      } catch {
        // Not a font (or a damaged one): skipped from the list rather than failing the listing.
      }
    }
  }
}

export function userFonts(): LoadedFont[] {
  const root = userFontsDir()
  if (!existsSync(root) || !lstatSync(root).isDirectory()) return []
  const out: LoadedFont[] = []
  walkUserFonts(root, realpathSync(root), root, 0, out)
  return out
}

function publicInfo(f: LoadedFont): FontInfo {
  return { name: f.name, family: f.family, weight: f.weight, style: f.style, hangul: f.hangul, root: f.root, license: f.license }
}

/** Every usable font: bundled ones first; a user file with a bundled font's name is shadowed. */
export function listFonts(): FontInfo[] {
  const bundled = bundledFonts()
  const taken = new Set(bundled.map((f) => f.name))
  return [...bundled, ...userFonts().filter((f) => !taken.has(f.name))].map(publicInfo)
}

export function findBundled(name: string): LoadedFont | undefined {
  const real = LEGACY_FONT_ALIASES[name] ?? name
  return bundledFonts().find((f) => f.name === real)
}

/** A user font by its already-validated relative name and real path. */
export function loadUserFont(name: string, realPath: string): LoadedFont {
  const f = inspect(realPath)
  return { ...f, name, root: 'user', license: shortLicense(f.license), visualWeight: f.weight }
}

