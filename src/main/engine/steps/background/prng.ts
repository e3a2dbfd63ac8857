/**
 * Seeded randomness for the background generator. Everything visual must be reproducible from
 * (prompt, seed, size), so Math.random is never used; a splitmix32 stream is small, fast and has no
 * visible patterns at the scale we draw at.
 */

/** Any JS number (negative, fractional, NaN) becomes a stable 32-bit seed. */
export function normalizeSeed(seed: number): number {
  if (!Number.isFinite(seed)) return 0
  const t = Math.trunc(seed)
  // Keep the high bits of seeds above 2^32 instead of dropping them.
  return (t ^ Math.floor(t / 4294967296)) >>> 0
}

export class Rng {
  private state: number

  constructor(seed: number) {
    this.state = normalizeSeed(seed) ^ 0x6a09e667
  }

  /** Uniform unsigned 32-bit integer. */
  nextU32(): number {
    this.state = (this.state + 0x9e3779b9) | 0
    let z = this.state
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296
  }

  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next()
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n)
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]
  }

  /**
   * An independent stream for one subsystem, so that drawing one more number for, say, bokeh does
   * not reshuffle the texture of every existing seed.
   */
  fork(salt: number): Rng {
    return new Rng(hash2(this.state, salt, 0x2545f491))
  }
}

/** Stateless integer hash of a lattice point; the workhorse of noise, grain and scattering. */
export function hash2(x: number, y: number, seed: number): number {
  let h = Math.imul(x | 0, 0x27d4eb2d) ^ Math.imul(y | 0, 0x165667b1) ^ Math.imul(seed | 0, 0x9e3779b1)
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/** hash2 mapped to [0, 1). */
export function hash01(x: number, y: number, seed: number): number {
  return hash2(x, y, seed) / 4294967296
}
