/**
 * Seeded standard-normal numbers for diffusion latents. The same seed must give the same image on
 * Linux, Windows and macOS, so nothing here touches Math.random or platform RNGs: xoshiro128**
 * (32-bit integer ops only, exact everywhere) seeded through splitmix32, and Box-Muller on top.
 * Math.log/cos/sin are V8's own fdlibm ports, identical on every platform Node and Electron ship.
 */
export class SeededGaussian {
  private s0: number
  private s1: number
  private s2: number
  private s3: number
  private spare: number | null = null

  constructor(seed: number) {
    // splitmix32 expands one 32-bit seed into four non-zero state words.
    let x = (Number.isFinite(seed) ? Math.trunc(seed) : 0) >>> 0
    const next = () => {
      x = (x + 0x9e3779b9) | 0
      let z = x
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
      return (z ^ (z >>> 16)) >>> 0
    }
    this.s0 = next()
    this.s1 = next()
    this.s2 = next()
    this.s3 = next() || 1
  }

  /** Uniform unsigned 32-bit integer (xoshiro128**). */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0
    const t = this.s1 << 9
    this.s2 ^= this.s0
    this.s3 ^= this.s1
    this.s1 ^= this.s2
    this.s0 ^= this.s3
    this.s2 ^= t
    this.s3 = rotl(this.s3, 11)
    return result
  }

  /** Uniform in (0, 1): never 0, so log() below is finite. */
  uniform(): number {
    return (this.nextU32() + 0.5) / 4294967296
  }

  /** One standard-normal number; Box-Muller gives two per pair of uniforms, the second is kept. */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare
      this.spare = null
      return s
    }
    const r = Math.sqrt(-2 * Math.log(this.uniform()))
    const theta = 2 * Math.PI * this.uniform()
    this.spare = r * Math.sin(theta)
    return r * Math.cos(theta)
  }

  randn(n: number): Float32Array {
    const out = new Float32Array(n)
    for (let i = 0; i < n; i++) out[i] = this.normal()
    return out
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k))
}
