/**
 * Copy the built-in engine cannot draw is refused up front, naming the characters: no bundled font
 * has colour emoji (nor, say, Thai), and a letter drawn as tofu or left out is a wrong ad. Emoji
 * that a font draws in text form (★ ♥ ☆ in Pretendard) are drawn, not refused.
 */
import { undrawableClusters } from '../../fonts/font-fallback'
import type { LoadedFont } from '../../fonts/font-registry'
import { normaliseText } from './layout-lines'

const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\p{Emoji_Modifier}|\u20e3/u

export class UndrawableTextError extends Error {
  readonly field = 'text_content'
  constructor(readonly clusters: string[]) {
    const shown = clusters.slice(0, 8).map(describe).join(', ')
    const more = clusters.length > 8 ? ` and ${clusters.length - 8} more` : ''
    const emoji = clusters.some((c) => EMOJI.test(c))
    super(
      `text_content: ${shown}${more} cannot be drawn: no available font has ${clusters.length === 1 ? 'it' : 'them'}` +
        (emoji ? ' (emoji are not supported in the ad text)' : '') +
        '; remove or replace ' + (clusters.length === 1 ? 'it' : 'them'),
    )
    this.name = 'UndrawableTextError'
  }
}

function describe(cluster: string): string {
  const cps = [...cluster].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`)
  return `"${cluster}" (${cps.join(' ')})`
}

/** Throws UndrawableTextError when some character of `text` is drawn by no font available to `font`. */
export function assertDrawable(text: string, font: LoadedFont): void {
  const bad = new Set<string>()
  for (const line of normaliseText(text)) for (const c of undrawableClusters(line, font)) bad.add(c)
  if (bad.size) throw new UndrawableTextError([...bad])
}
