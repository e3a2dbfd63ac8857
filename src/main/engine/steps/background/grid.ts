/**
 * The reduced-resolution grid on which smooth fields (light, texture tone, bokeh) are computed.
 * Those fields carry no detail finer than a few pixels, so evaluating noise on every output pixel
 * would waste 4-9x the time; the final pass interpolates them bilinearly.
 */
export interface Grid {
  width: number
  height: number
  /** Output pixels per grid cell along each axis. */
  f: number
  mw: number
  mh: number
}

/** Keeps the grid near 512-768 cells across so cost stays flat from 1024 px up to 2048 px. */
export function makeGrid(width: number, height: number): Grid {
  const f = Math.max(1, Math.ceil(Math.max(width, height) / 700))
  return { width, height, f, mw: Math.max(2, Math.ceil(width / f)), mh: Math.max(2, Math.ceil(height / f)) }
}

/** Output-space coordinate of a grid cell's centre. */
export function cellToPixel(g: Grid, i: number): number {
  return (i + 0.5) * g.f - 0.5
}

export interface Resample {
  /** Left/top grid index for every output column/row, always <= m - 2. */
  index: Int32Array
  /** Weight of index + 1. */
  weight: Float32Array
}

/** Bilinear sampling tables from output pixels to grid cells along one axis. */
export function resampleTable(n: number, m: number, f: number): Resample {
  const index = new Int32Array(n)
  const weight = new Float32Array(n)
  for (let p = 0; p < n; p++) {
    const g = (p + 0.5) / f - 0.5
    let i = Math.floor(g)
    let w = g - i
    if (i < 0) { i = 0; w = 0 }
    if (i > m - 2) { w = Math.min(1, w + (i - (m - 2))); i = m - 2 }
    index[p] = i
    weight[p] = w
  }
  return { index, weight }
}
