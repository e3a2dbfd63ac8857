import { describe, expect, it } from 'vitest'
import { renderTextLayer } from '../../../src/main/engine/steps/text/render-text-layer'
import { normaliseText } from '../../../src/main/engine/steps/text/layout-lines'

const render = (text: string, maxWidth: number, maxHeight: number, extra: object = {}) =>
  renderTextLayer({ text, maxWidth, maxHeight, styleId: 'gold', ...extra })

function expectFits(r: ReturnType<typeof render>, maxWidth: number, maxHeight: number): void {
  expect(r.layer.width).toBeLessThanOrEqual(maxWidth)
  expect(r.layer.height).toBeLessThanOrEqual(maxHeight)
  const [x, y, w, h] = r.glyphBox
  expect(x).toBeGreaterThanOrEqual(0)
  expect(y).toBeGreaterThanOrEqual(0)
  expect(x + w).toBeLessThanOrEqual(r.layer.width)
  expect(y + h).toBeLessThanOrEqual(r.layer.height)
}

describe('line breaking and auto-fit', () => {
  it('keeps a short phrase on one line in a wide banner, filling most of it', () => {
    const r = render('New Arrival', 860, 300)
    expect(r.lines).toEqual(['New Arrival'])
    expectFits(r, 860, 300)
    expect(r.layer.width).toBeGreaterThan(860 * 0.85) // width-bound: it grew until it touched the sides
  })

  it('wraps Korean copy at spaces in a narrow box, never inside a word', () => {
    const text = '맛있는 바나나 50% 할인'
    const r = render(text, 300, 400)
    expect(r.lines.length).toBeGreaterThanOrEqual(2)
    expect(r.lines.join(' ')).toBe(text)
    for (const l of r.lines) expect(text.split(' ')).toEqual(expect.arrayContaining(l.split(' ')))
    expectFits(r, 300, 400)
    // Wrapping must have bought a bigger size than one line could have had.
    const one = render(text, 3000, 400)
    expect(one.lines).toEqual([text])
    expect(r.fontSize).toBeGreaterThan(one.fontSize * (300 / 3000) * 1.5)
  })

  it('wraps an English phrase at spaces when the box is narrow', () => {
    const r = render('Fresh Summer Fruit Sale', 260, 400)
    expect(r.lines.length).toBeGreaterThanOrEqual(2)
    expect(r.lines.join(' ')).toBe('Fresh Summer Fruit Sale')
    expectFits(r, 260, 400)
  })

  it('splits a long Korean word with no spaces between syllables', () => {
    const word = '초특가대박할인행사진행중'
    const r = render(word, 260, 400)
    expect(r.lines.length).toBeGreaterThanOrEqual(2)
    expect(r.lines.join('')).toBe(word)
    expectFits(r, 260, 400)
  })

  it('prefers a space over a syllable break when both are possible', () => {
    const r = render('맛있는 바나나', 330, 400)
    expect(r.lines).toEqual(['맛있는', '바나나'])
  })

  it('breaks at \\n even when the line would fit', () => {
    const r = render('New\nArrival', 2000, 600)
    expect(r.lines).toEqual(['New', 'Arrival'])
    const oneLine = render('New Arrival', 2000, 600)
    expect(r.layer.height).toBeGreaterThan(oneLine.layer.height * 1.4)
    expectFits(r, 2000, 600)
  })

  it('keeps the glyph box inside the layer and grows the layer for effects', () => {
    const r = render('맛있는 바나나 50% 할인', 860, 300)
    expectFits(r, 860, 300)
    const [gx, gy, gw, gh] = r.glyphBox
    expect(gw).toBeGreaterThan(r.layer.width * 0.8)
    // The extrusion and shadow lie below and right of the letters.
    expect(r.layer.height - (gy + gh)).toBeGreaterThan(gy)
    expect(gx).toBeGreaterThanOrEqual(0)
  })

  it('centres lines: a short second line sits in the middle of the block', () => {
    const r = render('맛있는 바나나 대박\n할인', 800, 400, { styleId: 'clean' })
    expect(r.lines).toEqual(['맛있는 바나나 대박', '할인'])
    const { width, height, data } = r.layer
    let minX = width
    let maxX = -1
    for (let y = Math.floor(height * 0.62); y < height * 0.9; y++) {
      for (let x = 0; x < width; x++) {
        if (data[(y * width + x) * 4 + 3] > 200) {
          minX = Math.min(minX, x)
          maxX = Math.max(maxX, x)
        }
      }
    }
    const mid = (minX + maxX) / 2
    expect(Math.abs(mid - width / 2)).toBeLessThan(width * 0.05)
  })

  it('fits tiny boxes and long copy without overflowing', () => {
    for (const [w, h] of [[60, 30], [120, 500], [900, 60]]) {
      const r = render('오늘만 특가! 신선한 제철 과일 모음전 최대 70% 할인 Fresh fruit sale', w, h)
      expectFits(r, w, h)
      expect(r.lines.join(' ').replace(/ /g, '')).toBe('오늘만특가!신선한제철과일모음전최대70%할인Freshfruitsale')
    }
  })

  it('normalises line endings, tabs, control characters and runs of spaces', () => {
    expect(normaliseText('a\r\nb\rc\t d   e\u0007')).toEqual(['a', 'b', 'c d e'])
    expect(() => render('  \n ', 400, 200)).toThrow(/empty/)
  })
})
