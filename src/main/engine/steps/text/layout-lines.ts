/**
 * Line breaking and auto-fit. The biggest font size wins, but each extra line must earn its place:
 * a wrap is taken only when it lets the text grow by more than ~15% per added line, so "New Arrival"
 * stays on one line in a wide banner while a long Korean phrase in a narrow box stacks. Breaks go
 * at spaces; a Hangul word is split between syllables only when that pays off much more (Korean
 * copy is read word by word, so 바나/나 is a last resort); `\n` always breaks.
 */
import type { LoadedFont } from '../../fonts/font-registry'
import type { FallbackRecord } from '../../fonts/font-fallback'
import { graphemes } from '../../fonts/glyph-ink'
import { capEm, isPriceLine, lighterFace, minSubCapFor, PRICE_LINE_CAP_RATIO, scaleForCap, SUB_CAP_RATIO } from './copy-hierarchy'
import { lineSteps, PAD, place, type HardLine, type PlannedLine } from './place-lines'
import { measureAdvance, measureText, type MeasuredText } from './text-measure'

export type { HardLine } from './place-lines'

export interface LayoutRequest {
  text: string
  font: LoadedFont
  /** em units of the font size */
  letterSpacing: number
  lineHeight: number
  /** Room the effects (extrusion, shadow, glow) need around the letters, in em per side. */
  margin: { left: number; right: number; top: number; bottom: number }
  maxWidth: number
  maxHeight: number
  /**
   * Copy hierarchy (copy-hierarchy.ts): the first typed line is the headline, later lines sub-copy
   * at SUB_CAP_RATIO in a lighter face; `badges` puts prices on a badge, otherwise a price-only
   * sub-copy line is set larger. `false` sets every line like the headline.
   */
  hierarchy?: { badges?: boolean; minSubCapPx?: number } | false
}

export interface LaidLine {
  text: string
  measured: MeasuredText
  /** Pen start of the line and its baseline, in layer canvas pixels. */
  x: number
  baseline: number
  /** This line's font size in px (the headline's, or smaller for sub-copy). */
  size: number
  /** True for sub-copy (a typed line after the headline). */
  sub: boolean
}

/** A price set on a badge: the rounded box behind it, in layer canvas pixels. */
export interface Badge {
  line: number
  text: string
  box: [number, number, number, number]
}

export interface TextLayout {
  fontSize: number
  letterSpacingPx: number
  lines: LaidLine[]
  canvasWidth: number
  canvasHeight: number
  /** Letters only: union of the lines' ink boxes, in canvas pixels. */
  inkBox: [number, number, number, number]
  fallbacks: FallbackRecord[]
  missing: string[]
  badges: Badge[]
  /** The sub-copy's face and its cap height as a share of the headline's (null without sub-copy). */
  subCopy: { font: LoadedFont; capRatio: number } | null
}

const REF = 100
const LINE_FACTOR = 0.87
const SYLLABLE_FACTOR = 0.6
const CHAR_FACTOR = 0.6
const MIN_SIZE = 4
const MAX_SIZE = 480

type JointKind = 'space' | 'syllable' | 'char'
interface Atom { text: string; w: number }
interface Joint { kind: JointKind; w: number }

const CJK = /[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7a3\uf900-\ufaff]/u
const NO_BREAK_BEFORE = /[.,!?%)\]}:;'"’”」』〉》、。~…·-]/u
const NO_BREAK_AFTER = /[([{'"‘“「『〈《]/u

export function normaliseText(text: string): string[] {
  // NFC: a name typed on macOS arrives as decomposed jamo, which must draw as the same syllables.
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '')
    .split('\n')
    .map((l) => l.replace(/ {2,}/g, ' ').trim())
}

/** Splits a word at the places a line may break inside it. */
function wordPieces(word: string): { pieces: string[]; kinds: JointKind[] } {
  const chars = graphemes(word)
  const pieces: string[] = []
  const kinds: JointKind[] = []
  const latinBreakable = !CJK.test(word) && chars.length > 15 // URLs and the like, as a last resort
  let cur = ''
  chars.forEach((c, i) => {
    const prev = chars[i - 1]
    const cjkBreak = i > 0 && (CJK.test(c) || CJK.test(prev)) && !NO_BREAK_BEFORE.test(c) && !NO_BREAK_AFTER.test(prev)
    if (i > 0 && (cjkBreak || latinBreakable)) {
      pieces.push(cur)
      kinds.push(cjkBreak ? 'syllable' : 'char')
      cur = ''
    }
    cur += c
  })
  pieces.push(cur)
  return { pieces, kinds }
}

interface Plan { lines: string[]; lineWidths: number[]; syllable: number; char: number }

/** One hard line cut into unbreakable atoms, with prefix sums so any segment's width is O(1). */
class LineAtoms {
  readonly atomSum: Float64Array
  readonly jointSum: Float64Array
  constructor(readonly atoms: Atom[], readonly joints: Joint[], readonly ls: number) {
    this.atomSum = new Float64Array(atoms.length + 1)
    this.jointSum = new Float64Array(atoms.length + 1)
    atoms.forEach((a, i) => {
      this.atomSum[i + 1] = this.atomSum[i] + a.w
      this.jointSum[i + 1] = this.jointSum[i] + (joints[i]?.w ?? 0)
    })
  }
  /** Width of atoms a..b on one line (joints between them included, trailing spacing not). */
  seg(a: number, b: number): number {
    return this.atomSum[b + 1] - this.atomSum[a] + this.jointSum[b] - this.jointSum[a] - this.ls
  }
}

const PENALTY = { space: 0, syllable: 0.35, char: 0.7 }

/** Fewest lines (then fewest in-word breaks) with every line at most `limit` wide; null if a unit is wider. */
function planLine(line: LineAtoms, limit: number, inWord: boolean): Plan | null {
  const { atoms, joints } = line
  const n = atoms.length
  if (n === 0) return { lines: [''], lineWidths: [0], syllable: 0, char: 0 }
  const cost = new Float64Array(n + 1).fill(Infinity)
  const next = new Int32Array(n + 1)
  cost[n] = 0
  for (let i = n - 1; i >= 0; i--) {
    for (let j = i; j < n; j++) {
      if (line.seg(i, j) > limit + 1e-6) break
      const joint = j + 1 < n ? joints[j].kind : null
      if (joint && joint !== 'space' && !inWord) continue
      const c = 1 + cost[j + 1] + (joint ? PENALTY[joint] : 0)
      if (c < cost[i]) {
        cost[i] = c
        next[i] = j
      }
    }
  }
  if (!Number.isFinite(cost[0])) return null
  const plan: Plan = { lines: [], lineWidths: [], syllable: 0, char: 0 }
  for (let i = 0; i < n; ) {
    const j = next[i]
    let text = ''
    for (let k = i; k <= j; k++) text += atoms[k].text + (k < j && joints[k].kind === 'space' ? ' ' : '')
    plan.lines.push(text)
    plan.lineWidths.push(line.seg(i, j))
    if (j + 1 < n && joints[j].kind === 'syllable') plan.syllable++
    if (j + 1 < n && joints[j].kind === 'char') plan.char++
    i = j + 1
  }
  return plan
}

function fitSize(req: LayoutRequest, widthRef: number, steps: number[], asc: number, desc: number): number {
  const m = req.margin
  const hRef = asc + desc + steps.reduce((a, b) => a + b, 0) * REF
  const byW = (req.maxWidth - 2 * PAD) / (widthRef / REF + m.left + m.right)
  const byH = (req.maxHeight - 2 * PAD) / (hRef / REF + m.top + m.bottom)
  return Math.min(byW, byH, MAX_SIZE)
}

const MAX_LINES = 16

/** Chooses the line breaks: returns the lines' texts. */
function chooseLines(req: LayoutRequest, hard: HardLine[]): PlannedLine[] {
  const cache = new Map<string, number>()
  let asc = 0
  let desc = 0
  // Widths in headline units: a sub-copy line's atoms are measured at its own (smaller) size, so one
  // limit bounds every laid line's real width.
  const perLine = hard.map(({ text, font, scale }) => {
    const lsRef = req.letterSpacing * REF * scale
    const w = (s: string): number => {
      const key = `${font.path}\u0000${scale}\u0000${s}`
      let v = cache.get(key)
      if (v === undefined) cache.set(key, (v = measureAdvance(s, font, REF * scale, lsRef)))
      return v
    }
    const atoms: Atom[] = []
    const joints: Joint[] = []
    const spaceW = text ? w('a a') - w('aa') + lsRef : 0
    text.split(' ').filter(Boolean).forEach((word, wi) => {
      if (wi > 0) joints.push({ kind: 'space', w: spaceW })
      const { pieces, kinds } = wordPieces(word)
      pieces.forEach((p, pi) => {
        if (pi > 0) joints.push({ kind: kinds[pi - 1], w: 0 })
        atoms.push({ text: p, w: w(p) + lsRef })
      })
    })
    if (text) {
      const whole = measureText(text, font, REF * scale, lsRef)
      asc = Math.max(asc, whole.ascent)
      desc = Math.max(desc, whole.descent)
    }
    return new LineAtoms(atoms, joints, lsRef)
  })
  // The widest line of any plan is some segment's width: those are the only limits worth trying.
  const widths: number[] = []
  for (const line of perLine) {
    for (let a = 0; a < line.atoms.length; a++) for (let b = a; b < line.atoms.length; b++) widths.push(Math.ceil(line.seg(a, b) * 100) / 100)
  }
  const limits = Float64Array.from(new Set(widths)).sort()
  const plan = (limit: number, inWord: boolean): Plan[] | null => {
    const ps = perLine.map((l) => planLine(l, limit, inWord))
    return ps.some((p) => p === null) ? null : (ps as Plan[])
  }
  const lineCount = (ps: Plan[]): number => ps.reduce((s, p) => s + p.lines.length, 0)

  const planned = (ps: Plan[]): PlannedLine[] => ps.flatMap((p, h) => p.lines.map((text) => ({ text, hard: h })))
  let best: { score: number; lines: PlannedLine[] } | null = null
  // For each line count, the narrowest limit that achieves it (line count only falls as the limit grows),
  // once keeping words whole and once allowing in-word breaks; then score the candidates.
  for (const inWord of [false, true]) {
    let upper = limits.length - 1 // more lines never need a wider limit
    for (let target = hard.length; target <= MAX_LINES; target++) {
      let l = 0
      let h = upper
      let found: Plan[] | null = null
      while (l <= h) {
        const mid = (l + h) >> 1
        const ps = plan(limits[mid], inWord)
        if (ps && lineCount(ps) <= target) {
          found = ps
          upper = mid
          h = mid - 1
        } else l = mid + 1
      }
      if (!found) continue
      const count = lineCount(found)
      const widest = Math.max(...found.flatMap((p) => p.lineWidths))
      const syl = found.reduce((s, p) => s + p.syllable, 0)
      const chr = found.reduce((s, p) => s + p.char, 0)
      const lines = planned(found)
      const score =
        fitSize(req, widest, lineSteps(req, lines, hard), asc, desc) *
        LINE_FACTOR ** (count - hard.length) *
        (syl ? SYLLABLE_FACTOR * 0.95 ** (syl - 1) : 1) *
        (chr ? CHAR_FACTOR * 0.95 ** (chr - 1) : 1)
      if (!best || score > best.score + 1e-9) best = { score, lines }
    }
  }
  return best ? best.lines : hard.map((h, i) => ({ text: h.text, hard: i }))
}

/** The typed lines with their faces and scales: the first non-empty one is the headline. */
function hardLines(req: LayoutRequest, texts: string[], subRatio: number): HardLine[] {
  const h = req.hierarchy === false ? null : (req.hierarchy ?? {})
  const head = texts.findIndex((t) => t.length > 0)
  const badges = !!h?.badges
  if (!h) return texts.map((text) => ({ text, font: req.font, scale: 1, badges: false }))
  const sub = lighterFace(req.font)
  return texts.map((text, i) => {
    if (i <= head) return { text, font: req.font, scale: 1, badges }
    const ratio = !badges && isPriceLine(text) ? Math.max(subRatio, PRICE_LINE_CAP_RATIO) : subRatio
    return { text, font: sub, scale: Math.min(1, scaleForCap(req.font, sub, ratio)), badges }
  })
}

/** Places the lines at the final size; the size shrinks until everything fits the box. */
export function layoutLines(req: LayoutRequest): TextLayout {
  const texts = normaliseText(req.text)
  if (!texts.some((l) => l.length > 0)) throw new RangeError('text is empty: nothing to render')
  let ratio = SUB_CAP_RATIO
  let layout = fitLayout(req, hardLines(req, texts, ratio))
  // Sub-copy too small to read in this box: raise its ratio (the headline gives up the room).
  const minSub = req.hierarchy === false ? 0 : Math.max(req.hierarchy?.minSubCapPx ?? 0, minSubCapFor(req.font))
  for (let i = 0; i < 3 && layout.subCopy && minSub > 0; i++) {
    const headCap = capEm(req.font) * layout.fontSize
    if (layout.subCopy.capRatio * headCap >= minSub - 0.25 || ratio >= 1) break
    ratio = Math.min(1, (minSub / headCap) * 1.02)
    layout = fitLayout(req, hardLines(req, texts, ratio))
  }
  return layout
}

function fitLayout(req: LayoutRequest, hard: HardLine[]): TextLayout {
  const lines = chooseLines(req, hard)
  const ref = lines.map((l) => {
    const { font, scale } = hard[l.hard]
    return measureText(l.text, font, REF * scale, req.letterSpacing * REF * scale)
  })
  const asc = Math.max(...ref.map((r) => r.ascent))
  const desc = Math.max(...ref.map((r) => r.descent))
  let size = Math.max(MIN_SIZE, Math.floor(fitSize(req, Math.max(...ref.map((r) => r.width)), lineSteps(req, lines, hard), asc, desc) * 2) / 2)
  for (let attempt = 0; ; attempt++) {
    const layout = place(req, lines, hard, size)
    const over = Math.max(layout.canvasWidth / req.maxWidth, layout.canvasHeight / req.maxHeight)
    if (over <= 1 || size <= MIN_SIZE || attempt > 8) return layout
    size = Math.max(MIN_SIZE, Math.floor((size / over) * 2 - 1) / 2)
  }
}

