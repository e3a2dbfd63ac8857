import type { CompositionMode, TextPosition } from '../../shared/generate-request'

/**
 * What the editor offers as one-click choices. Scene chips insert words the built-in background
 * generator understands (scene-words.ts) in both languages; style ids are the engine's text presets
 * (style-presets.ts), with a CSS swatch so the choice is visible before anything runs.
 */

export interface SceneChip {
  id: string
  ko: string
  en: string
  /** What is added to the prompt (the word the engine matches). */
  word: { ko: string; en: string }
}

export const SCENE_CHIPS: readonly SceneChip[] = [
  { id: 'marble', ko: '대리석', en: 'Marble', word: { ko: '대리석', en: 'marble' } },
  { id: 'wood', ko: '나무', en: 'Wood', word: { ko: '나무', en: 'wood' } },
  { id: 'beach', ko: '해변', en: 'Beach', word: { ko: '해변', en: 'beach' } },
  { id: 'snow', ko: '눈', en: 'Snow', word: { ko: '눈', en: 'snow' } },
  { id: 'neon', ko: '네온', en: 'Neon', word: { ko: '네온', en: 'neon' } },
  { id: 'pastel', ko: '파스텔', en: 'Pastel', word: { ko: '파스텔', en: 'pastel' } },
  { id: 'luxury', ko: '고급', en: 'Luxury', word: { ko: '고급', en: 'luxury' } },
  { id: 'holiday', ko: '명절', en: 'Holiday', word: { ko: '명절', en: 'holiday' } },
  { id: 'nature', ko: '자연', en: 'Nature', word: { ko: '자연', en: 'nature' } },
  { id: 'studio', ko: '스튜디오', en: 'Studio', word: { ko: '스튜디오', en: 'studio' } },
]

/** Adds a chip's word to a prompt, or removes it when it is already there (chips toggle). */
export function toggleSceneWord(prompt: string, word: string): string {
  const parts = prompt.split(',').map((p) => p.trim()).filter(Boolean)
  const i = parts.findIndex((p) => p.toLowerCase() === word.toLowerCase())
  if (i >= 0) parts.splice(i, 1)
  else parts.unshift(word)
  return parts.join(', ')
}

export const promptHasWord = (prompt: string, word: string) =>
  prompt.split(',').some((p) => p.trim().toLowerCase() === word.toLowerCase())

export interface StylePreset {
  id: string
  ko: string
  en: string
  /** CSS background for the swatch. */
  swatch: string
  /** The words sent as text_model_prompt alongside the id (kept for the generative engine). */
  prompt: string
}

export const STYLE_PRESETS: readonly StylePreset[] = [
  { id: 'gold', ko: '골드', en: 'Gold', swatch: 'linear-gradient(180deg,#fff3b0,#e9b43c 45%,#8a5a12)', prompt: 'gold metallic 3D text' },
  { id: 'silver', ko: '실버', en: 'Silver', swatch: 'linear-gradient(180deg,#ffffff,#c4cad3 45%,#5d6673)', prompt: 'silver metallic 3D text' },
  { id: 'rose-gold', ko: '로즈골드', en: 'Rose gold', swatch: 'linear-gradient(180deg,#ffe0d6,#e59b86 50%,#8c4a3c)', prompt: 'rose gold metallic text' },
  { id: 'chrome', ko: '크롬', en: 'Chrome', swatch: 'linear-gradient(180deg,#e8f4ff,#7d8fa3 48%,#1d2733 52%,#c9d6e3)', prompt: 'chrome reflective text' },
  { id: 'neon', ko: '네온', en: 'Neon', swatch: 'radial-gradient(circle,#fff 0 18%,#ff3fbf 40%,#3a0830 75%)', prompt: 'neon pink glowing text' },
  { id: 'wood', ko: '나무 조각', en: 'Carved wood', swatch: 'repeating-linear-gradient(100deg,#8b5a2b 0 4px,#a8743f 4px 9px)', prompt: 'carved wood text' },
  { id: 'stone-carved', ko: '돌 조각', en: 'Stone', swatch: 'linear-gradient(160deg,#b9b4aa,#7b766d)', prompt: 'stone carved text' },
  { id: 'marble', ko: '대리석', en: 'Marble', swatch: 'linear-gradient(135deg,#f7f7f5 40%,#cfcfcf 45%,#f7f7f5 50%,#d8b45a 95%)', prompt: 'marble text with gold trim' },
  { id: 'candy', ko: '캔디', en: 'Candy', swatch: 'linear-gradient(180deg,#ffb3c1,#ff3b5c 55%,#a0102a)', prompt: 'glossy candy plastic text' },
  { id: 'foil-balloon', ko: '호일 풍선', en: 'Foil balloon', swatch: 'linear-gradient(135deg,#ffd1ea,#f06aa8 50%,#9a2c66)', prompt: 'foil balloon text' },
  { id: 'glass', ko: '유리', en: 'Glass', swatch: 'linear-gradient(180deg,rgba(255,255,255,.9),rgba(169,228,255,.6))', prompt: 'clear glass text' },
  { id: 'retro-3d', ko: '레트로', en: 'Retro 3D', swatch: 'linear-gradient(180deg,#ffc93c 60%,#d94f2b 60%)', prompt: 'retro 80s 3D block text' },
  { id: 'outline-pop', ko: '팝 스티커', en: 'Pop sticker', swatch: 'radial-gradient(circle,#ffe14d 55%,#111 57%,#111 66%,#fff 68%)', prompt: 'pop outline sticker text' },
  { id: 'chalk', ko: '분필', en: 'Chalk', swatch: 'linear-gradient(180deg,#3b4a3f,#27332b)', prompt: 'chalk handwriting text' },
  { id: 'clean', ko: '깔끔', en: 'Clean', swatch: 'linear-gradient(180deg,#ffffff,#e6e6e6)', prompt: 'clean text with soft shadow' },
]

export interface SizePreset {
  id: string
  width: number
  height: number
  ko: string
  en: string
}

export const SIZE_PRESETS: readonly SizePreset[] = [
  { id: 'square', width: 1080, height: 1080, ko: '정사각 1080×1080', en: 'Square 1080×1080' },
  { id: 'portrait', width: 1080, height: 1350, ko: '세로 1080×1350', en: 'Portrait 1080×1350' },
  { id: 'story', width: 1080, height: 1920, ko: '스토리 1080×1920', en: 'Story 1080×1920' },
  { id: 'banner', width: 1200, height: 628, ko: '배너 1200×628', en: 'Banner 1200×628' },
]

export const sizePresetOf = (width: number, height: number): string =>
  SIZE_PRESETS.find((p) => p.width === width && p.height === height)?.id ?? 'custom'

export const COMPOSITION_MODE_OPTIONS: readonly CompositionMode[] = ['overlay', 'blend', 'behind']
export const TEXT_POSITION_OPTIONS: readonly TextPosition[] = ['top', 'center', 'bottom', 'auto']

/** Sample shown in each font's own face in the font picker. */
export const FONT_SAMPLE = '가나다 한글 Ad 123'
