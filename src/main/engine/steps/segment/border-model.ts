/**
 * The border model behind `expandToGroup`: k-means over the analysis-grid features (group-grid.ts)
 * of a band along the image border, where the backdrop is almost always visible — along with
 * whatever the frame cuts through (a tray, a peanut), which is why callers can leave samples out
 * and refit, and can treat clusters as group material rather than backdrop.
 */
import { dist2, type BorderModel } from './border-fit'
import { FEATURES, type WorkGrid } from './group-grid'

export { fitBorderModel, type BorderModel } from './border-fit'

/**
 * Weight of lightness when a cell is darker than a cluster: a shadow cast on the backdrop (under
 * the product, beside the tray) is the backdrop, only darker.
 */
const SHADOW_L_WEIGHT = 0.4

/** Squared distance of cell `c` to centre `j`, lenient on the dark side of lightness. */
function shadowDist2(feat: Float32Array, c: number, centres: Float32Array, j: number): number {
  const p = c * FEATURES
  const q = j * FEATURES
  let d0 = feat[p] - centres[q]
  if (d0 < 0) d0 *= SHADOW_L_WEIGHT
  const d1 = feat[p + 1] - centres[q + 1]
  const d2 = feat[p + 2] - centres[q + 2]
  const d3 = feat[p + 3] - centres[q + 3]
  return d0 * d0 + d1 * d1 + d2 * d2 + d3 * d3
}

/**
 * For every cell, the smallest distance to a cluster flagged in `use` (shadow-lenient) divided by
 * that cluster's threshold max(floor, factor × its radius): above 1 the cell is like no backdrop
 * cluster. Clusters left out are materials at the border that belong to the group.
 */
export function backdropDistance(grid: WorkGrid, model: BorderModel, use: Uint8Array, floor: number, factor: number): Float32Array {
  const n = grid.w * grid.h
  const out = new Float32Array(n)
  const { feat } = grid
  // The used centres and 1/threshold², packed, so that each cell is read once and its minimum
  // stays in a register.
  const ids: number[] = []
  for (let j = 0; j < model.k; j++) if (use[j]) ids.push(j)
  const m = ids.length
  const cen = new Float64Array(m * 5)
  ids.forEach((j, t) => {
    for (let f = 0; f < FEATURES; f++) cen[t * 5 + f] = model.centres[j * FEATURES + f]
    const thr = Math.max(floor, factor * model.radius[j])
    cen[t * 5 + 4] = 1 / (thr * thr)
  })
  scaledNearest(feat, n, cen, m, out)
  return out
}

/**
 * sqrt(min over the packed clusters of the shadow-lenient d² × 1/threshold²) per cell. Two cells
 * per step (the last cell twice when n is odd): two independent chains of arithmetic keep the
 * FPU busy, and each cell's sums are the same as alone.
 */
function scaledNearest(feat: Float32Array, n: number, cen: Float64Array, m: number, out: Float32Array): void {
  for (let c = 0; c < n; c += 2) {
    const c2 = c + 1 < n ? c + 1 : c
    const p = c * FEATURES
    const r = c2 * FEATURES
    const f0 = feat[p]
    const f1 = feat[p + 1]
    const f2 = feat[p + 2]
    const f3 = feat[p + 3]
    const g0 = feat[r]
    const g1 = feat[r + 1]
    const g2 = feat[r + 2]
    const g3 = feat[r + 3]
    let best = Infinity
    let best2 = Infinity
    for (let t = 0, q = 0; t < m; t++, q += 5) {
      const k0 = cen[q]
      const k1 = cen[q + 1]
      const k2 = cen[q + 2]
      const k3 = cen[q + 3]
      const scale = cen[q + 4]
      let d0 = f0 - k0
      if (d0 < 0) d0 *= SHADOW_L_WEIGHT
      let e0 = g0 - k0
      if (e0 < 0) e0 *= SHADOW_L_WEIGHT
      const d1 = f1 - k1
      const d2 = f2 - k2
      const d3 = f3 - k3
      const e1 = g1 - k1
      const e2 = g2 - k2
      const e3 = g3 - k3
      const d = (d0 * d0 + d1 * d1 + d2 * d2 + d3 * d3) * scale
      const e = (e0 * e0 + e1 * e1 + e2 * e2 + e3 * e3) * scale
      if (d < best) best = d
      if (e < best2) best2 = e
    }
    out[c] = Math.sqrt(best)
    out[c2] = Math.sqrt(best2)
  }
}

/** Nearest cluster to cell `c` (an index, no pair allocated: ringShare calls it for every ring cell). */
export function nearestCluster(grid: WorkGrid, model: BorderModel, c: number): number {
  let bj = 0
  let bd = Infinity
  for (let j = 0; j < model.k; j++) {
    const d = shadowDist2(grid.feat, c, model.centres, j)
    if (d < bd) {
      bd = d
      bj = j
    }
  }
  return bj
}

/**
 * Single-linkage families of clusters whose centres are closer than `link`; a family's id is its
 * smallest member. k-means slices one grainy material into several shades; a family is the
 * material.
 */
export function clusterFamilies(model: BorderModel, link: number): Int32Array {
  const parent = Int32Array.from({ length: model.k }, (_, j) => j)
  const root = (j: number): number => {
    while (parent[j] !== j) j = parent[j]
    return j
  }
  for (let a = 0; a < model.k; a++) {
    for (let b = a + 1; b < model.k; b++) {
      if (dist2(model.centres, a, model.centres, b) >= link * link) continue
      const ra = root(a)
      const rb = root(b)
      if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb)
    }
  }
  const family = new Int32Array(model.k)
  for (let j = 0; j < model.k; j++) family[j] = root(j)
  return family
}

/** Share of the ring cells (in `outer`, not in `halo`) whose nearest cluster is each cluster. */
export function ringShare(grid: WorkGrid, model: BorderModel, halo: Uint8Array, outer: Uint8Array): Float64Array {
  const share = new Float64Array(model.k)
  let count = 0
  for (let c = 0; c < outer.length; c++) {
    if (!outer[c] || halo[c]) continue
    const bj = nearestCluster(grid, model, c)
    share[bj]++
    count++
  }
  if (count) for (let j = 0; j < model.k; j++) share[j] /= count
  return share
}

/**
 * Backdrop flags for a model refitted without the border samples flagged in `exclude` (the group
 * where the frame cuts through it). A refitted cluster is dropped from the backdrop when the
 * left-out samples that resemble it outnumber its own samples `ratio` times, or, for a cluster
 * of a handful of samples (weak evidence either way), when they merely match them.
 */
export function backdropAfterRefit(
  grid: WorkGrid,
  model: BorderModel,
  allSamples: Int32Array,
  exclude: Uint8Array,
  floor: number,
  factor: number,
  ratio: number,
): Uint8Array {
  const groupLike = new Float64Array(model.k)
  for (const c of allSamples) {
    if (!exclude[c]) continue
    const j = nearestCluster(grid, model, c)
    const d2 = shadowDist2(grid.feat, c, model.centres, j)
    const t = Math.max(floor, factor * model.radius[j])
    if (d2 <= t * t) groupLike[j]++
  }
  const backdrop = new Uint8Array(model.k).fill(1)
  for (let j = 0; j < model.k; j++) {
    const own = model.share[j] * model.samples.length
    const tiny = own < 0.01 * model.samples.length
    if (groupLike[j] > ratio * own || (tiny && groupLike[j] >= own)) backdrop[j] = 0
  }
  if (!backdrop.includes(1)) backdrop.fill(1)
  return backdrop
}
