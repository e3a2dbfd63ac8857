import { describe, expect, it } from 'vitest'
import { pickStyle, StyleIdError } from '../../../src/main/engine/steps/text/style-from-prompt'
import { STYLE_IDS } from '../../../src/main/engine/steps/text/style-presets'

describe('pickStyle', () => {
  const cases: [string, string, string?][] = [
    ['gold metallic 3D text', 'gold'],
    ['gold metallic text with glossy surface', 'gold'],
    ['silver metallic 3D text with shadow and reflection', 'silver'],
    ['chrome reflective text with mirror finish', 'chrome'],
    ['stone carved text with rough texture', 'stone-carved'],
    ['neon glowing text with pink and blue colors', 'neon', '#ff4fa3'],
    ['rose gold luxury', 'rose-gold'],
    ['금색 입체 글씨', 'gold'],
    ['은색 메탈', 'silver'],
    ['크롬 글자', 'chrome'],
    ['로즈골드 느낌으로', 'rose-gold'],
    ['분홍색 네온사인', 'neon', '#ff4fa3'],
    ['원목 나무 간판', 'wood'],
    ['돌에 새긴 글씨', 'stone-carved'],
    ['고급스러운 대리석', 'marble'],
    ['빨간 사탕 같은 글씨', 'candy', '#e8202a'],
    ['파란 풍선', 'foil-balloon', '#2f6bff'],
    ['투명한 유리', 'glass'],
    ['레트로 80s', 'retro-3d'],
    ['팝아트 만화 스타일', 'outline-pop'],
    ['칠판에 분필 손글씨', 'chalk'],
    ['green candy', 'candy', '#1fb85a'],
    ['', 'gold'],
    ['nice text', 'gold'],
  ]
  for (const [prompt, id, color] of cases) {
    it(`${JSON.stringify(prompt)} → ${id}${color ? ` in ${color}` : ''}`, () => {
      const p = pickStyle(prompt)
      expect(p.id).toBe(id)
      if (color) expect(p.color).toBe(color)
      expect(p.style.id).toBe(id)
    })
  }

  it('lets "rose gold" win over the "gold" inside it', () => {
    expect(pickStyle('rose gold').matchedWords).toEqual(['rose gold'])
  })

  it('makes a metal word the colour of a shape ("gold balloon")', () => {
    const p = pickStyle('gold balloon')
    expect(p.id).toBe('foil-balloon')
    expect(p.color).toBe('#e9b43c')
  })

  it('matches English as whole words only', () => {
    const p = pickStyle('textured wooden sign')
    expect(p.id).toBe('wood')
    expect(p.color).toBeUndefined()
    expect(p.matchedWords).toEqual(['wooden'])
  })

  it('reports the words it used and applies intensity and flatness', () => {
    const bold = pickStyle('bold pink neon')
    expect(bold.matchedWords).toEqual(['bold', 'pink', 'neon'])
    const normal = pickStyle('pink neon')
    const subtle = pickStyle('은은한 핑크 네온')
    expect(bold.style.glows[2].alpha).toBeGreaterThan(normal.style.glows[2].alpha)
    expect(subtle.style.glows[2].alpha).toBeLessThan(normal.style.glows[2].alpha)
    expect(pickStyle('flat gold').style.extrusion?.depth).toBe(0)
    expect(pickStyle('gold').style.extrusion?.depth).toBeGreaterThan(0)
  })

  it('uses a second colour for the neon outer glow', () => {
    const p = pickStyle('neon pink and blue')
    expect(p.style.glows[0].color).not.toBe(p.style.glows[2].color)
  })

  it('takes an explicit style id over the prompt, keeping the prompt colour', () => {
    const p = pickStyle('빨간 금색', 'candy')
    expect(p.id).toBe('candy')
    expect(p.color).toBe('#e8202a')
    for (const id of STYLE_IDS) expect(pickStyle('gold', id).id).toBe(id)
    expect(() => pickStyle('gold', 'sparkly')).toThrow(StyleIdError)
  })
})
