/**
 * Copy hierarchy (issue 10 §4): the first typed line is the headline, later lines sub-copy at
 * SUB_CAP_RATIO (0.55) of its cap height in a lighter face; prices on a badge in the promotional
 * styles, a price-only sub-copy line set larger (0.8) in the others. Ratios are measured from the
 * rendered layer's face ink, row by row, not taken from the layout's numbers.
 */
import { describe, expect, it } from 'vitest'
import { findBundled } from '../../../src/main/engine/fonts/font-registry'
import { runStep2 } from '../../../src/main/engine/pipeline/step2-text'
import { badgeColor, findPrices, isPriceLine, lighterFace, priceEmphasis } from '../../../src/main/engine/steps/text/copy-hierarchy'
import { renderTextLayer, type TextLayerResult } from '../../../src/main/engine/steps/text/render-text-layer'
import { pickStyle } from '../../../src/main/engine/steps/text/style-from-prompt'
import { STYLE_IDS } from '../../../src/main/engine/steps/text/style-presets'
import { glyphInk } from './ink-check'

/** Heights of the bands of face ink, top to bottom (a band: consecutive rows holding face ink). */
function inkBands(r: TextLayerResult): number[] {
  const { width: W, height: H } = r.layer
  const bands: number[] = []
  let run = 0
  for (let y = 0; y < H; y++) {
    let any = false
    for (let x = 0; x < W && !any; x++) any = r.face[y * W + x] >= 128
    if (any) run++
    else if (run) {
      bands.push(run)
      run = 0
    }
  }
  if (run) bands.push(run)
  return bands
}

function render(text: string, styleId = 'clean', fontName: string | null = null, w = 900, h = 400): TextLayerResult {
  return renderTextLayer({ text, styleId, fontName, maxWidth: w, maxHeight: h, seed: 3 })
}

function everyGlyphFound(r: TextLayerResult): void {
  for (const g of glyphInk(r)) {
    expect(g.ink, `${g.char} draws nothing on its own`).toBeGreaterThan(0)
    expect(g.found / g.ink, `${g.char}: share of its ink found in the layer`).toBeGreaterThanOrEqual(0.9)
  }
}

describe('headline and sub-copy', () => {
  it('sets the second line at 0.55 of the headline cap height, measured from the ink (Latin capitals)', () => {
    const r = render('SUMMER SALE\nFRESH AND RIPE')
    const [head, sub] = inkBands(r)
    expect(inkBands(r)).toHaveLength(2)
    // Capitals without descenders: each band is the line's cap height.
    expect(sub / head).toBeGreaterThan(0.52)
    expect(sub / head).toBeLessThan(0.58)
    expect(r.hierarchy.subCopyCapPx! / r.hierarchy.headlineCapPx).toBeCloseTo(0.55, 2)
    everyGlyphFound(r)
  })

  it('sets every later line the same (three lines: 1 : 0.55 : 0.55)', () => {
    const r = render('NEW ARRIVAL\nHANDMADE IN SEOUL\nFREE DELIVERY')
    const bands = inkBands(r)
    expect(bands).toHaveLength(3)
    // Round letters (O, S) overshoot the flat ones by a pixel or two.
    expect(Math.abs(bands[1] - bands[2])).toBeLessThanOrEqual(2)
    expect(bands[1] / bands[0]).toBeGreaterThan(0.52)
    expect(bands[1] / bands[0]).toBeLessThan(0.58)
    expect(r.hierarchy.linePx[1]).toBe(r.hierarchy.linePx[2])
  })

  it('Korean copy: the sub-copy ink is 0.5-0.6 of the headline ink', () => {
    const r = render('바나나 특가\n오늘만 무료배송', 'gold')
    const bands = inkBands(r)
    expect(bands).toHaveLength(2)
    expect(bands[1] / bands[0]).toBeGreaterThan(0.5)
    expect(bands[1] / bands[0]).toBeLessThan(0.6)
    everyGlyphFound(r)
  })

  it('sets the sub-copy in a lighter face of the family, or the same face when there is none', () => {
    const cases: [string, string][] = [
      ['Pretendard/Pretendard-ExtraBold.otf', 'Pretendard/Pretendard-Medium.otf'],
      ['Pretendard/Pretendard-Bold.otf', 'Pretendard/Pretendard-Regular.otf'],
      ['Pretendard/Pretendard-Light.otf', 'Pretendard/Pretendard-Light.otf'],
      ['NanumGothic/NanumGothicExtraBold.ttf', 'NanumGothic/NanumGothic.ttf'],
      ['Sunflower/Sunflower-Bold.ttf', 'Sunflower/Sunflower-Medium.ttf'],
      ['BlackHanSans/BlackHanSans-Regular.ttf', 'BlackHanSans/BlackHanSans-Regular.ttf'],
      ['BebasNeue/BebasNeue-Regular.ttf', 'BebasNeue/BebasNeue-Regular.ttf'],
    ]
    for (const [head, sub] of cases) expect(lighterFace(findBundled(head)!).name, head).toBe(sub)
    const r = render('Summer Sale\nFresh and ripe')
    expect(r.font.name).toBe('Pretendard/Pretendard-ExtraBold.otf')
    expect(r.hierarchy.subCopyFont).toBe('Pretendard/Pretendard-Medium.otf')
    expect(new Set(r.glyphs.filter((g) => g.size < r.fontSize).map((g) => g.font))).toEqual(new Set(['Pretendard/Pretendard-Medium.otf']))
  })

  it('keeps the sub-copy cap height at 2.2% of the short side or more on a banner (14 px at 1200x628)', () => {
    const s = runStep2({ text: '가을 신상 컬렉션 출시 기념 특별 할인 행사\n전 품목 무료배송', fontName: null, stylePrompt: '', styleId: 'gold', canvas: { width: 1200, height: 628 }, seed: 1 })
    expect(s.info.hierarchy.subCopyCapPx).toBeGreaterThanOrEqual(14)
    // and the step-2 headline stays above the layout's minimum (4% of 628 = 26 px)
    expect(s.info.hierarchy.headlineCapPx).toBeGreaterThanOrEqual(26)
  })

  it('a one-line copy renders as before the hierarchy (layer sizes from the previous engine, within 1 px)', () => {
    const before: [string, string, number, number, number, number][] = [
      ['NEW 신상 바나나 SALE', 'gold', 1080, 1080, 882, 106],
      ['맛있는 바나나', 'clean', 1080, 1080, 879, 182],
      ['banana 특가 세일', 'retro-3d', 1080, 1080, 887, 108],
      ['가을 신상 컬렉션 출시 기념 할인 행사', 'gold', 1200, 628, 541, 164],
      ['NEW 신상 바나나 SALE', 'retro-3d', 1200, 628, 539, 204],
      ['맛있는 바나나', 'retro-3d', 1200, 628, 328, 258],
      ['가을 신상 컬렉션 출시 기념 할인 행사', 'clean', 1080, 1920, 890, 266],
    ]
    for (const [text, styleId, w, h, lw, lh] of before) {
      const s = runStep2({ text, fontName: null, stylePrompt: '', styleId, canvas: { width: w, height: h }, seed: 7 })
      expect(Math.abs(s.layer.width - lw), `${text} ${styleId} ${w}x${h} width`).toBeLessThanOrEqual(1)
      expect(Math.abs(s.layer.height - lh), `${text} ${styleId} ${w}x${h} height`).toBeLessThanOrEqual(1)
      expect(s.info.hierarchy.subCopyPx).toBeNull()
    }
  })
})

describe('prices and percentages', () => {
  it('finds prices and percentages in Korean and English copy', () => {
    const found = (t: string): string[] => findPrices(t).map(([a, b]) => t.slice(a, b))
    expect(found('오늘만 50% 세일 29,900원 ₩39,900 $19.99 3만원')).toEqual(['50%', '29,900원', '₩39,900', '$19.99', '3만원'])
    expect(found('1+1 NEW 2/17')).toEqual([])
    expect(isPriceLine('29,900원')).toBe(true)
    expect(isPriceLine('Now $19.99')).toBe(false)
  })

  it('states which styles use a badge', () => {
    const badge = STYLE_IDS.filter((id) => priceEmphasis(id) === 'badge')
    expect(badge.sort()).toEqual(['candy', 'clean', 'foil-balloon', 'outline-pop', 'retro-3d'])
  })

  for (const styleId of ['clean', 'retro-3d', 'candy']) {
    it(`${styleId}: a price gets a badge, filled with the badge colour between its letters`, () => {
      const r = render('Fresh Bananas\nNow $19.99', styleId)
      expect(r.hierarchy.badge).toBe(true)
      expect(r.hierarchy.badges).toEqual(['$19.99'])
      everyGlyphFound(r)
      // The badge colour shows in the layer outside the letters: count opaque pixels of that colour.
      const want = badgeColor(pickStyle(undefined, styleId).style.face.stops)
      const [wr, wg, wb] = [1, 3, 5].map((i) => parseInt(want.slice(i, i + 2), 16))
      let hits = 0
      for (let p = 0; p < r.face.length; p++) {
        const d = r.layer.data
        if (r.face[p] === 0 && d[p * 4 + 3] === 255 && Math.abs(d[p * 4] - wr) + Math.abs(d[p * 4 + 1] - wg) + Math.abs(d[p * 4 + 2] - wb) < 12) hits++
      }
      expect(hits).toBeGreaterThan(200)
    })
  }

  it('no badge without a price, nor in the other styles', () => {
    expect(render('Fresh Bananas\nOrganic and sweet', 'clean').hierarchy.badge).toBe(false)
    for (const styleId of ['gold', 'chrome', 'neon', 'marble', 'wood']) {
      const r = render('Fresh Bananas\nNow $19.99', styleId)
      expect(r.hierarchy.badge, styleId).toBe(false)
      expect(r.hierarchy.priceEmphasis).toBe('larger')
    }
  })

  it('gold: a price-only sub-copy line is set larger (0.8 of the headline cap height, from the ink)', () => {
    const r = render('SUMMER SALE\n50%', 'gold')
    const [head, price] = inkBands(r)
    expect(price / head).toBeGreaterThan(0.74)
    expect(price / head).toBeLessThan(0.86)
    const plain = render('SUMMER SALE\nTODAY', 'gold')
    const [h2, sub] = inkBands(plain)
    expect(sub / h2).toBeLessThan(0.6)
    everyGlyphFound(r)
  })

  it('records the hierarchy for job.json (step 2 info)', () => {
    const s = runStep2({ text: '바나나 특가\n오늘만 29,900원', fontName: null, stylePrompt: '', styleId: 'clean', canvas: { width: 1080, height: 1080 }, seed: 7 })
    const h = s.info.hierarchy
    expect(h.headlinePx).toBe(s.info.fontSize)
    expect(h.subCopyPx).toBeGreaterThan(0)
    expect(h.subCopyPx!).toBeLessThan(h.headlinePx)
    expect(h.badge).toBe(true)
    expect(h.badges).toEqual(['29,900원'])
    expect(h.linePx).toHaveLength(s.info.lines.length)
  })
})
