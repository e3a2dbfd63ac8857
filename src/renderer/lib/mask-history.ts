import { applyStroke, type MaskBuf, type PhotoBuf, type Stroke } from './mask-brush'
import { applyRegion, type RegionPick } from './mask-region'

/** One undo step: a whole stroke (pointer down to up) or one region pick. */
export type MaskEdit = Stroke | RegionPick

export function applyEdit(mask: MaskBuf, edit: MaskEdit, photo: PhotoBuf | null): void {
  if (edit.kind === 'stroke') applyStroke(mask, edit, photo)
  else applyRegion(mask, edit, photo)
}

/**
 * The edits on top of the mask the engine made, with a cursor for undo/redo. The current mask is
 * always `base` with edits [0, cursor) replayed: undo never accumulates rounding, and the edit list
 * is what is worth keeping (a few hundred bytes a stroke instead of a mask copy).
 */
export interface MaskDoc {
  base: MaskBuf
  edits: readonly MaskEdit[]
  cursor: number
}

export const newDoc = (base: MaskBuf): MaskDoc => ({ base, edits: [], cursor: 0 })

/** A new edit drops whatever was undone after the cursor (as every editor's history does). */
export const pushEdit = (doc: MaskDoc, edit: MaskEdit): MaskDoc => ({ ...doc, edits: [...doc.edits.slice(0, doc.cursor), edit], cursor: doc.cursor + 1 })
export const undo = (doc: MaskDoc): MaskDoc => (doc.cursor > 0 ? { ...doc, cursor: doc.cursor - 1 } : doc)
export const redo = (doc: MaskDoc): MaskDoc => (doc.cursor < doc.edits.length ? { ...doc, cursor: doc.cursor + 1 } : doc)
export const canUndo = (doc: MaskDoc) => doc.cursor > 0
export const canRedo = (doc: MaskDoc) => doc.cursor < doc.edits.length

export function cloneMask(m: MaskBuf): MaskBuf {
  return { width: m.width, height: m.height, data: new Uint8Array(m.data) }
}

/** The mask the document stands for. */
export function renderDoc(doc: MaskDoc, photo: PhotoBuf | null): MaskBuf {
  const out = cloneMask(doc.base)
  for (let i = 0; i < doc.cursor; i++) applyEdit(out, doc.edits[i], photo)
  return out
}
