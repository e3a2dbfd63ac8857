import { describe, expect, it } from 'vitest'
import { portInUse } from '../../src/renderer/lib/api-port'
import { listboxKeyTarget, radioKeyTarget, typeAheadMatch } from '../../src/renderer/lib/list-keys'
import { placePopup } from '../../src/renderer/lib/popup-placement'
import { hardwareLine, PLAIN_MODELS } from '../../src/renderer/ui/models/plain-words'
import catalog from '../../models/catalog.json'

describe('radio group keys (WAI-ARIA radio group)', () => {
  it('arrows move with wrap-around, Home/End jump, other keys do nothing', () => {
    expect(radioKeyTarget('ArrowRight', 0, 5)).toBe(1)
    expect(radioKeyTarget('ArrowDown', 4, 5)).toBe(0)
    expect(radioKeyTarget('ArrowLeft', 0, 5)).toBe(4)
    expect(radioKeyTarget('ArrowUp', 3, 5)).toBe(2)
    expect(radioKeyTarget('Home', 3, 5)).toBe(0)
    expect(radioKeyTarget('End', 1, 5)).toBe(4)
    expect(radioKeyTarget('Enter', 1, 5)).toBeNull()
    expect(radioKeyTarget('ArrowRight', 0, 0)).toBeNull()
  })
})

describe('listbox keys (WAI-ARIA listbox)', () => {
  it('Up/Down stop at the ends, Page keys move ten, Home/End jump', () => {
    expect(listboxKeyTarget('ArrowDown', 0, 20)).toBe(1)
    expect(listboxKeyTarget('ArrowDown', 19, 20)).toBe(19)
    expect(listboxKeyTarget('ArrowUp', 0, 20)).toBe(0)
    expect(listboxKeyTarget('PageDown', 15, 20)).toBe(19)
    expect(listboxKeyTarget('PageDown', 2, 20)).toBe(12)
    expect(listboxKeyTarget('PageUp', 5, 20)).toBe(0)
    expect(listboxKeyTarget('Home', 7, 20)).toBe(0)
    expect(listboxKeyTarget('End', 7, 20)).toBe(19)
    expect(listboxKeyTarget('a', 7, 20)).toBeNull()
  })

  const labels = ['Default font', 'NanumGothic', 'NanumGothicBold', 'NanumMyeongjo', 'Pretendard-Bold', 'Pretendard-Regular']
  it('type-ahead finds the first label with the typed start, ignoring case, and refines as letters come', () => {
    expect(typeAheadMatch(labels, 'p', 0)).toBe(4)
    expect(typeAheadMatch(labels, 'nanumm', 0)).toBe(3)
    expect(typeAheadMatch(labels, 'NanumG', 0)).toBe(1)
    // More letters keep the current option when it still matches.
    expect(typeAheadMatch(labels, 'nanumgothicb', 1)).toBe(2)
    expect(typeAheadMatch(labels, 'x', 0)).toBeNull()
    expect(typeAheadMatch(labels, '', 0)).toBeNull()
  })

  it('one letter pressed again cycles through the labels starting with it', () => {
    expect(typeAheadMatch(labels, 'n', 1)).toBe(2)
    expect(typeAheadMatch(labels, 'nn', 2)).toBe(3)
    expect(typeAheadMatch(labels, 'nnn', 3)).toBe(1)
  })
})

describe('font list placement', () => {
  it('opens below when the wanted height fits there', () => {
    expect(placePopup({ top: 100, bottom: 130 }, 880, 360)).toEqual({ side: 'below', top: 134, maxHeight: 360 })
  })

  it('opens above an anchor near the window bottom, cut to the room there', () => {
    // 880 px window, anchor at 780-810: 58 px below, 768 above.
    expect(placePopup({ top: 780, bottom: 810 }, 880, 360)).toEqual({ side: 'above', top: 780 - 4 - 360, maxHeight: 360 })
    const small = placePopup({ top: 300, bottom: 330 }, 500, 360)
    // 158 px below, 288 above: above, cut to 288, never past the top margin.
    expect(small).toEqual({ side: 'above', top: 8, maxHeight: 288 })
  })

  it('stays inside the window whatever the anchor does', () => {
    for (const [top, h] of [[-50, 600], [0, 300], [590, 600], [900, 880], [400, 120]] as const) {
      const p = placePopup({ top, bottom: top + 30 }, h, 360)
      expect(p.top).toBeGreaterThanOrEqual(8)
      expect(p.top + p.maxHeight).toBeLessThanOrEqual(Math.max(h - 8, 8 + p.maxHeight))
      expect(p.maxHeight).toBeGreaterThan(0)
    }
  })
})

describe('the port in use', () => {
  it('comes from the API address; none when the API is off', () => {
    expect(portInUse('http://127.0.0.1:43123')).toBe(43123)
    expect(portInUse('http://127.0.0.1:8000/')).toBe(8000)
    expect(portInUse('http://localhost')).toBe(80)
    expect(portInUse(null)).toBeNull()
    expect(portInUse('not a url')).toBeNull()
  })
})

describe('models in plain words', () => {
  it('every catalogue model has a plain purpose in both languages and a hardware line with its memory', () => {
    for (const m of catalog.models) {
      const plain = PLAIN_MODELS[m.id]
      expect(plain, m.id).toBeDefined()
      expect(plain.purpose.ko.length).toBeGreaterThan(5)
      expect(plain.purpose.en).not.toMatch(/fp16|fp32|CUDA|execution provider|residual|ONNX/i)
      expect(hardwareLine({ id: m.id, vram_gb: m.vram_gb })).toEqual({ key: `models.needs.${plain.hardware}`, gb: m.vram_gb })
    }
  })

  it('a CUDA-only model says it needs an NVIDIA card; one that runs anywhere says so', () => {
    for (const m of catalog.models) {
      const hw = PLAIN_MODELS[m.id].hardware
      const providers: string[] = m.providers
      if (providers.length === 1 && providers[0] === 'cuda') expect(hw, m.id).toBe('nvidia')
      else expect(hw, m.id).not.toBe('nvidia')
    }
    expect(hardwareLine({ id: 'my-import', vram_gb: 6 })).toEqual({ key: 'models.vram', gb: 6 })
    expect(hardwareLine({ id: 'sd-turbo', vram_gb: null })).toBeNull()
  })
})
