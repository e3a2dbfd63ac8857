/**
 * Where text may go on a canvas. Printing and social feeds crop or cover the edges, so text keeps a
 * margin of at least 5% of the canvas on every side. Tall story formats (9:16) carry the
 * platform's own UI (profile row at the top, reply box at the bottom) over roughly the top and
 * bottom 250 px of a 1920 px frame, so those canvases keep text out of 13% of their height.
 */
import type { Box } from '../../image/raster'

export const EDGE_MARGIN = 0.05
/** 250 px of 1920, the band story UIs draw over. */
export const STORY_BAND = 250 / 1920
/** Height / width from which a canvas is treated as a story (9:16 = 1.78; 1.7 admits 1080x1848 crops). */
export const STORY_ASPECT = 1.7

export function isStoryCanvas(width: number, height: number): boolean {
  return height / width >= STORY_ASPECT
}

/** The safe area, in integer pixels, inside which every text box must lie. */
export function safeArea(width: number, height: number): Box {
  // The epsilon keeps 250/1920 * 1920 = 250.00000000000003 from rounding up to 251.
  const mx = Math.ceil(width * EDGE_MARGIN - 1e-9)
  const my = Math.ceil(height * (isStoryCanvas(width, height) ? STORY_BAND : EDGE_MARGIN) - 1e-9)
  return [mx, my, Math.max(1, width - 2 * mx), Math.max(1, height - 2 * my)]
}

/** Whether a box lies inside another (both [x, y, w, h]); a tolerance absorbs float rounding. */
export function boxInside(inner: Box, outer: Box, tol = 1e-6): boolean {
  return (
    inner[0] >= outer[0] - tol &&
    inner[1] >= outer[1] - tol &&
    inner[0] + inner[2] <= outer[0] + outer[2] + tol &&
    inner[1] + inner[3] <= outer[1] + outer[3] + tol
  )
}
