import type { MaskBuf } from '../../../lib/mask-brush'

/** [x, y, w, h] in mask pixels. */
export type PatchBox = [number, number, number, number]

/** What one edit did to a box of the mask: its bytes before and after (undo and redo without a replay). */
export interface Patch {
  box: PatchBox
  before: Uint8Array
  after: Uint8Array
}

/** The bytes of `box` from a mask-sized buffer `width` wide, row after row. */
export function readBox(data: Uint8Array, width: number, [x, y, w, h]: PatchBox): Uint8Array {
  const out = new Uint8Array(w * h)
  for (let r = 0; r < h; r++) out.set(data.subarray((y + r) * width + x, (y + r) * width + x + w), r * w)
  return out
}

export function writeBox(mask: MaskBuf, [x, y, w, h]: PatchBox, bytes: Uint8Array): void {
  for (let r = 0; r < h; r++) mask.data.set(bytes.subarray(r * w, r * w + w), (y + r) * mask.width + x)
}

/** The smallest box holding every pixel that differs between the mask and `before`; null when none. */
export function diffBox(mask: MaskBuf, before: Uint8Array): PatchBox | null {
  const { width: W, height: H, data } = mask
  let x0 = W, y0 = H, x1 = -1, y1 = -1
  for (let y = 0; y < H; y++) {
    const row = y * W
    for (let x = 0; x < W; x++) {
      if (data[row + x] === before[row + x]) continue
      if (x < x0) x0 = x
      if (x > x1) x1 = x
      if (y < y0) y0 = y
      y1 = y
    }
  }
  return x1 < 0 ? null : [x0, y0, x1 - x0 + 1, y1 - y0 + 1]
}
