import { describe, expect, it } from 'vitest'
import { Rng, hash01, hash2, normalizeSeed } from '../../../src/main/engine/steps/background/prng'
import { GradientNoise } from '../../../src/main/engine/steps/background/noise'
import { lutLevel, makeLut, marbleProfile, woodProfile, LUT_SIZE } from '../../../src/main/engine/steps/background/lut'

describe('Rng', () => {
  it('replays the same stream for the same seed and differs across seeds', () => {
    const a = new Rng(42)
    const b = new Rng(42)
    const c = new Rng(43)
    const sa = Array.from({ length: 16 }, () => a.nextU32())
    const sb = Array.from({ length: 16 }, () => b.nextU32())
    const sc = Array.from({ length: 16 }, () => c.nextU32())
    expect(sa).toEqual(sb)
    expect(sa).not.toEqual(sc)
  })

  it('draws uniform floats in [0, 1) with a mean near 0.5', () => {
    const r = new Rng(7)
    let min = 1
    let max = 0
    let sum = 0
    const n = 20000
    const buckets = new Array(10).fill(0)
    for (let i = 0; i < n; i++) {
      const v = r.next()
      min = Math.min(min, v)
      max = Math.max(max, v)
      sum += v
      buckets[Math.floor(v * 10)]++
    }
    expect(min).toBeGreaterThanOrEqual(0)
    expect(max).toBeLessThan(1)
    expect(sum / n).toBeGreaterThan(0.49)
    expect(sum / n).toBeLessThan(0.51)
    for (const b of buckets) expect(Math.abs(b - n / 10)).toBeLessThan(n / 10 * 0.08)
  })

  it('range, int and pick stay in bounds', () => {
    const r = new Rng(1)
    for (let i = 0; i < 1000; i++) {
      const v = r.range(-3, 5)
      expect(v).toBeGreaterThanOrEqual(-3)
      expect(v).toBeLessThan(5)
      const k = r.int(7)
      expect(Number.isInteger(k) && k >= 0 && k < 7).toBe(true)
      expect(['a', 'b', 'c']).toContain(r.pick(['a', 'b', 'c']))
    }
  })

  it('forks are deterministic and independent of each other', () => {
    const f1 = new Rng(9).fork(1).nextU32()
    expect(new Rng(9).fork(1).nextU32()).toBe(f1)
    expect(new Rng(9).fork(2).nextU32()).not.toBe(f1)
  })

  it('normalises any number into a 32-bit seed', () => {
    expect(normalizeSeed(NaN)).toBe(0)
    expect(normalizeSeed(Infinity)).toBe(0)
    expect(normalizeSeed(12.9)).toBe(12)
    const neg = normalizeSeed(-5)
    expect(neg).toBeGreaterThanOrEqual(0)
    expect(neg).toBeLessThan(2 ** 32)
    expect(normalizeSeed(2 ** 40 + 3)).not.toBe(normalizeSeed(3))
  })
})

describe('hash', () => {
  it('is stable, in range, and sensitive to every input', () => {
    expect(hash2(3, 4, 5)).toBe(hash2(3, 4, 5))
    expect(hash2(3, 4, 5)).not.toBe(hash2(4, 3, 5))
    expect(hash2(3, 4, 5)).not.toBe(hash2(3, 4, 6))
    for (let i = -50; i < 50; i++) {
      const v = hash01(i, i * 7, 11)
      expect(v).toBeGreaterThanOrEqual(0)
      expect(v).toBeLessThan(1)
    }
  })
})

describe('GradientNoise', () => {
  const noise = new GradientNoise(1234)

  it('stays in [-1, 1] and uses a good part of that range', () => {
    let min = Infinity
    let max = -Infinity
    let sumSq = 0
    const n = 40000
    for (let i = 0; i < n; i++) {
      const v = noise.noise((i % 200) * 0.173 - 11, Math.floor(i / 200) * 0.131 - 7)
      min = Math.min(min, v)
      max = Math.max(max, v)
      sumSq += v * v
    }
    expect(min).toBeGreaterThanOrEqual(-1)
    expect(max).toBeLessThanOrEqual(1)
    expect(max - min).toBeGreaterThan(1)
    const rms = Math.sqrt(sumSq / n)
    expect(rms).toBeGreaterThan(0.2)
    expect(rms).toBeLessThan(0.6)
  })

  it('is zero on lattice points and continuous between them', () => {
    expect(noise.noise(3, 5)).toBeCloseTo(0, 6)
    for (let i = 0; i < 200; i++) {
      const x = i * 0.377
      const y = i * 0.211
      expect(Math.abs(noise.noise(x + 1e-3, y) - noise.noise(x, y))).toBeLessThan(0.01)
    }
  })

  it('fbm and ridge stay in range; the same seed gives the same field', () => {
    const again = new GradientNoise(1234)
    const other = new GradientNoise(99)
    let differs = 0
    for (let i = 0; i < 2000; i++) {
      const x = i * 0.0913
      const y = i * 0.0571
      const f = noise.fbm(x, y, 5)
      expect(f).toBeGreaterThanOrEqual(-1)
      expect(f).toBeLessThanOrEqual(1)
      const r = noise.ridge(x, y, 3)
      expect(r).toBeGreaterThanOrEqual(0)
      expect(r).toBeLessThanOrEqual(1)
      expect(again.fbm(x, y, 5)).toBe(f)
      if (Math.abs(other.fbm(x, y, 5) - f) > 1e-3) differs++
    }
    expect(differs).toBeGreaterThan(1800)
  })
})

describe('phase LUT', () => {
  it('profiles are in [0, 1] and blur levels keep the mean while lowering the peak', () => {
    for (const profile of [marbleProfile, woodProfile]) {
      const lut = makeLut(profile)
      const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length
      const peak = (a: Float32Array) => a.reduce((s, v) => Math.max(s, v), 0)
      expect(lut.levels[0].length).toBe(LUT_SIZE)
      for (const level of lut.levels) {
        expect(Math.min(...level)).toBeGreaterThanOrEqual(0)
        expect(Math.max(...level)).toBeLessThanOrEqual(1)
        expect(mean(level)).toBeCloseTo(mean(lut.levels[0]), 3)
      }
      expect(peak(lut.levels[9])).toBeLessThan(peak(lut.levels[0]))
    }
  })

  it('chooses a blurrier level when the phase changes faster per pixel', () => {
    expect(lutLevel(0, 0)).toBe(0)
    expect(lutLevel(0.01, 0)).toBeGreaterThan(lutLevel(0.001, 0))
    expect(lutLevel(10, 10)).toBe(9)
  })
})
