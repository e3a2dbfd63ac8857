/**
 * Per-character font fallback. Letting Skia fall back silently would draw a missing Hangul
 * syllable in whatever font it finds first (or as tofu), differently on each machine; instead each
 * character goes to the chosen font when its cmap has it, else to the closest-weight bundled
 * Hangul sans, else to any bundled font that has it, and the caller is told which.
 */
import { FALLBACK_FAMILY_PREFIX } from './bundled-fonts'
import { bundledFonts, type LoadedFont } from './font-registry'

export interface TextRun {
  text: string
  font: LoadedFont
}

export interface FallbackRecord {
  char: string
  font: string
}

export interface RunSplit {
  runs: TextRun[]
  fallbacks: FallbackRecord[]
  /** Characters no available font has; drawn with the chosen font (usually as a box). */
  missing: string[]
}

// Characters that never need a glyph of their own: spacing and joiners ride along with the run.
const INVISIBLE = /[\s\u200b-\u200d\u2060\ufe0e\ufe0f]/u

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

/** Splits one line into runs that each use a single font. */
export function splitRuns(text: string, primary: LoadedFont, chain?: LoadedFont[]): RunSplit {
  const fallbacks: FallbackRecord[] = []
  const missing: string[] = []
  const runs: TextRun[] = []
  let order: LoadedFont[] | undefined = chain
  const seen = new Set<string>()
  for (const ch of text) {
    const cp = ch.codePointAt(0)!
    let font = primary
    if (!INVISIBLE.test(ch) && !primary.coverage.has(cp)) {
      order ??= fallbackChain(primary)
      const found = order.find((f) => f.coverage.has(cp))
      if (found) {
        font = found
        if (!seen.has(ch)) fallbacks.push({ char: ch, font: found.name })
      } else if (!seen.has(ch)) missing.push(ch)
      seen.add(ch)
    } else if (INVISIBLE.test(ch) && runs.length > 0) {
      font = runs[runs.length - 1].font // a space keeps the font of what it follows
    }
    const last = runs[runs.length - 1]
    if (last && last.font === font) last.text += ch
    else runs.push({ text: ch, font })
  }
  return { runs, fallbacks, missing }
}
