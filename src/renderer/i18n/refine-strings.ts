import type { Language } from '../../shared/api-client'

/** Refine cutout's strings in Korean and English (its own table: the main one is shared by every screen). */
const REFINE = {
  open: ['누끼 다듬기', 'Refine cutout'],
  openHint: ['광고를 한 번 만들면 상품 누끼를 손으로 다듬을 수 있습니다', 'Generate once, then refine the product cutout by hand'],
  needPhoto: ['누끼를 다듬으려면 상품 사진을 다시 넣어 주세요', 'Add the product photo again to refine its cutout'],
  title: ['누끼 다듬기', 'Refine cutout'],
  loading: ['사진과 누끼를 불러오는 중…', 'Loading the photo and cutout…'],
  loadFailed: ['누끼를 불러오지 못했습니다', 'The cutout could not be loaded'],
  views: ['보기', 'View'],
  viewTint: ['지운 부분 표시', 'Removed tinted'],
  viewCutout: ['누끼만', 'Cutout'],
  viewCompare: ['전/후', 'Before / after'],
  before: ['전', 'Before'],
  after: ['후', 'After'],
  split: ['전/후 경계', 'Before/after split'],
  mode: ['브러시', 'Brush'],
  restore: ['복원', 'Restore'],
  erase: ['지우기', 'Erase'],
  tool: ['도구', 'Tool'],
  toolBrush: ['브러시', 'Brush'],
  toolPart: ['영역 클릭', 'Click a part'],
  toolColour: ['비슷한 색', 'Similar colour'],
  size: ['크기', 'Size'],
  hardness: ['경도', 'Hardness'],
  snap: ['가장자리에 맞추기', 'Snap to edges'],
  tolerance: ['허용 범위', 'Tolerance'],
  zoomIn: ['확대', 'Zoom in'],
  zoomOut: ['축소', 'Zoom out'],
  fit: ['화면에 맞추기', 'Fit'],
  actual: ['100%', '100%'],
  undo: ['실행 취소', 'Undo'],
  redo: ['다시 실행', 'Redo'],
  cancel: ['취소', 'Cancel'],
  apply: ['적용', 'Apply'],
  applying: ['적용 중…', 'Applying…'],
  keys: ['[ ] 크기 · X 복원/지우기 · Ctrl+Z 실행 취소 · 스페이스+끌기 이동 · 휠 확대 · Enter 적용 · Esc 나가기', '[ ] size · X restore/erase · Ctrl+Z undo · Space+drag pan · wheel zoom · Enter apply · Esc leave'],
  stage: ['누끼 편집 화면: 끌어서 칠하기', 'Cutout editor: drag to paint'],
  checkCutout: ['누끼 확인', 'Check cutout'],
  checkWhy: ['누끼가 의심스럽습니다: {why}', 'The cutout looks doubtful: {why}'],
  reason_borders: ['사진 가장자리 여러 곳에 닿음', 'touches several photo edges'],
  reason_area: ['상품 면적이 너무 작거나 큼', 'product area too small or too large'],
  reason_unsure: ['모델이 확신하지 못한 부분이 넓음', 'a wide band the model was unsure of'],
  reason_parts: ['떨어진 큰 조각이 여럿', 'several separate large parts'],
} as const satisfies Record<string, readonly [string, string]>

export type RefineKey = keyof typeof REFINE

export function refineText(lang: Language, key: RefineKey, vars: Record<string, string | number> = {}): string {
  const s = REFINE[key][lang === 'ko' ? 0 : 1] as string
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m))
}

/** The reasons of a cutout check in words, joined. */
export function checkReasons(lang: Language, reasons: readonly string[]): string {
  return reasons.map((r) => (`reason_${r}` in REFINE ? refineText(lang, `reason_${r}` as RefineKey) : r)).join(', ')
}
