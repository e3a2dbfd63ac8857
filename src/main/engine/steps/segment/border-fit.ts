/**
 * Fitting the border model of `expandToGroup` (border-model.ts): farthest-point seeded k-means
 * over cells sampled from a band along the image border.
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
export function dist2(a: Float32Array, i: number, b: Float32Array, j: number): number {
  const p = i * FEATURES
  const q = j * FEATURES
  const d0 = a[p] - b[q]
  const d1 = a[p + 1] - b[q + 1]
  const d2 = a[p + 2] - b[q + 2]
  const d3 = a[p + 3] - b[q + 3]
  return d0 * d0 + d1 * d1 + d2 * d2 + d3 * d3
}

/**
 * Farthest-point seeding after the first centre: adds the sample farthest from every centre so
 * far until maxK centres or all samples lie within 4 units of one. Returns the centre count.
 * (The hot loops of the fit live in small functions of their own: they are compiled in a
 * fraction of the time a whole fit would take, so a first photo spends little time interpreted.)
 */
function farthestPoints(sf: Float32Array, ns: number, centres: Float32Array, maxK: number): number {
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
  return k
}

/** One k-means assignment: nearest centre per sample, and the clusters' sums and counts. */
function assignStep(
  sf: Float32Array,
  ns: number,
  centres: Float32Array,
  k: number,
  assign: Int32Array,
  sums: Float64Array,
  counts: Float64Array,
): number {
  sums.fill(0)
  counts.fill(0)
  let moved = 0
  for (let i = 0, p = 0; i < ns; i++, p += FEATURES) {
    // dist2 with the sample held in registers: the same sums in the same order.
    const a0 = sf[p]
    const a1 = sf[p + 1]
    const a2 = sf[p + 2]
    const a3 = sf[p + 3]
    let bj = 0
    let bd = Infinity
    for (let j = 0, q = 0; j < k; j++, q += FEATURES) {
      const d0 = a0 - centres[q]
      const d1 = a1 - centres[q + 1]
      const d2 = a2 - centres[q + 2]
      const d3 = a3 - centres[q + 3]
      const d = d0 * d0 + d1 * d1 + d2 * d2 + d3 * d3
      if (d < bd) {
        bd = d
        bj = j
      }
    }
    if (assign[i] !== bj) moved++
    assign[i] = bj
    counts[bj]++
    const o = bj * FEATURES
    sums[o] += a0
    sums[o + 1] += a1
    sums[o + 2] += a2
    sums[o + 3] += a3
  }
  return moved
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
  const k = farthestPoints(sf, ns, centres, maxK)
  const assign = new Int32Array(ns)
  const sums = new Float64Array(k * FEATURES)
  const counts = new Float64Array(k)
  for (let iter = 0; iter < 12; iter++) {
    const moved = assignStep(sf, ns, centres, k, assign, sums, counts)
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
  // Median distance per cluster: the samples' distances grouped by cluster in one typed array and
  // each group sorted natively (no comparator to call thousands of times before it is compiled).
  const radius = new Float32Array(k)
  const start = new Int32Array(k + 1)
  for (let i = 0; i < ns; i++) start[assign[i] + 1]++
  for (let j = 0; j < k; j++) start[j + 1] += start[j]
  const grouped = new Float32Array(ns)
  const fill = start.slice(0, k)
  for (let i = 0; i < ns; i++) grouped[fill[assign[i]]++] = dists[i]
  for (let j = 0; j < k; j++) {
    const d = grouped.subarray(start[j], start[j + 1]).sort()
    radius[j] = d.length ? d[d.length >> 1] : 0
  }
  dists.sort()
  return { centres: centres.slice(0, k * FEATURES), k, share, spread: dists[Math.floor(ns / 2)], radius, samples, assign }
}
