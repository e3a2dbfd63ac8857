import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../helpers/fixtures'

/** WCAG 2.x relative luminance of an sRGB colour #rrggbb. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** WCAG contrast ratio of two opaque colours (1 to 21). */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}

const css = ['src/renderer/styles.css', 'src/renderer/ui/models/models.css'].map((f) => readFileSync(`${REPO_ROOT}/${f}`, 'utf8')).join('\n')
const vars = Object.fromEntries([...css.matchAll(/(--[\w-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((m) => [m[1], m[2].toLowerCase()]))
/** A colour as the CSS writes it: a custom property, or a literal that must appear in the CSS (so this list cannot drift from it). */
const color = (c: string): string => {
  if (c.startsWith('--')) {
    expect(vars[c], `${c} is defined`).toBeDefined()
    return vars[c]
  }
  expect(css.toLowerCase(), `${c} is used in the CSS`).toContain(c)
  return c
}

describe('WCAG contrast', () => {
  it('computes the known ratios', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5)
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2)
    expect(contrast('#ffffff', '#ffffff')).toBe(1)
    // The old palette's figures from the issue: white on the orange 3.77, grey hints 4.46, the Done badge 3.74.
    expect(contrast('#ffffff', '#e0572a')).toBeCloseTo(3.77, 2)
    expect(contrast('#7b776f', '#ffffff')).toBeCloseTo(4.46, 2)
    expect(contrast('#2f8a4c', '#e1f3e6')).toBeCloseTo(3.74, 2)
  })

  // Every text colour on every background it is drawn on (normal-size text: AA asks 4.5:1).
  const pairs: [string, string, string][] = [
    ['#fff', '--accent', 'white on the orange buttons (Generate, Export, Download)'],
    ['--muted', '#fff', 'grey hints and section titles on the panels'],
    ['--muted', '--bg', 'grey text on the page background'],
    ['--muted', '#ebe8e3', '"Press Generate" on the empty stage'],
    ['--muted', '--accent-soft', 'a font name in the highlighted row of the font list'],
    ['--muted', '#faf9f7', 'hints in the drop zone'],
    ['--muted', '#f1efeb', 'text on the canvas tabs'],
    ['--text', '#f3f1ed', 'the scene chips'],
    ['--ok', '#e1f3e6', 'the small "Done" badge'],
    ['--ok', '#fff', 'green check results on the panels'],
    ['#8a5600', '#fff1d6', 'the "Running" / "Downloading" badge'],
    ['--danger', '#fbe3e3', 'the "Failed" and non-commercial badges'],
    ['--danger', '#fff', 'red buttons and links'],
    ['#9a3412', '--accent-soft', 'a chosen scene chip'],
    ['--text', '#f3a07f', 'progress text over the end of the bar'],
    ['--text', '#fbd5c5', 'progress text over the start of the bar'],
    ['#d8d4cc', '#1f1d1a', 'the top navigation'],
    ['#555', '#eee', 'grey badges'],
  ]
  for (const [fg, bg, what] of pairs) {
    it(`${what}: at least 4.5:1`, () => {
      const full = (c: string) => (/^#[0-9a-f]{3}$/i.test(c) ? `#${[...c.slice(1)].map((x) => x + x).join('')}` : c)
      const ratio = contrast(full(color(fg)), full(color(bg)))
      expect(ratio, `${fg} on ${bg} = ${ratio.toFixed(2)}`).toBeGreaterThanOrEqual(4.5)
    })
  }
})
