/**
 * IEEE half-precision conversion. onnxruntime-node takes and returns float16 tensors as raw bits in
 * a Uint16Array (Node 20 has no Float16Array), so fp16 models need both directions done here.
 */
const f32 = new Float32Array(1)
const u32 = new Uint32Array(f32.buffer)

/** One float to half bits, round to nearest even; overflow becomes infinity, NaN stays NaN. */
export function toHalfBits(value: number): number {
  f32[0] = value
  const x = u32[0]
  const sign = (x >>> 16) & 0x8000
  const exp = (x >>> 23) & 0xff
  let mant = x & 0x7fffff
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0)
  const e = exp - 127 + 15
  if (e >= 0x1f) return sign | 0x7c00
  if (e <= 0) {
    // Subnormal half (or zero): shift the implicit-1 mantissa right, rounding to nearest even.
    if (e < -10) return sign
    mant |= 0x800000
    const shift = 14 - e
    const half = 1 << (shift - 1)
    const rest = mant & ((1 << shift) - 1)
    let m = mant >>> shift
    if (rest > half || (rest === half && m & 1)) m++
    return sign | m
  }
  let h = (e << 10) | (mant >>> 13)
  const rest = mant & 0x1fff
  // Carry from rounding may bump the exponent, which is the correct result (up to infinity).
  if (rest > 0x1000 || (rest === 0x1000 && h & 1)) h++
  return sign | h
}

/** Half bits to a float. */
export function fromHalfBits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1
  const exp = (h >>> 10) & 0x1f
  const mant = h & 0x3ff
  if (exp === 0) return sign * mant * 2 ** -24
  if (exp === 0x1f) return mant ? NaN : sign * Infinity
  return sign * (1 + mant / 1024) * 2 ** (exp - 15)
}

export function float32ToFloat16(src: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(src.length)
  for (let i = 0; i < src.length; i++) out[i] = toHalfBits(src[i])
  return out
}

export function float16ToFloat32(src: Uint16Array): Float32Array {
  const out = new Float32Array(src.length)
  for (let i = 0; i < src.length; i++) out[i] = fromHalfBits(src[i])
  return out
}
