/**
 * Prompt words (English and Korean) → look ids, colour tints and mood modifiers.
 *
 * English terms match whole words (optionally plural) so "red" does not fire inside "bored";
 * Korean terms match as substrings because Korean glues particles to nouns ("대리석위에") and
 * prompts often omit spaces. Longer terms claim their span first, so "밤색" (chestnut brown) is a
 * colour and not "밤" (night), and "눈꽃" (snowflake) is snow and not "꽃" (flower).
 */
import type { Rgb } from './scene-types'
import { hex } from './palette'

export interface LookWords {
  look: string
  /** Strong words select the look outright. */
  words: string[]
  /** Weak words (e.g. "table", "warm") only win when nothing stronger is named. */
  weak?: string[]
}

export const LOOK_WORDS: readonly LookWords[] = [
  { look: 'marble', words: ['marble', 'marbled', '대리석', '마블'] },
  {
    look: 'wood',
    words: ['wood', 'wooden', 'oak', 'walnut', 'timber', '나무', '원목', '우드', '목재'],
    weak: ['table', 'desk', 'cafe', 'café', 'coffee shop', '테이블', '식탁', '책상', '카페'],
  },
  { look: 'kitchen', words: ['kitchen', 'countertop', 'cooking', '주방', '부엌', '키친', '조리대'] },
  { look: 'beach', words: ['beach', 'sea', 'ocean', 'seaside', 'sand', 'sandy', 'shore', '해변', '바다', '모래', '해수욕장', '바닷가'], weak: ['summer', '여름'] },
  { look: 'snow', words: ['snow', 'snowy', 'winter', 'frost', 'frosty', 'ice', '눈', '겨울', '설경', '눈꽃', '얼음'] },
  { look: 'neon', words: ['neon', 'night', 'nightlife', 'cyberpunk', 'club', '네온', '밤', '야경', '사이버펑크', '클럽'] },
  { look: 'pastel', words: ['pastel', 'pastels', '파스텔'] },
  { look: 'luxury', words: ['luxury', 'luxurious', 'premium', 'elegant', 'high-end', 'prestige', '고급', '럭셔리', '프리미엄', '명품', '고급스러운'] },
  {
    look: 'holiday',
    words: ['holiday', 'holidays', 'christmas', 'xmas', 'festive', 'new year', 'lunar new year', 'chuseok', 'seollal',
      '명절', '설날', '추석', '크리스마스', '성탄', '연말', '새해'],
    weak: ['gift', 'present', '선물'],
  },
  {
    look: 'nature',
    words: ['nature', 'natural', 'forest', 'garden', 'leaf', 'leaves', 'plant', 'botanical', 'jungle', 'outdoor', 'outdoors', 'greenery',
      'picnic', 'park', 'grass', 'lawn', 'meadow', 'camping',
      '자연', '숲', '정원', '나뭇잎', '식물', '잎', '야외', '풀잎', '피크닉', '공원', '잔디', '캠핑'],
  },
  { look: 'concrete', words: ['concrete', 'cement', 'industrial', 'urban', 'loft', 'brutalist', '콘크리트', '시멘트', '인더스트리얼', '노출콘크리트'] },
  { look: 'linen', words: ['linen', 'fabric', 'cloth', 'textile', 'cotton', 'canvas', '린넨', '리넨', '패브릭', '원단', '직물', '면직물'] },
  {
    look: 'sunset',
    words: ['sunset', 'sunrise', 'dusk', 'golden hour', 'twilight', '노을', '석양', '일몰', '황혼', '해질녘', '일출'],
    weak: ['warm', '따뜻', '따스한', '웜톤'],
  },
  { look: 'spring', words: ['spring', 'flower', 'floral', 'blossom', 'cherry blossom', 'bloom', '봄', '꽃', '벚꽃', '플라워', '꽃잎'] },
  {
    look: 'drape',
    words: ['drape', 'draped', 'drapery', 'draping', 'fabric drape', 'silk', 'satin', 'curtain', 'folds', 'folded fabric',
      '드레이프', '패브릭 드레이프', '실크', '새틴', '커튼', '천 주름', '주름진 천'],
  },
  {
    look: 'tabletop',
    words: ['tabletop', 'table top', 'blurred background', 'blurred horizon', 'horizon', 'bokeh', 'out of focus', 'terrace', 'balcony',
      '아웃포커스', '보케', '배경 흐림', '흐린 배경', '지평선', '수평선', '테라스', '발코니'],
  },
  { look: 'terrazzo', words: ['terrazzo', '테라조'] },
  { look: 'acrylic', words: ['acrylic', 'glossy', 'gloss', 'mirror', 'reflective', 'reflection', '아크릴', '유광', '광택', '반사', '거울'] },
  { look: 'gradient', words: ['gradient', 'ombre', '그라데이션', '그라디언트', '그러데이션'] },
  {
    look: 'studio',
    words: ['studio', 'minimal', 'minimalist', 'seamless', '스튜디오', '미니멀', '심플', '깔끔'],
    weak: ['white', 'clean', 'simple', 'plain', '화이트', '흰', '하얀', '흰색', '흰 배경'],
  },
]

export interface ColorWord {
  color: Rgb
  words: string[]
  /** How strongly the word also sets lightness (black and white are mostly about lightness). */
  lightness: number
}

export const COLOR_WORDS: readonly ColorWord[] = [
  { color: hex('#e89aae'), lightness: 0.3, words: ['pink', 'rose', '분홍', '핑크', '분홍색', '장미'] },
  { color: hex('#c8312f'), lightness: 0.3, words: ['red', 'crimson', '빨간', '빨강', '빨간색', '레드', '붉은'] },
  { color: hex('#ee8a3a'), lightness: 0.3, words: ['orange', '주황', '주황색', '오렌지'] },
  { color: hex('#f0cf4a'), lightness: 0.3, words: ['yellow', '노란', '노랑', '노란색', '옐로'] },
  { color: hex('#5c9a52'), lightness: 0.3, words: ['green', '초록', '녹색', '초록색', '그린'] },
  { color: hex('#8fd3bd'), lightness: 0.3, words: ['mint', '민트'] },
  { color: hex('#2b9a9a'), lightness: 0.3, words: ['teal', 'turquoise', '청록', '청록색'] },
  { color: hex('#3f7fd0'), lightness: 0.3, words: ['blue', '파란', '파랑', '파란색', '블루', '푸른'] },
  { color: hex('#9ccbea'), lightness: 0.3, words: ['sky blue', 'skyblue', '하늘색'] },
  { color: hex('#23365e'), lightness: 0.6, words: ['navy', '남색', '네이비'] },
  { color: hex('#8a5cc4'), lightness: 0.3, words: ['purple', 'violet', '보라', '보라색', '퍼플'] },
  { color: hex('#c6b5e6'), lightness: 0.3, words: ['lavender', 'lilac', '라벤더', '연보라'] },
  { color: hex('#dccbb0'), lightness: 0.4, words: ['beige', 'sand-colored', '베이지'] },
  { color: hex('#f2ead8'), lightness: 0.5, words: ['cream', 'ivory', '크림', '아이보리'] },
  // Autumn is a colour more than a place: amber foliage, warm wood.
  { color: hex('#c0702e'), lightness: 0.2, words: ['autumn', 'fall foliage', '가을', '단풍'] },
  { color: hex('#8a5a3c'), lightness: 0.4, words: ['brown', 'chocolate', '갈색', '브라운', '밤색'] },
  { color: hex('#ef8c78'), lightness: 0.3, words: ['coral', 'peach', '코랄', '피치', '복숭아'] },
  { color: hex('#c9a45c'), lightness: 0.3, words: ['gold', 'golden', '금색', '골드', '황금'] },
  { color: hex('#b9bcc2'), lightness: 0.4, words: ['silver', '은색', '실버'] },
  { color: hex('#8e8e8e'), lightness: 0.3, words: ['grey', 'gray', '회색', '그레이'] },
  { color: hex('#1a1a1a'), lightness: 0.85, words: ['black', '검은', '검정', '검정색', '블랙'] },
  { color: hex('#f7f7f7'), lightness: 0.7, words: ['white', '흰', '하얀', '흰색', '화이트'] },
]

export type ModifierId = 'dark' | 'bright' | 'soft' | 'dramatic'

export const MODIFIER_WORDS: Readonly<Record<ModifierId, string[]>> = {
  dark: ['dark', 'moody', 'low-key', '어두운', '다크', '무드'],
  bright: ['bright', 'airy', 'high-key', '밝은', '화사한', '화사'],
  soft: ['soft', 'dreamy', 'gentle', '부드러운', '은은한', '몽환'],
  dramatic: ['dramatic', 'contrast', 'spotlight', '드라마틱', '강렬한', '스포트라이트'],
}

export interface LookHit {
  id: string
  score: number
  /** Character index of the first hit, to break ties in prompt order. */
  first: number
  /** Start index of every hit. */
  indices: number[]
  words: string[]
}

export interface PromptMatch {
  looks: LookHit[]
  colors: { word: string; color: Rgb; lightness: number; index: number; end: number }[]
  modifiers: Set<ModifierId>
  /** Every matched term in prompt order. */
  words: string[]
  /** A table-like word was named: the scene needs a tabletop edge, not a paper sweep. */
  table: boolean
  tableWords: string[]
  modifierWords: string[]
}

type TermKind =
  | { type: 'look'; id: string; weight: number }
  | { type: 'color'; c: ColorWord }
  | { type: 'mod'; id: ModifierId }
  | { type: 'gobo' }

/**
 * Gobo phrases (gobo.ts) claim their words before any look: "leaf shadows" is light through leaves
 * on any set, not the garden look that "leaf" alone selects.
 */
const GOBO_PHRASES = [
  'leaf shadow', 'leaves shadow', 'foliage shadow', 'dappled', 'dappled light', 'window light', 'window shadow', 'sunlit window',
  'window frame', 'gobo', '나뭇잎 그림자', '나뭇잎그림자', '잎 그림자', '잎그림자',
]

interface Term {
  text: string
  /** One text can mean several things: "white" is both the studio look and a colour. */
  kinds: TermKind[]
  hangul: boolean
}

const TABLE_WORDS = new Set(['table', 'tabletop', 'desk', '테이블', '식탁', '책상', 'countertop', '조리대'])

function buildTerms(): Term[] {
  const byText = new Map<string, Term>()
  const add = (raw: string, kind: TermKind) => {
    const text = raw.toLowerCase()
    const t = byText.get(text) ?? { text, kinds: [], hangul: /[\u3131-\uD79D]/.test(text) }
    t.kinds.push(kind)
    byText.set(text, t)
  }
  for (const lw of LOOK_WORDS) {
    for (const w of lw.words) add(w, { type: 'look', id: lw.look, weight: 1 })
    for (const w of lw.weak ?? []) add(w, { type: 'look', id: lw.look, weight: 0.45 })
  }
  for (const c of COLOR_WORDS) for (const w of c.words) add(w, { type: 'color', c })
  for (const [id, words] of Object.entries(MODIFIER_WORDS) as [ModifierId, string[]][]) for (const w of words) add(w, { type: 'mod', id })
  for (const w of GOBO_PHRASES) add(w, { type: 'gobo' })
  // Longest first so that compounds claim their characters before their parts.
  return [...byText.values()].sort((a, b) => b.text.length - a.text.length)
}

const TERMS = buildTerms()

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[a-z0-9]/.test(ch)
}

/** End index of an English whole-word hit at `at` (allowing a plural s/es), or -1. */
function latinHitEnd(text: string, term: string, at: number): number {
  if (isWordChar(text[at - 1])) return -1
  const end = at + term.length
  if (!isWordChar(text[end])) return end
  if (text[end] === 's' && !isWordChar(text[end + 1])) return end + 1
  if (text.startsWith('es', end) && !isWordChar(text[end + 2])) return end + 2
  return -1
}

export function matchPrompt(prompt: string): PromptMatch {
  const text = (prompt ?? '').normalize('NFC').toLowerCase()
  const claimed = new Uint8Array(text.length)
  const hits: { term: Term; index: number }[] = []
  for (const term of TERMS) {
    let from = 0
    for (;;) {
      const at = text.indexOf(term.text, from)
      if (at < 0) break
      from = at + 1
      const end = term.hangul ? at + term.text.length : latinHitEnd(text, term.text, at)
      if (end < 0) continue
      let free = true
      for (let i = at; i < end; i++) if (claimed[i]) { free = false; break }
      if (!free) continue
      claimed.fill(1, at, end)
      hits.push({ term, index: at })
    }
  }
  hits.sort((a, b) => a.index - b.index)

  const byLook = new Map<string, LookHit>()
  const colors: PromptMatch['colors'] = []
  const modifiers = new Set<ModifierId>()
  const words: string[] = []
  const tableWords: string[] = []
  const modifierWords: string[] = []
  for (const { term, index } of hits) {
    words.push(term.text)
    if (TABLE_WORDS.has(term.text)) tableWords.push(term.text)
    for (const k of term.kinds) {
      if (k.type === 'look') {
        const h = byLook.get(k.id) ?? { id: k.id, score: 0, first: index, indices: [], words: [] }
        h.score += k.weight
        h.indices.push(index)
        h.words.push(term.text)
        byLook.set(k.id, h)
      } else if (k.type === 'color') {
        colors.push({ word: term.text, color: k.c.color, lightness: k.c.lightness, index, end: index + term.text.length })
      } else if (k.type === 'mod') {
        modifiers.add(k.id)
        modifierWords.push(term.text)
      }
    }
  }
  const looks = [...byLook.values()].sort((a, b) => b.score - a.score || a.first - b.first)
  return { looks, colors, modifiers, words, table: tableWords.length > 0, tableWords, modifierWords }
}
