import { moveBox, resizeBox, sameBox, snapMove, snapResize, type CanvasSize, type FracBox, type FracPoint, type Guide, type Handle } from './canvas-geometry'

/**
 * A pointer gesture on the canvas as a small state machine outside React (tldraw's SelectTool:
 * idle → pointing → translating | resizing). Each state holds the gesture's start, every move
 * recomputes from it, and cancel leaves the committed boxes untouched. The React canvas only turns
 * DOM pointer events into these calls.
 */

export type Layer = 'product' | 'text'

export type Gesture =
  | { kind: 'idle' }
  /** Pressed on a layer, not yet moved past the drag threshold (a click selects, nothing moves). */
  | { kind: 'pointing'; layer: Layer; start: FracPoint; startBox: FracBox }
  | { kind: 'translating'; layer: Layer; start: FracPoint; startBox: FracBox }
  | { kind: 'resizing'; layer: Layer; handle: Handle; start: FracPoint; startBox: FracBox }

export interface GestureView {
  /** Screen pixels per canvas (the displayed stage), for thresholds given in screen pixels. */
  screenWidth: number
  screenHeight: number
}

/** How far (screen px) the pointer travels before a press becomes a drag. */
export const DRAG_THRESHOLD_PX = 3
/** How near (screen px) an edge or centre comes to a guide line before it snaps. */
export const SNAP_THRESHOLD_PX = 6

export interface GestureFrame {
  gesture: Gesture
  /** The box to draw for the gesture's layer now (null: nothing moves). */
  preview: FracBox | null
  guides: Guide[]
}

const threshold = (px: number, v: GestureView) => ({ x: px / Math.max(1, v.screenWidth), y: px / Math.max(1, v.screenHeight) })

/** A pointer move: recompute the preview from the gesture's start (snapping unless `noSnap`, e.g. Alt held). */
export function gestureMove(g: Gesture, p: FracPoint, size: CanvasSize, view: GestureView, noSnap: boolean): GestureFrame {
  if (g.kind === 'idle') return { gesture: g, preview: null, guides: [] }
  const dx = p.x - g.start.x
  const dy = p.y - g.start.y
  if (g.kind === 'pointing') {
    const t = threshold(DRAG_THRESHOLD_PX, view)
    if (Math.abs(dx) < t.x && Math.abs(dy) < t.y) return { gesture: g, preview: null, guides: [] }
    return gestureMove({ ...g, kind: 'translating' }, p, size, view, noSnap)
  }
  const snap = threshold(SNAP_THRESHOLD_PX, view)
  if (g.kind === 'translating') {
    const moved = moveBox(g.startBox, dx, dy)
    const s = noSnap ? { box: moved, guides: [] } : snapMove(moved, size, snap)
    return { gesture: g, preview: s.box, guides: s.guides }
  }
  const keepAspect = g.layer === 'product'
  const resized = resizeBox(g.startBox, g.handle, dx, dy, keepAspect)
  const s = noSnap ? { box: resized, guides: [] } : snapResize(resized, g.handle, keepAspect, size, snap)
  return { gesture: g, preview: s.box, guides: s.guides }
}

/** What a finished gesture changed: a box to commit (and whether it moved or resized), or nothing. */
export function gestureEnd(g: Gesture, preview: FracBox | null): { layer: Layer; box: FracBox; edit: 'move' | 'resize' } | null {
  if (g.kind !== 'translating' && g.kind !== 'resizing') return null
  if (!preview || sameBox(preview, g.startBox)) return null
  return { layer: g.layer, box: preview, edit: g.kind === 'translating' ? 'move' : 'resize' }
}
