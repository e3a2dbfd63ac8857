/**
 * Per-character font fallback. Letting Skia fall back silently would draw a missing Hangul
 * syllable in whatever font it finds first (or as tofu), differently on each machine; instead each
 * character goes to the chosen font when its cmap has it, else to the closest-weight bundled
 * Hangul sans, else to any bundled font that has it, and the caller is told which.
 */
import { FALLBACK_FAMILY_PREFIX } from './bundled-fonts'
import { bundledFonts, type LoadedFont } from './font-registry'
import { fontDraws, graphemes, visibleCodePoints } from './glyph-ink'

export interface TextRun {
  text: string
  font: LoadedFont
  /** The run's user-perceived characters, in order (joined they are `text`). */
  clusters: string[]
}

export interface FallbackRecord {
  char: string
  font: string
}

export interface RunSplit {
  runs: TextRun[]
  fallbacks: FallbackRecord[]
  /** Characters no available font draws (the text step refuses copy that has any). */
  missing: string[]
}

/** The order in which fonts are tried for characters `primary` lacks. */
export function fallbackChain(primary: LoadedFont): LoadedFont[] {
  const all = bundledFonts().filter((f) => f.path !== primary.path)
  const target = primary.visualWeight
  const byWeight = (a: LoadedFont, b: LoadedFont): number =>
    Math.abs(a.weight - target) - Math.abs(b.weight - target) || b.weight - a.weight
  const family = all.filter((f) => f.name.startsWith(FALLBACK_FAMILY_PREFIX)).sort(byWeight)
  const rest = all.filter((f) => !f.name.startsWith(FALLBACK_FAMILY_PREFIX))
  return [...family, ...rest.filter((f) => f.hangul).sort(byWeight), ...rest.filter((f) => !f.hangul)]
}

/**
 * Splits one line into runs that each use a single font, a whole cluster at a time (a letter and
 * its combining marks never straddle two fonts). A cluster goes to the first font that really
 * draws it (cmap entry and a non-empty glyph); whitespace keeps the font of what it follows.
 */
export function splitRuns(text: string, primary: LoadedFont, chain?: LoadedFont[]): RunSplit {
  const fallbacks: FallbackRecord[] = []
  const missing: string[] = []
  const runs: TextRun[] = []
  let order: LoadedFont[] | undefined = chain
  const seen = new Set<string>()
  for (const cl of graphemes(text)) {
    let font = primary
    const blank = visibleCodePoints(cl).length === 0
    if (blank) {
      if (runs.length > 0) font = runs[runs.length - 1].font
    } else if (!fontDraws(primary, cl)) {
      order ??= fallbackChain(primary)
      const found = order.find((f) => fontDraws(f, cl))
      if (found) {
        font = found
        if (!seen.has(cl)) fallbacks.push({ char: cl, font: found.name })
      } else if (!seen.has(cl)) missing.push(cl)
      seen.add(cl)
    }
    const last = runs[runs.length - 1]
    if (last && last.font === font) {
      last.text += cl
      last.clusters.push(cl)
    } else runs.push({ text: cl, font, clusters: [cl] })
  }
  return { runs, fallbacks, missing }
}

/** The clusters of `text` that no available font draws, each once, in order of appearance. */
export function undrawableClusters(text: string, primary: LoadedFont): string[] {
  return splitRuns(text, primary).missing
}
