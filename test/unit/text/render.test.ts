import { describe, expect, it } from 'vitest'
import { renderTextLayer, type TextLayerResult } from '../../../src/main/engine/steps/text/render-text-layer'
import { STYLE_IDS } from '../../../src/main/engine/steps/text/style-presets'

const TEXT = '맛있는 바나나 50% 할인'

/** Mean colour of the solid pixels in six horizontal bands, plus coverage: a coarse fingerprint of a look. */
function signature(r: TextLayerResult): number[] {
  const { width, height, data } = r.layer
  const bands = 6
  const sums = Array.from({ length: bands }, () => [0, 0, 0, 0])
  let semi = 0
  for (let y = 0; y < height; y++) {
    const b = sums[Math.min(bands - 1, Math.floor((y * bands) / height))]
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4
      if (data[i + 3] > 200) {
        b[0] += data[i]
        b[1] += data[i + 1]
        b[2] += data[i + 2]
        b[3]++
      } else if (data[i + 3] > 10) semi++
    }
  }
  const solid = sums.reduce((s, b) => s + b[3], 0)
  return [...sums.flatMap((b) => [b[0], b[1], b[2]].map((v) => v / Math.max(1, b[3]) / bands)), (255 * solid) / (width * height), (255 * semi) / (width * height)]
}

describe('style presets', () => {
  const renders = new Map(STYLE_IDS.map((id) => [id, renderTextLayer({ text: TEXT, styleId: id, maxWidth: 600, maxHeight: 240 })]))

  it('has at least 14 presets', () => {
    expect(STYLE_IDS.length).toBeGreaterThanOrEqual(14)
    for (const id of ['gold', 'silver', 'chrome', 'rose-gold', 'neon', 'wood', 'stone-carved', 'marble', 'candy', 'foil-balloon', 'glass', 'retro-3d', 'outline-pop', 'chalk']) {
      expect(STYLE_IDS).toContain(id)
    }
  })

  it('every preset renders visible letters with real transparency around them', () => {
    for (const [id, r] of renders) {
      const { width, height, data } = r.layer
      let opaque = 0
      let clear = 0
      for (let i = 3; i < data.length; i += 4) {
        if (data[i] > 128) opaque++
        if (data[i] === 0) clear++
      }
      expect(r.style.id).toBe(id)
      expect(opaque / (width * height), id).toBeGreaterThan(0.08)
      expect(clear / (width * height), id).toBeGreaterThan(0.05)
      expect(r.lines.join(' ')).toBe(TEXT)
      expect(width).toBeLessThanOrEqual(600)
      expect(height).toBeLessThanOrEqual(240)
      // Every edge pixel row/column of a tight layer has something in it.
      const colHas = (x: number) => { for (let y = 0; y < height; y++) if (data[(y * width + x) * 4 + 3]) return true; return false }
      expect(colHas(0) && colHas(width - 1), id).toBe(true)
    }
  })

  it('every preset looks different from every other', () => {
    const ids = [...renders.keys()]
    const sigs = ids.map((id) => signature(renders.get(id)!))
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const d = sigs[i].reduce((s, v, k) => s + Math.abs(v - sigs[j][k]), 0)
        expect(d, `${ids[i]} vs ${ids[j]}`).toBeGreaterThan(20)
      }
    }
  })

  it('glass is see-through and neon glows beyond its letters', () => {
    const glass = renders.get('glass')!.layer.data
    let partial = 0
    let solid = 0
    for (let i = 3; i < glass.length; i += 4) {
      if (glass[i] > 40 && glass[i] < 200) partial++
      if (glass[i] > 200) solid++
    }
    expect(partial).toBeGreaterThan(solid)
    const neon = renders.get('neon')!
    const [gx, gy, gw, gh] = neon.glyphBox
    expect(gx).toBeGreaterThan(neon.fontSize * 0.15)
    expect(gy).toBeGreaterThan(neon.fontSize * 0.15)
    expect(neon.layer.width - gx - gw).toBeGreaterThan(neon.fontSize * 0.15)
    expect(neon.layer.height - gy - gh).toBeGreaterThan(neon.fontSize * 0.15)
  })
})

describe('renderTextLayer', () => {
  it('is deterministic: same request, same pixels and edges', () => {
    for (const styleId of ['gold', 'wood', 'chalk', 'foil-balloon']) {
      const a = renderTextLayer({ text: TEXT, styleId, maxWidth: 500, maxHeight: 200, seed: 7 })
      const b = renderTextLayer({ text: TEXT, styleId, maxWidth: 500, maxHeight: 200, seed: 7 })
      expect(Buffer.from(a.layer.data).equals(Buffer.from(b.layer.data)), styleId).toBe(true)
      expect(Buffer.from(a.edges).equals(Buffer.from(b.edges))).toBe(true)
    }
  })

  it('the seed only changes procedural textures', () => {
    const w1 = renderTextLayer({ text: 'Wood', styleId: 'wood', maxWidth: 400, maxHeight: 200, seed: 1 })
    const w2 = renderTextLayer({ text: 'Wood', styleId: 'wood', maxWidth: 400, maxHeight: 200, seed: 2 })
    expect(Buffer.from(w1.layer.data).equals(Buffer.from(w2.layer.data))).toBe(false)
    const g1 = renderTextLayer({ text: 'Gold', styleId: 'gold', maxWidth: 400, maxHeight: 200, seed: 1 })
    const g2 = renderTextLayer({ text: 'Gold', styleId: 'gold', maxWidth: 400, maxHeight: 200, seed: 2 })
    expect(Buffer.from(g1.layer.data).equals(Buffer.from(g2.layer.data))).toBe(true)
  })

  it('records fallbacks when the chosen font lacks a character, and still draws it', () => {
    const r = renderTextLayer({ text: 'SALE 세일', fontName: 'BebasNeue/BebasNeue-Regular.ttf', styleId: 'clean', maxWidth: 600, maxHeight: 200 })
    expect(r.font).toEqual({ name: 'BebasNeue/BebasNeue-Regular.ttf', family: 'Bebas Neue' })
    expect(r.fallbacks.map((f) => f.char)).toEqual(['세', '일'])
    expect(r.fallbacks[0].font).toMatch(/^Pretendard\//)
    expect(r.missing).toEqual([])
    // The Hangul half has real ink: compare with the Latin-only render.
    const latin = renderTextLayer({ text: 'SALE', fontName: 'BebasNeue/BebasNeue-Regular.ttf', styleId: 'clean', maxWidth: 600, maxHeight: 200 })
    expect(r.glyphBox[2] / r.glyphBox[3]).toBeGreaterThan((latin.glyphBox[2] / latin.glyphBox[3]) * 1.6)
  })

  it('refuses characters that no font has, naming them (never a layer with a box or a gap)', () => {
    expect(() => renderTextLayer({ text: '바나나 🍌', styleId: 'clean', maxWidth: 600, maxHeight: 200 })).toThrow(/^text_content: "🍌" \(U\+1F34C\)/)
  })

  it('uses the style font unless font_name says otherwise', () => {
    expect(renderTextLayer({ text: '분필', styleId: 'chalk', maxWidth: 300, maxHeight: 150 }).font.name).toBe('NanumPenScript/NanumPenScript.ttf')
    expect(renderTextLayer({ text: '분필', styleId: 'chalk', fontName: 'DoHyeon/DoHyeon-Regular.ttf', maxWidth: 300, maxHeight: 150 }).font.name).toBe('DoHyeon/DoHyeon-Regular.ttf')
  })

  it('returns an edge map of the layer size, 0/255, tracing the letters', () => {
    const r = renderTextLayer({ text: TEXT, styleId: 'gold', maxWidth: 600, maxHeight: 240 })
    expect(r.edges.length).toBe(r.layer.width * r.layer.height)
    const on = r.edges.filter((v) => v === 255).length
    expect(r.edges.every((v) => v === 0 || v === 255)).toBe(true)
    expect(on / r.edges.length).toBeGreaterThan(0.02)
    expect(on / r.edges.length).toBeLessThan(0.35)
  })

  it('rejects unusable sizes', () => {
    expect(() => renderTextLayer({ text: 'a', maxWidth: 0, maxHeight: 100 })).toThrow(RangeError)
    expect(() => renderTextLayer({ text: 'a', maxWidth: 100, maxHeight: 99999 })).toThrow(RangeError)
  })

})
