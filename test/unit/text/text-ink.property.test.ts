/**
 * Property tests of the text layer: random copies (seeded, so a failure replays) mixing Hangul,
 * Latin, digits, punctuation and symbols, on one line and several, across every bundled font and
 * every style. For each: every character is laid out, every laid-out glyph has its ink in the layer
 * where the layout put it, and the layer's canvas holds all the ink its effects make.
 */
import { describe, expect, it } from 'vitest'
import { bundledFonts } from '../../../src/main/engine/fonts/font-registry'
import { renderTextLayer, type TextLayerRequest } from '../../../src/main/engine/steps/text/render-text-layer'
import { STYLE_IDS } from '../../../src/main/engine/steps/text/style-presets'
import { glyphInk, layoutFor, spillBeyondCanvas } from './ink-check'

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const COMMON_HANGUL = [...'가나다라마바사아자차카타파하신상품특가세일할인맛있는바나나딸기한정판매오늘만무료배송최대쿠폰증정이벤트새로운봄여름가을겨울달콤신선행복']
const LATIN = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'
const SYMBOLS = [...'%₩~!?&+-().,\'"#@*/:★♥·…']

function copy(rand: () => number): string {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]
  const word = (): string => {
    const kind = rand()
    const n = 1 + Math.floor(rand() * 5)
    if (kind < 0.35) {
      // Mostly common syllables, sometimes any of the 11,172 (rare ones exercise the fallback font).
      return Array.from({ length: n }, () => (rand() < 0.85 ? pick(COMMON_HANGUL) : String.fromCodePoint(0xac00 + Math.floor(rand() * 11172)))).join('')
    }
    if (kind < 0.65) return Array.from({ length: n + 1 }, () => pick([...LATIN])).join('')
    if (kind < 0.8) return pick([`${Math.floor(rand() * 99)}%`, `₩${Math.floor(rand() * 90 + 10)},900`, '1+1', `~${Math.floor(rand() * 70)}%`, `${Math.floor(rand() * 9999)}원`, `${Math.floor(rand() * 12)}/${Math.floor(rand() * 31)}`])
    if (kind < 0.9) return pick(SYMBOLS) + pick(COMMON_HANGUL) + pick(SYMBOLS)
    return pick([...LATIN]) + pick(COMMON_HANGUL) + String(Math.floor(rand() * 10)) + pick(SYMBOLS) // scripts within one word
  }
  const count = 2 + Math.floor(rand() * 5)
  let text = word()
  for (let i = 1; i < count; i++) text += (rand() < 0.2 ? '\n' : ' ') + word()
  return text
}

const FONTS = bundledFonts().map((f) => f.name)
const PER_FONT = 3

interface Case {
  seed: number
  req: TextLayerRequest
}

// Every font PER_FONT times; the style walks the 15 presets with a stride co-prime to their count, so
// each style meets several fonts and appears at least five times.
const CASES: Case[] = []
for (let i = 0; i < FONTS.length * PER_FONT; i++) {
  const seed = 1000 + i
  const rand = prng(seed)
  const req: TextLayerRequest = {
    text: copy(rand),
    fontName: FONTS[i % FONTS.length],
    styleId: STYLE_IDS[(i * 7) % STYLE_IDS.length],
    maxWidth: 240 + Math.floor(rand() * 560),
    maxHeight: 90 + Math.floor(rand() * 260),
    seed,
  }
  CASES.push({ seed, req })
}

describe('text layer properties (seeded random copies, every font and style)', () => {
  it('covers every bundled font and every style several times', () => {
    expect(FONTS.length).toBeGreaterThanOrEqual(26)
    for (const f of FONTS) expect(CASES.filter((c) => c.req.fontName === f).length).toBeGreaterThanOrEqual(3)
    for (const s of STYLE_IDS) expect(CASES.filter((c) => c.req.styleId === s).length).toBeGreaterThanOrEqual(5)
    expect(CASES.filter((c) => c.req.text.includes('\n')).length).toBeGreaterThan(5)
  })

  it.each(CASES.map((c) => [c.seed, c.req.fontName, c.req.styleId, JSON.stringify(c.req.text), c] as const))(
    'seed %i: %s, %s, %s',
    (_seed, _font, _style, _text, { req }) => {
      const r = renderTextLayer(req)
      // Every character of the copy is laid out (spaces and line breaks aside), in order.
      expect(r.glyphs.map((g) => g.char).join('')).toBe(req.text.normalize('NFC').replace(/\s+/g, ''))
      expect(r.missing).toEqual([])
      expect(r.layer.width).toBeLessThanOrEqual(req.maxWidth)
      expect(r.layer.height).toBeLessThanOrEqual(req.maxHeight)
      // Each glyph's ink is in the layer where the layout put it.
      for (const g of glyphInk(r)) {
        expect(g.ink, `${g.char} draws nothing on its own`).toBeGreaterThan(0)
        expect(g.found / g.ink, `${g.char}: share of its ink found in the layer`).toBeGreaterThanOrEqual(0.9)
      }
      // The layer holds all the ink: drawn again with 200 px of room on every side, nothing lands
      // outside the canvas, and all of it spans exactly the (tight) layer.
      const layout = layoutFor(req)
      expect(layout.lines.map((l) => l.text)).toEqual(r.lines)
      const spill = spillBeyondCanvas(layout, req, 200)
      expect(spill.outside).toBe(0)
      expect([spill.inkWidth, spill.inkHeight]).toEqual([r.layer.width, r.layer.height])
    },
  )
})
