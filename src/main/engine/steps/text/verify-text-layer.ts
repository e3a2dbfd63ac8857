/**
 * The text layer checked after drawing, against its own layout: every visible cluster is drawn
 * alone at the place the layout gave it and must find the drawn face there, and no ink may touch
 * the canvas edge (ink there was cut). A failure is reported, never shipped: the words on the ad
 * are the product's promise, and a silently missing "신상" is worse than an error.
 */
import { createCanvas } from '@napi-rs/canvas'
import type { DrawResult } from './draw-3d-text'
import type { TextLayout } from './layout-lines'
import { setFont } from './text-measure'

export interface TextCheckProblem {
  /** The cluster concerned, or null for the layer as a whole. */
  cluster: string | null
  line: number
  reason: string
}

/** A drawn cluster must find at least this share of its own ink in the layer's face. */
export const MIN_INK_SHARE = 0.9

export class TextCheckError extends Error {
  constructor(readonly problems: TextCheckProblem[]) {
    const first = problems.slice(0, 4).map((p) => (p.cluster === null ? p.reason : `${JSON.stringify(p.cluster)} (line ${p.line + 1}) ${p.reason}`))
    super(`the text layer failed its check: ${first.join('; ')}${problems.length > 4 ? `; and ${problems.length - 4} more` : ''}`)
    this.name = 'TextCheckError'
  }
}

function edgeInk(d: DrawResult): string | null {
  const { width: W, height: H, data } = d
  const at = (x: number, y: number): boolean => data[(y * W + x) * 4 + 3] > 0
  for (let x = 0; x < W; x++) {
    if (at(x, 0)) return 'top'
    if (at(x, H - 1)) return 'bottom'
  }
  for (let y = 0; y < H; y++) {
    if (at(0, y)) return 'left'
    if (at(W - 1, y)) return 'right'
  }
  return null
}

/** Problems found in `drawn` (empty when every glyph is there and nothing is cut). */
export function checkTextLayer(layout: TextLayout, drawn: DrawResult): TextCheckProblem[] {
  const problems: TextCheckProblem[] = []
  const { width: W, height: H, face } = drawn
  const edge = edgeInk(drawn)
  if (edge) problems.push({ cluster: null, line: -1, reason: `ink reaches the layer's ${edge} edge (it would be cut off)` })
  // One scratch canvas, big enough for the largest glyph box, cleared per glyph.
  let sw = 1
  let sh = 1
  for (const line of layout.lines) {
    for (const g of line.measured.glyphs) {
      sw = Math.max(sw, Math.ceil(g.left + g.right) + 6)
      sh = Math.max(sh, Math.ceil(g.ascent + g.descent) + 6)
    }
  }
  const c = createCanvas(sw, sh).getContext('2d')
  c.fillStyle = '#ffffff'
  layout.lines.forEach((line, li) => {
    for (const g of line.measured.glyphs) {
      const pen = line.x + g.x
      const x0 = Math.floor(pen - g.left) - 2
      const y0 = Math.floor(line.baseline - g.ascent) - 2
      const w = Math.ceil(pen + g.right) + 2 - x0
      const h = Math.ceil(line.baseline + g.descent) + 2 - y0
      if (pen - g.left < -0.5 || line.baseline - g.ascent < -0.5 || pen + g.right > W + 0.5 || line.baseline + g.descent > H + 0.5) {
        problems.push({ cluster: g.cluster, line: li, reason: 'is laid out outside the layer' })
        continue
      }
      c.clearRect(0, 0, sw, sh)
      setFont(c, g.font, line.size, 0)
      c.fillText(g.cluster, pen - x0, line.baseline - y0)
      const alone = c.getImageData(0, 0, w, h).data
      let peak = 0
      for (let i = 3; i < alone.length; i += 4) peak = Math.max(peak, alone[i])
      if (peak === 0) {
        problems.push({ cluster: g.cluster, line: li, reason: `draws no ink in ${g.font.name}` })
        continue
      }
      let ink = 0
      let found = 0
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const a = alone[(y * w + x) * 4 + 3]
          if (a * 2 < peak) continue
          ink++
          const cx = x0 + x
          const cy = y0 + y
          if (cx >= 0 && cy >= 0 && cx < W && cy < H && face[cy * W + cx] * 2 >= Math.min(128, a)) found++
        }
      }
      if (found < ink * MIN_INK_SHARE) {
        problems.push({ cluster: g.cluster, line: li, reason: `has ${Math.round((100 * found) / ink)}% of its ink at its laid-out place` })
      }
    }
  })
  return problems
}
