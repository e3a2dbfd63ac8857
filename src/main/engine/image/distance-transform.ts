/**
 * Exact squared Euclidean distance transform of one row or column (Felzenszwalb & Huttenlocher,
 * linear time): `d[q] = min_p (q - p)² + f[p]`. Run it down the columns and then along the rows
 * of a grid holding 0 at feature pixels and a huge value elsewhere, and the square root is the
 * distance to the nearest feature. Shared by text bevels and composition outlines.
 */
export type DistanceArray = Float32Array | Float64Array

export function edt1d(f: DistanceArray, n: number, d: DistanceArray, v: Int32Array, z: DistanceArray): void {
  let k = 0
  v[0] = 0
  z[0] = -Infinity
  z[1] = Infinity
  for (let q = 1; q < n; q++) {
    let s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k])
    while (s <= z[k]) {
      k--
      s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k])
    }
    k++
    v[k] = q
    z[k] = s
    z[k + 1] = Infinity
  }
  k = 0
  for (let q = 0; q < n; q++) {
    while (z[k + 1] < q) k++
    const dq = q - v[k]
    d[q] = dq * dq + f[v[k]]
  }
}
