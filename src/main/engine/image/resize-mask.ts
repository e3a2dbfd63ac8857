import { createMask, type Mask } from './raster'

/** Bilinear resize of a float mask (pixel-centre aligned, like sharp and OpenCV). */
export function resizeMaskBilinear(src: Mask, width: number, height: number): Mask {
  const out = createMask(width, height)
  const sx = src.width / width
  const sy = src.height / height
  const xs0 = new Int32Array(width)
  const xs1 = new Int32Array(width)
  const fx = new Float32Array(width)
  for (let x = 0; x < width; x++) {
    const fxs = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), src.width - 1)
    xs0[x] = Math.floor(fxs)
    xs1[x] = Math.min(xs0[x] + 1, src.width - 1)
    fx[x] = fxs - xs0[x]
  }
  for (let y = 0; y < height; y++) {
    const fys = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), src.height - 1)
    const y0 = Math.floor(fys)
    const y1 = Math.min(y0 + 1, src.height - 1)
    lerpRow(src.data, y0 * src.width, y1 * src.width, fys - y0, xs0, xs1, fx, out.data, y * width, width)
  }
  return out
}

/** One output row from source rows r0 and r1 (a function of its own: compiled after a few rows). */
function lerpRow(
  s: Float32Array,
  r0: number,
  r1: number,
  fy: number,
  xs0: Int32Array,
  xs1: Int32Array,
  fx: Float32Array,
  d: Float32Array,
  o: number,
  width: number,
): void {
  for (let x = 0; x < width; x++) {
    const a = s[r0 + xs0[x]] + (s[r0 + xs1[x]] - s[r0 + xs0[x]]) * fx[x]
    const b = s[r1 + xs0[x]] + (s[r1 + xs1[x]] - s[r1 + xs0[x]]) * fx[x]
    d[o + x] = a + (b - a) * fy
  }
}
