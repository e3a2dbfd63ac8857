import type { BrushMode, MaskBuf, PhotoBuf } from './mask-brush'

/**
 * Click a region to keep or remove it: either the connected part of the mask under the click
 * (a stray blob, a hole), or a flood over similar colour in the photo with a tolerance.
 */
export interface RegionPick {
  kind: 'region'
  mode: BrushMode
  /** 'part': the connected part of the mask (product or background) under the click; 'colour': a colour flood. */
  by: 'part' | 'colour'
  x: number
  y: number
  /** Colour flood only: the largest RGB distance (0-441) from the clicked colour that still floods. */
  tolerance: number
}

/** The mask's 50% line: a pixel at or above it counts as product for 'part' picks. */
export const PART_THRESHOLD = 128

/**
 * The 4-connected pixels reached from (x, y) that `same` accepts, as a 0/1 map. An explicit stack,
 * so a 12 MP flood does not overflow the call stack.
 */
export function floodFrom(width: number, height: number, x: number, y: number, same: (i: number) => boolean): Uint8Array {
  const out = new Uint8Array(width * height)
  const start = y * width + x
  if (x < 0 || y < 0 || x >= width || y >= height || !same(start)) return out
  const stack = new Int32Array(width * height)
  let top = 0
  stack[top++] = start
  out[start] = 1
  while (top > 0) {
    const i = stack[--top]
    const px = i % width
    const near = [px > 0 ? i - 1 : -1, px < width - 1 ? i + 1 : -1, i >= width ? i - width : -1, i < width * (height - 1) ? i + width : -1]
    for (const n of near) {
      if (n < 0 || out[n] || !same(n)) continue
      out[n] = 1
      stack[top++] = n
    }
  }
  return out
}

/** Applies a pick in place; returns how many pixels it set. */
export function applyRegion(mask: MaskBuf, pick: RegionPick, photo: PhotoBuf | null): number {
  const { width: W, height: H, data } = mask
  const x = Math.floor(pick.x)
  const y = Math.floor(pick.y)
  if (x < 0 || y < 0 || x >= W || y >= H) return 0
  let region: Uint8Array
  if (pick.by === 'colour' && photo) {
    const p0 = (y * W + x) * 4
    const [r0, g0, b0] = [photo.data[p0], photo.data[p0 + 1], photo.data[p0 + 2]]
    const t2 = pick.tolerance * pick.tolerance
    region = floodFrom(W, H, x, y, (i) => {
      const dr = photo.data[i * 4] - r0, dg = photo.data[i * 4 + 1] - g0, db = photo.data[i * 4 + 2] - b0
      return dr * dr + dg * dg + db * db <= t2
    })
  } else {
    const inside = data[y * W + x] >= PART_THRESHOLD
    region = floodFrom(W, H, x, y, (i) => data[i] >= PART_THRESHOLD === inside)
  }
  const value = pick.mode === 'restore' ? 255 : 0
  let n = 0
  for (let i = 0; i < region.length; i++) {
    if (!region[i] || data[i] === value) continue
    data[i] = value
    n++
  }
  return n
}
