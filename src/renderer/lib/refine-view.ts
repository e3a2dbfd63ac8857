import type { MaskBuf, PhotoBuf } from './mask-brush'

/**
 * What Refine cutout shows, as pixels (pure, so the numbers are tested):
 *  - 'tint': the photo, the removed part washed with red (what will be dropped is plain to see);
 *  - 'cutout': the product alone, alpha = mask, over the page's checkerboard;
 *  - 'compare': before | after, split at a column: left the engine's mask, right the edited one.
 */
export type RefineView = 'tint' | 'cutout' | 'compare'

/** The tint over removed pixels: red at 55%, so the photo stays readable underneath. */
export const TINT = { r: 230, g: 40, b: 60, a: 0.55 } as const

/** Paints `box` ([x, y, w, h] in photo pixels) of the view into `out` (RGBA, the photo's size). */
export function paintView(
  out: Uint8ClampedArray | Uint8Array,
  photo: PhotoBuf,
  mask: MaskBuf,
  base: MaskBuf,
  view: RefineView,
  box: readonly [number, number, number, number] = [0, 0, photo.width, photo.height],
  splitX = photo.width / 2,
): void {
  const W = photo.width
  const [bx, by, bw, bh] = box
  const p = photo.data
  for (let y = Math.max(0, by); y < Math.min(photo.height, by + bh); y++) {
    for (let x = Math.max(0, bx); x < Math.min(W, bx + bw); x++) {
      const i = y * W + x
      const o = i * 4
      if (view === 'tint') {
        // removed share (1 - m) of the pixel gets the tint
        const k = (1 - mask.data[i] / 255) * TINT.a
        out[o] = p[o] + (TINT.r - p[o]) * k
        out[o + 1] = p[o + 1] + (TINT.g - p[o + 1]) * k
        out[o + 2] = p[o + 2] + (TINT.b - p[o + 2]) * k
        out[o + 3] = 255
      } else {
        const m = view === 'compare' && x < splitX ? base.data[i] : mask.data[i]
        out[o] = p[o]
        out[o + 1] = p[o + 1]
        out[o + 2] = p[o + 2]
        out[o + 3] = m
      }
    }
  }
}
