import { describe, expect, it } from 'vitest'
import { COLOR_WORDS, LOOK_WORDS, matchPrompt } from '../../../src/main/engine/steps/background/scene-words'
import { lookIds, resolveLook } from '../../../src/main/engine/steps/background/compose-look'
import { LOOKS, lookById } from '../../../src/main/engine/steps/background/looks'
import { rgbToHsl } from '../../../src/main/engine/steps/background/palette'

const hasHangul = (s: string) => /[\uAC00-\uD7A3]/.test(s)

describe('prompt words → look', () => {
  it('has at least 12 distinct looks and every keyword table entry names a real look', () => {
    expect(new Set(lookIds()).size).toBeGreaterThanOrEqual(12)
    for (const lw of LOOK_WORDS) expect(() => lookById(lw.look)).not.toThrow()
  })

  it('covers every look except the neutral default with both English and Korean words', () => {
    for (const l of LOOKS) {
      if (l.id === 'neutral') continue
      const entry = LOOK_WORDS.find((w) => w.look === l.id)
      expect(entry, l.id).toBeDefined()
      const words = [...entry!.words, ...(entry!.weak ?? [])]
      expect(words.some(hasHangul), `${l.id} needs a Korean word`).toBe(true)
      expect(words.some((w) => !hasHangul(w)), `${l.id} needs an English word`).toBe(true)
    }
  })

  it('maps every single keyword, alone, to its own look', () => {
    for (const lw of LOOK_WORDS) {
      for (const word of [...lw.words, ...(lw.weak ?? [])]) {
        const look = resolveLook(word, 1)
        expect(look.id, `"${word}"`).toBe(lw.look)
        expect(look.matchedWords).toContain(word.toLowerCase())
      }
    }
  })

  it('maps the brief examples', () => {
    const cases: [string, string][] = [
      ['marble', 'marble'], ['대리석', 'marble'], ['나무', 'wood'], ['원목', 'wood'], ['테이블', 'wood'],
      ['wood table', 'wood'], ['주방', 'kitchen'], ['부엌', 'kitchen'], ['해변', 'beach'], ['바다', 'beach'],
      ['눈', 'snow'], ['겨울', 'snow'], ['네온', 'neon'], ['밤', 'neon'], ['파스텔', 'pastel'],
      ['고급', 'luxury'], ['럭셔리', 'luxury'], ['프리미엄', 'luxury'], ['명절', 'holiday'], ['설날', 'holiday'],
      ['추석', 'holiday'], ['christmas', 'holiday'], ['자연', 'nature'], ['숲', 'nature'], ['garden', 'nature'],
      ['콘크리트', 'concrete'], ['industrial', 'concrete'], ['린넨', 'linen'], ['패브릭', 'linen'],
      ['스튜디오', 'studio'], ['미니멀', 'studio'], ['white', 'studio'], ['노을', 'sunset'], ['warm', 'sunset'],
      ['봄', 'spring'], ['꽃', 'spring'], ['flowers', 'spring'], ['terrazzo', 'terrazzo'], ['아크릴', 'acrylic'],
      ['그라데이션', 'gradient'],
    ]
    for (const [prompt, id] of cases) expect(resolveLook(prompt, 3).id, prompt).toBe(id)
  })

  it('is case-insensitive and matches Korean inside unspaced phrases', () => {
    expect(resolveLook('MARBLE Countertop', 1).id).toBe('marble')
    const k = resolveLook('대리석테이블위에 놓인 화장품', 1)
    expect(k.id).toBe('marble')
    expect(k.matchedWords).toEqual(['대리석', '테이블'])
    const spaced = resolveLook('대리석 테이블 위', 1)
    expect(spaced.id).toBe('marble')
    expect(spaced.matchedWords).toEqual(['대리석', '테이블'])
  })

  it('combines a mood with a surface', () => {
    const pm = resolveLook('pastel marble', 5)
    expect(pm.id).toBe('marble')
    expect(pm.matchedWords).toEqual(['pastel', 'marble'])
    expect(pm.floorTexture).toBe('marble')
    // Pastel light, softer than plain marble's.
    expect(pm.light.softness).toBe(lookById('pastel').light.softness)

    const lw = resolveLook('luxury wood', 5)
    expect(lw.id).toBe('wood')
    expect(lw.floorTexture).toBe('wood')
    // Luxury darkens the planks and the wall.
    const plainWood = lookById('wood')
    expect(rgbToHsl(lw.floor[1])[2]).toBeLessThan(rgbToHsl(plainWood.floor[1])[2] - 0.15)
    expect(rgbToHsl(lw.wall[1])[2]).toBeLessThan(0.3)

    const xmas = resolveLook('크리스마스 나무 테이블', 5)
    expect(xmas.id).toBe('wood')
    expect(xmas.bokeh).toBeDefined()
  })

  it('uses whole English words but Korean substrings, longest term first', () => {
    expect(matchPrompt('a bored cat').colors).toHaveLength(0) // "red" inside "bored"
    expect(resolveLook('seaside', 1).id).toBe('beach')
    expect(resolveLook('밤색 배경', 1).id).toBe('neutral') // chestnut brown, not night
    expect(matchPrompt('밤색 배경').colors.map((c) => c.word)).toEqual(['밤색'])
    expect(resolveLook('눈꽃', 1).id).toBe('snow') // snowflake, not flower
    expect(resolveLook('marbles', 1).id).toBe('marble')
  })

  it('reads colour words in both languages', () => {
    for (const cw of COLOR_WORDS) {
      for (const word of cw.words) {
        const m = matchPrompt(`${word} background`)
        expect(m.colors.map((c) => c.word), word).toContain(word.toLowerCase())
      }
    }
    const pink = resolveLook('분홍 배경', 1)
    const [h, s] = rgbToHsl(pink.wall[1])
    expect(s).toBeGreaterThan(0.2)
    expect(Math.min(Math.abs(h - 345), 360 - Math.abs(h - 345))).toBeLessThan(25)
    // A colour right before a material colours the material.
    const blue = resolveLook('blue marble', 1)
    expect(blue.id).toBe('marble')
    expect(Math.abs(rgbToHsl(blue.floor[1])[0] - 214)).toBeLessThan(25)
    const black = resolveLook('검은 대리석', 1)
    expect(rgbToHsl(black.floor[1])[2]).toBeLessThan(0.25)
    expect(rgbToHsl(black.floorAccent)[2]).toBeGreaterThan(0.6)
    // Otherwise it colours the backdrop.
    const blueBg = resolveLook('marble on a blue background', 1)
    expect(Math.abs(rgbToHsl(blueBg.wall[1])[0] - 214)).toBeLessThan(25)
  })

  it('gives the neutral look and no matched words for unknown or empty prompts', () => {
    for (const p of ['', '   ', 'a photo of my product', '제품 사진']) {
      const l = resolveLook(p, 2)
      expect(l.id).toBe('neutral')
      expect(l.matchedWords).toEqual([])
    }
  })

  it('keeps light directions in range and follows each look, mirrored per seed', () => {
    for (const preset of LOOKS) {
      const seen = new Set<boolean>()
      for (let seed = 0; seed < 24; seed++) {
        const l = resolveLook(preset.id === 'neutral' ? '' : preset.id, seed)
        expect(l.azimuth).toBeGreaterThanOrEqual(5)
        expect(l.azimuth).toBeLessThanOrEqual(175)
        const base = preset.light.azimuth
        const near = Math.min(Math.abs(l.azimuth - base), Math.abs(l.azimuth - (180 - base)))
        expect(near, `${preset.id} seed ${seed}`).toBeLessThanOrEqual(8.01)
        expect(l.lightFromLeft).toBe(l.azimuth > 90)
        seen.add(l.lightFromLeft)
      }
      expect(seen.size, `${preset.id} light should come from both sides across seeds`).toBe(2)
    }
  })
})
