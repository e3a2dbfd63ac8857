/**
 * `text_model_prompt` → a preset plus colour and intensity, from keywords in English and Korean.
 * Longer keywords are matched first and consume their words, so "rose gold" is not also "gold".
 * Korean is matched inside words (particles attach: 빨간색으로, 네온사인), English as whole words
 * (so "textured" is not "red").
 */
import { getPreset, STYLE_IDS, STYLE_PRESETS } from './style-presets'
import type { RenderStyle, StylePreset } from './style-types'

export interface PickedStyle {
  id: string
  style: RenderStyle
  matchedWords: string[]
  color?: string
}

export class StyleIdError extends Error {
  readonly field = 'text_style'
  constructor(id: string) {
    super(`text_style "${id}" is not a style preset; use one of: ${STYLE_IDS.join(', ')}`)
    this.name = 'StyleIdError'
  }
}

export const DEFAULT_STYLE_ID = 'gold'

const COLORS: [string, string[], string[]][] = [
  ['#e8202a', ['red', 'crimson', 'scarlet'], ['빨간', '빨강', '레드', '붉은', '적색']],
  ['#ff7a1a', ['orange'], ['주황', '오렌지']],
  ['#ffd400', ['yellow'], ['노란', '노랑', '옐로', '황색']],
  ['#9be22d', ['lime'], ['라임', '연두']],
  ['#1fb85a', ['green'], ['초록', '녹색', '그린']],
  ['#3fe0c5', ['mint'], ['민트']],
  ['#12a5a5', ['teal', 'turquoise'], ['청록', '터키']],
  ['#22d3ee', ['cyan', 'aqua', 'sky blue', 'skyblue'], ['하늘', '스카이', '시안']],
  ['#2f6bff', ['blue', 'cobalt'], ['파란', '파랑', '블루', '청색', '푸른']],
  ['#1b2a6b', ['navy'], ['남색', '네이비']],
  ['#8b3dff', ['purple', 'violet'], ['보라', '퍼플', '바이올렛']],
  ['#ff4fa3', ['pink', 'rose'], ['분홍', '핑크', '장미']],
  ['#ff2fd0', ['magenta', 'fuchsia'], ['자홍', '마젠타']],
  ['#b69cff', ['lavender', 'lilac'], ['라벤더']],
  ['#ff6f61', ['coral', 'peach'], ['코랄', '복숭아', '피치']],
  ['#fff8e7', ['ivory', 'cream'], ['아이보리', '크림']],
  ['#e8d5b0', ['beige'], ['베이지']],
  ['#8b5a2b', ['brown'], ['갈색', '브라운']],
  ['#f8f8f8', ['white'], ['흰', '하얀', '화이트', '백색']],
  ['#1a1a1a', ['black'], ['검은', '검정', '블랙', '흑색']],
]

const STRONG = { en: ['bold', 'strong', 'heavy', 'deep', 'dramatic', 'intense', 'extreme', 'thick', 'vivid', 'vibrant'], ko: ['강한', '강렬', '진한', '두꺼운', '굵은', '화려한', '입체감', '선명'] }
const SUBTLE = { en: ['subtle', 'soft', 'thin', 'gentle', 'delicate', 'faint', 'muted'], ko: ['은은', '부드러운', '얇은', '연한', '약한', '잔잔'] }
const FLAT = { en: ['flat', '2d', 'no extrusion'], ko: ['평면', '납작'] }

interface Hit { word: string; at: number; weight: number }

const regexCache = new Map<string, RegExp>()
function wordRegex(word: string): RegExp {
  let re = regexCache.get(word)
  if (!re) {
    re = new RegExp(`(^|[^a-z0-9])${word.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&')}(s|es)?(?![a-z0-9])`)
    regexCache.set(word, re)
  }
  return re
}

/** Finds `words` in `text`, blanking each match so shorter keywords cannot reuse it. */
function take(state: { text: string }, words: string[], english: boolean): Hit | null {
  let best: Hit | null = null
  for (const w of [...words].sort((a, b) => b.length - a.length)) {
    const needle = w.toLowerCase()
    let at: number
    if (english) {
      const re = wordRegex(needle)
      const m = re.exec(state.text)
      at = m ? m.index + m[1].length : -1
    } else at = state.text.indexOf(needle)
    if (at >= 0 && (!best || at < best.at)) best = { word: w, at, weight: 0 }
  }
  if (best) state.text = state.text.slice(0, best.at) + ' '.repeat(best.word.length) + state.text.slice(best.at + best.word.length)
  return best
}

function findAll(state: { text: string }, words: string[], english: boolean): Hit[] {
  const hits: Hit[] = []
  for (let h = take(state, words, english); h; h = take(state, words, english)) hits.push(h)
  return hits
}

/** Picks a preset from the prompt (or takes `styleId`) and applies the prompt's colours and intensity. */
export function pickStyle(prompt: string | null | undefined, styleId?: string | null): PickedStyle {
  const state = { text: (prompt ?? '').toLowerCase().normalize('NFC') }
  const matched: Hit[] = []

  // Presets: every keyword of every preset, longest first across all presets.
  const all: { preset: StylePreset; word: string; weight: number; english: boolean }[] = []
  for (const p of STYLE_PRESETS) {
    for (const [w, weight] of p.en) all.push({ preset: p, word: w, weight, english: true })
    for (const [w, weight] of p.ko) all.push({ preset: p, word: w, weight, english: false })
  }
  all.sort((a, b) => b.word.length - a.word.length)
  const score = new Map<string, { score: number; first: number }>()
  for (const k of all) {
    const hits = findAll(state, [k.word], k.english)
    for (const h of hits) {
      matched.push({ ...h, weight: k.weight })
      const s = score.get(k.preset.id) ?? { score: 0, first: h.at }
      score.set(k.preset.id, { score: s.score + k.weight, first: Math.min(s.first, h.at) })
    }
  }
  const ranked = [...score.entries()].sort((a, b) => b[1].score - a[1].score || a[1].first - b[1].first)

  // "gold balloon": a metal next to a shape is that shape in the metal's colour.
  let presetId = ranked[0]?.[0] ?? DEFAULT_STYLE_ID
  let metalColor: string | undefined
  const top = getPreset(presetId)!
  if (top.asColor) {
    const other = ranked.find(([id, s]) => !getPreset(id)!.asColor && getPreset(id)!.tintable && s.score >= 2)
    if (other) {
      presetId = other[0]
      metalColor = top.asColor
    }
  }
  if (styleId) {
    if (!getPreset(styleId)) throw new StyleIdError(styleId)
    presetId = styleId
  }
  const preset = getPreset(presetId)!

  const colorHits: { hex: string; hit: Hit }[] = []
  for (const [hex, en, ko] of COLORS) {
    for (const h of [...findAll(state, en, true), ...findAll(state, ko, false)]) colorHits.push({ hex, hit: h })
  }
  colorHits.sort((a, b) => a.hit.at - b.hit.at)
  const colors = colorHits.map((c) => c.hex)
  if (metalColor) colors.unshift(metalColor)

  let intensity = 1
  let depth = 1
  const strong = [...findAll(state, STRONG.en, true), ...findAll(state, STRONG.ko, false)]
  const subtle = [...findAll(state, SUBTLE.en, true), ...findAll(state, SUBTLE.ko, false)]
  const flat = [...findAll(state, FLAT.en, true), ...findAll(state, FLAT.ko, false)]
  if (strong.length > subtle.length) intensity = 1.35
  else if (subtle.length > strong.length) intensity = 0.65
  if (flat.length) depth = 0

  // Metals keep their own colour: "red gold" is still gold.
  const color = preset.tintable ? colors[0] : undefined
  const style = preset.build({ color, color2: colors[1], intensity, depth })
  const words = [...matched, ...colorHits.map((c) => c.hit), ...strong, ...subtle, ...flat].sort((a, b) => a.at - b.at).map((h) => h.word)
  const shown = color ?? preset.defaultColor
  return { id: preset.id, style, matchedWords: words, ...(shown ? { color: shown } : {}) }
}
