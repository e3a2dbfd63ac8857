/** Where a drop-down list goes so that it stays inside the window, whatever the anchor's scroll position. */
export interface PopupPlacement {
  side: 'below' | 'above'
  /** Pixels from the top of the viewport (position: fixed). */
  top: number
  /** The list's height limit: it scrolls inside when its options need more. */
  maxHeight: number
}

/**
 * Below the anchor when the wanted height fits there, else on the side with more room; the list is
 * cut to the room it gets (never below `minHeight`, unless the window itself is smaller) and kept
 * `margin` px off the window's edges.
 */
export function placePopup(anchor: { top: number; bottom: number }, viewportHeight: number, wanted: number, opts: { gap?: number; margin?: number; minHeight?: number } = {}): PopupPlacement {
  const gap = opts.gap ?? 4
  const margin = opts.margin ?? 8
  const below = viewportHeight - margin - (anchor.bottom + gap)
  const above = anchor.top - gap - margin
  const side = below >= wanted || below >= above ? 'below' : 'above'
  const room = Math.max(0, side === 'below' ? below : above)
  const maxHeight = Math.min(wanted, Math.max(room, Math.min(opts.minHeight ?? 120, viewportHeight - 2 * margin)))
  let top = side === 'below' ? anchor.bottom + gap : anchor.top - gap - maxHeight
  // An anchor scrolled partly out of the window: the list still stays inside it.
  top = Math.min(Math.max(top, margin), Math.max(margin, viewportHeight - margin - maxHeight))
  return { side, top, maxHeight }
}
