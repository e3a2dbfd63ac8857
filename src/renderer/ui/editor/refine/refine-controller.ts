import { applyStroke, BRUSH_LIMITS, type BrushMode, type MaskBuf, type PhotoBuf, type Stroke } from '../../../lib/mask-brush'
import { canRedo, canUndo, newDoc, pushEdit, redo, renderDoc, undo, type MaskDoc } from '../../../lib/mask-history'
import { diffBox, readBox, writeBox, type Patch } from './mask-patches'
import { applyRegion, type RegionPick } from '../../../lib/mask-region'
import type { RefineView } from '../../../lib/refine-view'

/**
 * Refine cutout's tools as a state machine outside React (EDITOR-ANCHORS §1): the stage turns DOM
 * events into the plain calls below; each gesture is a state (idle → painting / panning); a stroke
 * recomputes from the mask at its start on every move and becomes one undo step at pointer up;
 * Esc during a stroke rolls back to that start. Tested in Node without a browser.
 *
 * Speed on large photos: a move repaints only the box its new segment reaches (applyStroke's clip
 * gives those pixels exactly the values a whole replay would), and undo/redo restore the touched
 * box's bytes (a patch per edit) instead of replaying every edit from the engine's mask.
 */

export type PickTool = 'brush' | 'part' | 'colour'

export interface ToolSettings {
  mode: BrushMode
  /** Brush diameter in photo pixels. */
  size: number
  hardness: number
  snap: boolean
  tool: PickTool
  /** Colour flood tolerance (RGB distance). */
  tolerance: number
}

/** screen = photo × zoom + (x, y), in CSS pixels of the stage. */
export interface Viewport {
  zoom: number
  x: number
  y: number
}

export type Box = [number, number, number, number]

/** A plain pointer event in stage pixels; `pan` when the space bar is held (or the middle button). */
export interface StagePointer {
  x: number
  y: number
  button: number
  pan?: boolean
}

export interface KeyIn {
  key: string
  ctrl: boolean
  shift: boolean
}

export type KeyOutcome = 'apply' | 'leave' | 'handled' | null

type Gesture =
  | { kind: 'idle' }
  | { kind: 'painting'; stroke: Stroke; before: Uint8Array; dirty: Box | null }
  | { kind: 'panning'; sx: number; sy: number; x0: number; y0: number }

export const ZOOM_LIMITS = { min: 0.05, max: 32 } as const
export const DEFAULT_TOOLS: ToolSettings = { mode: 'erase', size: 40, hardness: 0.8, snap: false, tool: 'brush', tolerance: 40 }

export class RefineController {
  doc: MaskDoc
  mask: MaskBuf
  tools: ToolSettings = { ...DEFAULT_TOOLS }
  view: RefineView = 'tint'
  viewport: Viewport = { zoom: 1, x: 0, y: 0 }
  /** Compare view: the column where before ends and after begins (photo pixels). */
  split: number
  /** The pointer over the stage in photo pixels (brush cursor), null when outside. */
  hover: [number, number] | null = null
  private gesture: Gesture = { kind: 'idle' }
  /** The bytes each edit replaced and wrote, aligned with doc.edits. */
  private patches: Patch[] = []
  private readonly listeners = new Set<(dirty: Box | 'all' | 'ui') => void>()

  constructor(
    readonly photo: PhotoBuf,
    base: MaskBuf,
  ) {
    this.doc = newDoc(base)
    this.mask = renderDoc(this.doc, photo)
    this.split = Math.round(photo.width / 2)
  }

  /** 'all': repaint the view; a box: repaint that part; 'ui': only controls, cursor or viewport moved. */
  subscribe(fn: (dirty: Box | 'all' | 'ui') => void): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  private emit(d: Box | 'all' | 'ui'): void {
    this.listeners.forEach((l) => l(d))
  }

  get state(): Gesture['kind'] {
    return this.gesture.kind
  }
  get canUndo(): boolean {
    return canUndo(this.doc)
  }
  get canRedo(): boolean {
    return canRedo(this.doc)
  }
  /** Whether the mask differs from the engine's (there is something to apply). */
  get edited(): boolean {
    return this.doc.cursor > 0
  }

  toPhoto(x: number, y: number): [number, number] {
    const v = this.viewport
    return [(x - v.x) / v.zoom, (y - v.y) / v.zoom]
  }

  setTools(patch: Partial<ToolSettings>): void {
    const t = { ...this.tools, ...patch }
    t.size = Math.min(BRUSH_LIMITS.maxSize, Math.max(BRUSH_LIMITS.minSize, Math.round(t.size)))
    t.hardness = Math.min(1, Math.max(0, t.hardness))
    t.tolerance = Math.min(441, Math.max(0, t.tolerance))
    this.tools = t
    this.emit('ui')
  }

  setView(view: RefineView): void {
    this.view = view
    this.emit('all')
  }

  setSplit(x: number): void {
    this.split = Math.min(this.photo.width, Math.max(0, Math.round(x)))
    this.emit('all')
  }

  /** Fits the photo in a stage of w×h with a small margin, centred. */
  fit(w: number, h: number): void {
    const zoom = Math.min(ZOOM_LIMITS.max, Math.max(ZOOM_LIMITS.min, Math.min(w / this.photo.width, h / this.photo.height) * 0.95))
    this.viewport = { zoom, x: (w - this.photo.width * zoom) / 2, y: (h - this.photo.height * zoom) / 2 }
    this.emit('ui')
  }

  /** Zooms by `factor` keeping the photo point under (x, y) in place. */
  zoomAt(x: number, y: number, factor: number): void {
    const v = this.viewport
    const zoom = Math.min(ZOOM_LIMITS.max, Math.max(ZOOM_LIMITS.min, v.zoom * factor))
    const [px, py] = this.toPhoto(x, y)
    this.viewport = { zoom, x: x - px * zoom, y: y - py * zoom }
    this.emit('ui')
  }

  pointerDown(e: StagePointer): void {
    if (this.gesture.kind !== 'idle') return
    if (e.button === 1 || e.pan) {
      this.gesture = { kind: 'panning', sx: e.x, sy: e.y, x0: this.viewport.x, y0: this.viewport.y }
      return
    }
    if (e.button !== 0) return
    const [px, py] = this.toPhoto(e.x, e.y)
    const t = this.tools
    if (t.tool !== 'brush') {
      const pick: RegionPick = { kind: 'region', mode: t.mode, by: t.tool, x: px, y: py, tolerance: t.tolerance }
      const before = new Uint8Array(this.mask.data)
      if (applyRegion(this.mask, pick, this.photo) > 0) {
        const box = diffBox(this.mask, before)!
        this.record(pick, { box, before: readBox(before, this.mask.width, box), after: readBox(this.mask.data, this.mask.width, box) })
        this.emit(box)
      }
      return
    }
    const stroke: Stroke = { kind: 'stroke', mode: t.mode, size: t.size, hardness: t.hardness, snap: t.snap, points: [[px, py]] }
    this.gesture = { kind: 'painting', stroke, before: new Uint8Array(this.mask.data), dirty: null }
    this.repaintStroke([px, py], [px, py])
  }

  pointerMove(e: StagePointer): void {
    const [px, py] = this.toPhoto(e.x, e.y)
    this.hover = [px, py]
    const g = this.gesture
    if (g.kind === 'panning') {
      this.viewport = { ...this.viewport, x: g.x0 + e.x - g.sx, y: g.y0 + e.y - g.sy }
      this.emit('ui')
    } else if (g.kind === 'painting') {
      const last = g.stroke.points[g.stroke.points.length - 1]
      g.stroke = { ...g.stroke, points: [...g.stroke.points, [px, py]] }
      this.repaintStroke([last[0], last[1]], [px, py])
    } else this.emit('ui')
  }

  pointerUp(): void {
    const g = this.gesture
    this.gesture = { kind: 'idle' }
    if (g.kind === 'painting') {
      const box = g.dirty ?? ([0, 0, 0, 0] as Box)
      this.record(g.stroke, { box, before: readBox(g.before, this.mask.width, box), after: readBox(this.mask.data, this.mask.width, box) })
      this.emit('ui')
    }
  }

  private record(edit: MaskDoc['edits'][number], patch: Patch): void {
    this.patches = [...this.patches.slice(0, this.doc.cursor), patch]
    this.doc = pushEdit(this.doc, edit)
  }

  pointerLeave(): void {
    this.hover = null
    this.emit('ui')
  }

  /** Esc during a stroke: the mask goes back to what it was at pointer down. */
  cancel(): void {
    const g = this.gesture
    if (g.kind === 'painting') {
      this.mask.data.set(g.before)
      this.gesture = { kind: 'idle' }
      this.emit(g.dirty ?? 'all')
      return
    }
    this.gesture = { kind: 'idle' }
  }

  undo(): void {
    this.cancel()
    if (!canUndo(this.doc)) return
    const p = this.patches[this.doc.cursor - 1]
    this.doc = undo(this.doc)
    if (p) writeBox(this.mask, p.box, p.before)
    else this.mask = renderDoc(this.doc, this.photo)
    this.emit(p ? p.box : 'all')
  }

  redo(): void {
    this.cancel()
    if (!canRedo(this.doc)) return
    const p = this.patches[this.doc.cursor]
    this.doc = redo(this.doc)
    if (p) writeBox(this.mask, p.box, p.after)
    else this.mask = renderDoc(this.doc, this.photo)
    this.emit(p ? p.box : 'all')
  }

  /** The editor's keys; 'apply' and 'leave' are for the caller to act on. */
  key(k: KeyIn): KeyOutcome {
    const key = k.key.toLowerCase()
    if (k.ctrl && key === 'z') return k.shift ? (this.redo(), 'handled') : (this.undo(), 'handled')
    if (k.ctrl && key === 'y') return this.redo(), 'handled'
    if (k.ctrl) return null
    if (key === '[' || key === ']') {
      const s = this.tools.size
      const next = key === ']' ? Math.max(s + 1, Math.round(s * 1.25)) : Math.min(s - 1, Math.round(s / 1.25))
      this.setTools({ size: next })
      return 'handled'
    }
    if (key === 'x') {
      this.setTools({ mode: this.tools.mode === 'erase' ? 'restore' : 'erase' })
      return 'handled'
    }
    if (key === 'escape') {
      if (this.gesture.kind === 'painting') return this.cancel(), 'handled'
      return 'leave'
    }
    if (key === 'enter') return this.gesture.kind === 'idle' ? 'apply' : 'handled'
    return null
  }

  /**
   * The part of the stroke the segment a→b reaches goes back to the stroke's start and is stamped
   * again by the whole stroke (clipped there): exactly what replaying the stroke would give.
   */
  private repaintStroke(a: [number, number], b: [number, number]): void {
    const g = this.gesture
    if (g.kind !== 'painting') return
    const r = Math.ceil(g.stroke.size / 2) + 1
    const x0 = Math.max(0, Math.floor(Math.min(a[0], b[0]) - r))
    const y0 = Math.max(0, Math.floor(Math.min(a[1], b[1]) - r))
    const x1 = Math.min(this.mask.width, Math.ceil(Math.max(a[0], b[0]) + r) + 1)
    const y1 = Math.min(this.mask.height, Math.ceil(Math.max(a[1], b[1]) + r) + 1)
    if (x1 <= x0 || y1 <= y0) return this.emit('ui')
    const reach: Box = [x0, y0, x1 - x0, y1 - y0]
    writeBox(this.mask, reach, readBox(g.before, this.mask.width, reach))
    const box = applyStroke(this.mask, g.stroke, this.photo, reach)
    g.dirty = union(g.dirty, box)
    this.emit(box ?? 'ui')
  }
}

function union(a: Box | null, b: Box | null): Box | null {
  if (!a) return b
  if (!b) return a
  const x = Math.min(a[0], b[0])
  const y = Math.min(a[1], b[1])
  return [x, y, Math.max(a[0] + a[2], b[0] + b[2]) - x, Math.max(a[1] + a[3], b[1] + b[3]) - y]
}
