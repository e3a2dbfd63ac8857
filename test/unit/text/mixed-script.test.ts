/**
 * Regressions for copy mixing scripts on one line. Skia's measureText reported the ink of the first
 * script run only, so the layer for "NEW 신상" was cut after "NEW": the ad showed "NEW" and "바나나 S"
 * while job.json listed every word. Also: characters no font draws are refused by name, decomposed
 * Hangul draws as syllables, and the layer check really fails on a lost or cut glyph.
 */
import { describe, expect, it } from 'vitest'
import { DEFAULT_TEXT_PROMPT } from '../../../src/shared/generate-request'
import { EngineError } from '../../../src/main/engine/errors'
import { precheckStep2, runStep2 } from '../../../src/main/engine/pipeline/step2-text'
import { textBoxFor } from '../../../src/main/engine/pipeline/text-box'
import { draw3dText } from '../../../src/main/engine/steps/text/draw-3d-text'
import { UndrawableTextError } from '../../../src/main/engine/steps/text/drawable-text'
import { renderTextLayer } from '../../../src/main/engine/steps/text/render-text-layer'
import { pickStyle } from '../../../src/main/engine/steps/text/style-from-prompt'
import { checkTextLayer } from '../../../src/main/engine/steps/text/verify-text-layer'
import { glyphInk, layoutFor, plainInkWidth } from './ink-check'

const SQUARE = { width: 1080, height: 1080 }

function step2(text: string, canvas = SQUARE) {
  return runStep2({ text, fontName: null, stylePrompt: DEFAULT_TEXT_PROMPT, styleId: null, canvas, seed: 7 })
}

describe('copy mixing Hangul and Latin on one line (issue 15)', () => {
  for (const [text, canvas] of [
    ['NEW 신상 바나나 SALE', SQUARE],
    ['banana 특가 세일', SQUARE],
    ['NEW 신상 바나나 SALE', { width: 1080, height: 1920 }],
    ['banana 특가 세일', { width: 1920, height: 1080 }],
  ] as const) {
    it(`"${text}" at ${canvas.width}x${canvas.height}: every letter drawn, none cut`, () => {
      const s = step2(text, canvas)
      expect(s.info.lines.join(' ')).toBe(text)
      expect(s.info.missing).toEqual([])
      // The layer is at least as wide as the widest line's own ink, drawn by the canvas in one go
      // (the old layer was cut to the first script run: 276 px against 476 px for "바나나 SALE").
      const widest = Math.max(...s.info.lines.map((l) => plainInkWidth(l, null, s.info.fontSize)))
      expect(s.info.glyphBox[2]).toBeGreaterThanOrEqual(widest - 2)
      // And each letter has its ink where the layout put it.
      const r = renderTextLayer({ text, stylePrompt: DEFAULT_TEXT_PROMPT, seed: 7, ...textBoxFor(canvas.width, canvas.height) })
      expect(r.lines).toEqual(s.info.lines)
      expect(r.glyphs.map((g) => g.char).join('')).toBe(text.replace(/ /g, ''))
      for (const g of glyphInk(r)) expect(g.found / g.ink, g.char).toBeGreaterThanOrEqual(0.9)
    })
  }

  it('keeps each word of "NEW 신상 바나나 SALE" in its own place: the Hangul sits right of NEW, SALE right of 바나나', () => {
    const r = renderTextLayer({ text: 'NEW 신상 바나나 SALE', stylePrompt: DEFAULT_TEXT_PROMPT, maxWidth: 907, maxHeight: 238 })
    const x = (c: string) => r.glyphs.find((g) => g.char === c)!.x
    expect(x('신')).toBeGreaterThan(x('W'))
    expect(x('S')).toBeGreaterThan(x('바'))
    for (const g of glyphInk(r)) expect(g.found / g.ink, g.char).toBeGreaterThanOrEqual(0.9)
  })
})

describe('characters no font draws', () => {
  it('refuses emoji, naming text_content and the characters', () => {
    let err: unknown
    try {
      renderTextLayer({ text: '바나나 🍌 세일 😀', styleId: 'clean', maxWidth: 600, maxHeight: 200 })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(UndrawableTextError)
    const msg = (err as Error).message
    expect(msg).toMatch(/^text_content: /)
    expect(msg).toContain('"🍌" (U+1F34C)')
    expect(msg).toContain('"😀" (U+1F600)')
    expect(msg).toMatch(/emoji/)
  })

  it('refuses a keycap or a flag as one character, and Hanja no bundled font has, without saying emoji', () => {
    expect(() => renderTextLayer({ text: '1️⃣ 🇰🇷', maxWidth: 600, maxHeight: 200 })).toThrow(/"1️⃣" \(U\+0031 U\+FE0F U\+20E3\).*"🇰🇷"/)
    expect(() => renderTextLayer({ text: '福 세일', maxWidth: 600, maxHeight: 200 })).toThrow(/^text_content: "福" \(U\+798F\) cannot be drawn: no available font has it; remove/)
  })

  it('crosses the engine boundary as invalid_request on text_content, before any step runs', () => {
    for (const run of [() => step2('SALE 🍌'), () => precheckStep2({ text: 'SALE 🍌', fontName: null, stylePrompt: DEFAULT_TEXT_PROMPT, styleId: null })]) {
      try {
        run()
        expect.unreachable('emoji must be refused')
      } catch (e) {
        expect(e).toBeInstanceOf(EngineError)
        expect((e as EngineError).code).toBe('invalid_request')
        expect((e as EngineError).field).toBe('text_content')
      }
    }
    expect(() => precheckStep2({ text: 'SALE 세일 ★', fontName: 'BebasNeue/BebasNeue-Regular.ttf', stylePrompt: '', styleId: null })).not.toThrow()
  })

  it('draws symbols the chosen font lacks from a font that has them (★ ♥ ₩ in Bebas Neue)', () => {
    const r = renderTextLayer({ text: '★ SALE ₩9,900 ♥', fontName: 'BebasNeue/BebasNeue-Regular.ttf', styleId: 'neon', maxWidth: 800, maxHeight: 200 })
    expect(r.fallbacks.map((f) => f.char).sort()).toEqual(['₩', '★', '♥'].sort())
    for (const g of glyphInk(r)) expect(g.found / g.ink, g.char).toBeGreaterThanOrEqual(0.9)
  })

  it('takes a character whose glyph is empty in the chosen font from another font (NanumGothic Regular’s backtick)', () => {
    const r = renderTextLayer({ text: 'A`B', fontName: 'NanumGothic/NanumGothic.ttf', styleId: 'clean', maxWidth: 600, maxHeight: 200 })
    expect(r.fallbacks.map((f) => f.char)).toEqual(['`'])
    for (const g of glyphInk(r)) expect(g.found / g.ink, g.char).toBeGreaterThanOrEqual(0.9)
  })

  it('draws decomposed Hangul (a macOS file name) as the composed syllables', () => {
    const r = renderTextLayer({ text: '\u1100\u1161\u11ab\u1107\u1161\u11ab \u1112\u1161\u11ab', styleId: 'clean', maxWidth: 600, maxHeight: 200 })
    expect(r.lines).toEqual(['간반 한'])
    expect(r.glyphs.map((g) => g.char)).toEqual(['간', '반', '한'])
  })
})

describe('the layer check', () => {
  const req = { text: 'NEW 신상\n바나나 SALE', styleId: 'retro-3d', maxWidth: 700, maxHeight: 300 }
  const style = pickStyle(undefined, req.styleId).style

  it('passes a layer drawn from its layout', () => {
    const layout = layoutFor(req)
    expect(checkTextLayer(layout, draw3dText(layout, style, 0))).toEqual([])
  })

  it('names a glyph that was not drawn', () => {
    const layout = layoutFor(req)
    // Draw with "상" left out, check against the full layout.
    const lines = layout.lines.map((l) => ({ ...l, measured: { ...l.measured, glyphs: l.measured.glyphs.filter((g) => g.cluster !== '상') } }))
    const problems = checkTextLayer(layout, draw3dText({ ...layout, lines }, style, 0))
    expect(problems.map((p) => p.cluster)).toEqual(['상'])
    expect(problems[0].line).toBe(0)
  })

  it('reports ink cut at the edge and glyphs laid out beyond it', () => {
    const layout = layoutFor(req)
    const narrow = { ...layout, canvasWidth: Math.round(layout.canvasWidth * 0.7) }
    const problems = checkTextLayer(narrow, draw3dText(narrow, style, 0))
    expect(problems.some((p) => p.cluster === null && /right edge/.test(p.reason))).toBe(true)
    expect(problems.some((p) => p.cluster === 'E' && /outside the layer/.test(p.reason))).toBe(true)
  })
})
