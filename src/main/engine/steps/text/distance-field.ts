/**
 * Euclidean distance from each inside pixel to the glyph edge (Felzenszwalb-Huttenlocher, linear
 * time). The bevel is a height built from this distance: a blurred alpha would round every corner
 * of the letters, the distance keeps the mitred ridges that make a chiselled face look cut.
 */
import { edt1d } from '../../image/distance-transform'

/**
 * Distance (px) from every pixel with alpha >= 128 to the nearest pixel below it, capped at `cap`
 * (only the rim matters, and the cap keeps the numbers small). Outside pixels get 0.
 */
export function insideDistance(alpha: Uint8Array, width: number, height: number, cap: number): Float32Array {
  const INF = 1e10
  const grid = new Float32Array(width * height)
  for (let i = 0; i < grid.length; i++) grid[i] = alpha[i] >= 128 ? INF : 0
  const n = Math.max(width, height)
  const f = new Float32Array(n)
  const d = new Float32Array(n)
  const v = new Int32Array(n)
  const z = new Float32Array(n + 1)
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) f[y] = grid[y * width + x]
    edt1d(f, height, d, v, z)
    for (let y = 0; y < height; y++) grid[y * width + x] = d[y]
  }
  for (let y = 0; y < height; y++) {
    const row = y * width
    for (let x = 0; x < width; x++) f[x] = grid[row + x]
    edt1d(f, width, d, v, z)
    for (let x = 0; x < width; x++) grid[row + x] = Math.min(cap, Math.sqrt(d[x]))
  }
  return grid
}

/** In-place 3x3 box blur, `passes` times (smooths the staircase of a thresholded mask). */
export function boxBlur3(src: Float32Array, width: number, height: number, passes: number): Float32Array {
  const a = src
  const b = new Float32Array(src.length)
  for (let p = 0; p < passes; p++) {
    for (let y = 0; y < height; y++) {
      const row = y * width
      for (let x = 0; x < width; x++) {
        const l = x > 0 ? a[row + x - 1] : a[row + x]
        const r = x < width - 1 ? a[row + x + 1] : a[row + x]
        b[row + x] = (l + a[row + x] + r) / 3
      }
    }
    for (let y = 0; y < height; y++) {
      const up = y > 0 ? -width : 0
      const dn = y < height - 1 ? width : 0
      for (let x = 0, i = y * width; x < width; x++, i++) a[i] = (b[i + up] + b[i] + b[i + dn]) / 3
    }
  }
  return a
}
