/** Deterministic small weights for stand-in models (no Math.random: tests must be reproducible). */
export function pseudoRandom(n: number, seed: number, scale = 1): Float32Array {
  const out = new Float32Array(n)
  let s = seed >>> 0 || 1
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    out[i] = ((s / 4294967296) * 2 - 1) * scale
  }
  return out
}

/** A [out, in, 1, 1] conv weight that passes channel i to i (where both exist) times `gain`, plus noise. */
export function identityConv(outCh: number, inCh: number, gain: number, noise: number, seed: number): Float32Array {
  const w = pseudoRandom(outCh * inCh, seed, noise)
  for (let i = 0; i < Math.min(outCh, inCh); i++) w[i * inCh + i] += gain
  return w
}
