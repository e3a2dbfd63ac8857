/**
 * The border model behind `expandToGroup`: k-means over the analysis-grid features (group-grid.ts)
 * of a band along the image border, where the backdrop is almost always visible — along with
 * whatever the frame cuts through (a tray, a peanut), which is why callers can leave samples out
 * and refit, and can treat clusters as group material rather than backdrop.
 */
import { FEATURES, type WorkGrid } from './group-grid'

export interface BorderModel {
  /** Cluster centres, FEATURES floats each. */
  centres: Float32Array
  k: number
  /** Share of the border band samples in each cluster. */
  share: Float64Array
  /** Typical distance of a band sample to its centre (median over the band). */
  spread: number
  /** The same per cluster: a cluster that holds two similar flat colours is wider than one. */
  radius: Float32Array
  /** The band cells sampled (grid indices) and the cluster each was assigned to. */
  samples: Int32Array
  assign: Int32Array
}

/** Squared distance between row `i` of `a` and row `j` of `b` (FEATURES floats per row). */
function dist2(a: Float32Array, i: number, b: Float32Array, j: number): number {
  const p = i * FEATURES
  const q = j * FEATURES
  const d0 = a[p] - b[q]
  const d1 = a[p + 1] - b[q + 1]
  const d2 = a[p + 2] - b[q + 2]
  const d3 = a[p + 3] - b[q + 3]
  return d0 * d0 + d1 * d1 + d2 * d2 + d3 * d3
}

/**
 * k-means over a lattice of cells of a border band `band` cells wide, leaving out cells
 * the network calls foreground or `exclude` flags (a product cut by the frame is not backdrop).
 * Farthest-point initialisation makes it deterministic and gives a minority material at the
 * border (a tray, peanuts) its own cluster instead of averaging it into the backdrop.
 */
export function fitBorderModel(grid: WorkGrid, band: number, maxK: number, exclude?: Uint8Array): BorderModel | null {
  const { w, h, feat, fg } = grid
  // A lattice step that leaves about 4000 samples: plenty for 12 clusters, and the fit is twice
  // per photo.
  const bandCells = 2 * band * (w + h)
  const step = Math.max(1, Math.round(Math.sqrt(bandCells / 4000)))
  let ns = 0
  const all = new Int32Array(Math.ceil(w / step) * Math.ceil(h / step))
  for (let y = 0; y < h; y += step) {
    const edgeRow = y < band || y >= h - band
    for (let x = 0; x < w; x += step) {
      if (!edgeRow && x >= band && x < w - band) continue
      const c = y * w + x
      if (fg[c] < 0.5 && !(exclude && exclude[c])) all[ns++] = c
    }
  }
  if (ns < maxK * 4) return null
  const samples = all.slice(0, ns)
  // The samples' features, packed, so the inner loops stream through one array.
  const sf = new Float32Array(ns * FEATURES)
  for (let i = 0; i < ns; i++) sf.set(feat.subarray(samples[i] * FEATURES, samples[i] * FEATURES + FEATURES), i * FEATURES)
  const centres = new Float32Array(maxK * FEATURES)
  // Start from the sample nearest the band mean, then add the farthest sample each time.
  const mean = new Float32Array(FEATURES)
  for (let i = 0; i < ns; i++) for (let f = 0; f < FEATURES; f++) mean[f] += sf[i * FEATURES + f] / ns
  let first = 0
  let best = Infinity
  for (let i = 0; i < ns; i++) {
    const d = dist2(sf, i, mean, 0)
    if (d < best) {
      best = d
      first = i
    }
  }
  centres.set(sf.subarray(first * FEATURES, first * FEATURES + FEATURES), 0)
  const nearest = new Float64Array(ns).fill(Infinity)
  let k = 1
  for (; k < maxK; k++) {
    let far = -1
    let farD = 0
    for (let i = 0; i < ns; i++) {
      const d = dist2(sf, i, centres, k - 1)
      if (d < nearest[i]) nearest[i] = d
      if (nearest[i] > farD) {
        farD = nearest[i]
        far = i
      }
    }
    // Everything already within 4 units of a centre: more clusters would only split noise.
    if (far < 0 || farD < 16) break
    centres.set(sf.subarray(far * FEATURES, far * FEATURES + FEATURES), k * FEATURES)
  }
  const assign = new Int32Array(ns)
  const sums = new Float64Array(k * FEATURES)
  const counts = new Float64Array(k)
  for (let iter = 0; iter < 12; iter++) {
    sums.fill(0)
    counts.fill(0)
    let moved = 0
    for (let i = 0; i < ns; i++) {
      let bj = 0
      let bd = Infinity
      for (let j = 0; j < k; j++) {
        const d = dist2(sf, i, centres, j)
        if (d < bd) {
          bd = d
          bj = j
        }
      }
      if (assign[i] !== bj) moved++
      assign[i] = bj
      counts[bj]++
      for (let f = 0; f < FEATURES; f++) sums[bj * FEATURES + f] += sf[i * FEATURES + f]
    }
    if (iter > 0 && moved === 0) break
    for (let j = 0; j < k; j++) {
      if (counts[j] === 0) continue
      for (let f = 0; f < FEATURES; f++) centres[j * FEATURES + f] = sums[j * FEATURES + f] / counts[j]
    }
  }
  const share = new Float64Array(k)
  const dists = new Float32Array(ns)
  for (let i = 0; i < ns; i++) {
    share[assign[i]] += 1 / ns
    dists[i] = Math.sqrt(dist2(sf, i, centres, assign[i]))
  }
  const radius = new Float32Array(k)
  const byCluster: number[][] = Array.from({ length: k }, () => [])
  for (let i = 0; i < ns; i++) byCluster[assign[i]].push(dists[i])
  for (let j = 0; j < k; j++) {
    const d = byCluster[j].sort((a, b) => a - b)
    radius[j] = d.length ? d[d.length >> 1] : 0
  }
  dists.sort()
  return { centres: centres.slice(0, k * FEATURES), k, share, spread: dists[Math.floor(ns / 2)], radius, samples, assign }
}

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
  for (let c = 0, p = 0; c < n; c++, p += FEATURES) {
    const f0 = feat[p]
    const f1 = feat[p + 1]
    const f2 = feat[p + 2]
    const f3 = feat[p + 3]
    let best = Infinity
    for (let t = 0, q = 0; t < m; t++, q += 5) {
      let d0 = f0 - cen[q]
      if (d0 < 0) d0 *= SHADOW_L_WEIGHT
      const d1 = f1 - cen[q + 1]
      const d2 = f2 - cen[q + 2]
      const d3 = f3 - cen[q + 3]
      const d = (d0 * d0 + d1 * d1 + d2 * d2 + d3 * d3) * cen[q + 4]
      if (d < best) best = d
    }
    out[c] = Math.sqrt(best)
  }
  return out
}

/** Nearest cluster to cell `c` and its squared distance, as [cluster, d²]. */
export function nearestCluster(grid: WorkGrid, model: BorderModel, c: number): [number, number] {
  let bj = 0
  let bd = Infinity
  for (let j = 0; j < model.k; j++) {
    const d = shadowDist2(grid.feat, c, model.centres, j)
    if (d < bd) {
      bd = d
      bj = j
    }
  }
  return [bj, bd]
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
    share[nearestCluster(grid, model, c)[0]]++
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
    const [j, d2] = nearestCluster(grid, model, c)
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
