/**
 * Glyph coverage from a font's `cmap` table. Canvas draws a missing character as tofu (or with
 * whatever system font Skia finds), so the text step asks this first and picks a covering font
 * itself, per character run, and can say which font drew what.
 */

/** Sorted, non-overlapping inclusive code point ranges that map to a real glyph. */
export class Coverage {
  constructor(private readonly starts: Uint32Array, private readonly ends: Uint32Array) {}

  static empty(): Coverage {
    return new Coverage(new Uint32Array(0), new Uint32Array(0))
  }

  has(cp: number): boolean {
    let lo = 0
    let hi = this.starts.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if (cp < this.starts[mid]) hi = mid - 1
      else if (cp > this.ends[mid]) lo = mid + 1
      else return true
    }
    return false
  }

  /** Number of covered code points (for reports and sanity checks). */
  get size(): number {
    let n = 0
    for (let i = 0; i < this.starts.length; i++) n += this.ends[i] - this.starts[i] + 1
    return n
  }
}

class RangeBuilder {
  starts: number[] = []
  ends: number[] = []
  add(a: number, b: number): void {
    const n = this.ends.length
    if (n > 0 && a <= this.ends[n - 1] + 1) this.ends[n - 1] = Math.max(this.ends[n - 1], b)
    else {
      this.starts.push(a)
      this.ends.push(b)
    }
  }
  build(): Coverage {
    // Subtables list segments in order, but normalise anyway: a sloppy font must not break search.
    const idx = this.starts.map((_, i) => i).sort((x, y) => this.starts[x] - this.starts[y])
    const merged = new RangeBuilder()
    for (const i of idx) merged.add(this.starts[i], this.ends[i])
    return new Coverage(Uint32Array.from(merged.starts), Uint32Array.from(merged.ends))
  }
}

function format12(t: Buffer, off: number): Coverage {
  const n = t.readUInt32BE(off + 12)
  const rb = new RangeBuilder()
  for (let i = 0; i < n; i++) {
    const g = off + 16 + i * 12
    if (g + 12 > t.length) break
    let start = t.readUInt32BE(g)
    const end = t.readUInt32BE(g + 4)
    if (t.readUInt32BE(g + 8) === 0) start++ // the first code maps to .notdef
    if (start <= end) rb.add(start, end)
  }
  return rb.build()
}

function format4(t: Buffer, off: number): Coverage {
  const segX2 = t.readUInt16BE(off + 6)
  const ends = off + 14
  const starts = ends + segX2 + 2
  const deltas = starts + segX2
  const rangeOffs = deltas + segX2
  const rb = new RangeBuilder()
  for (let s = 0; s < segX2; s += 2) {
    const end = t.readUInt16BE(ends + s)
    const start = t.readUInt16BE(starts + s)
    const delta = t.readUInt16BE(deltas + s)
    const ro = t.readUInt16BE(rangeOffs + s)
    if (start > end || start === 0xffff) continue
    if (ro === 0) {
      // Glyph = (cp + delta) mod 65536; only the one code point that lands on 0 is missing.
      for (let cp = start; cp <= end; ) {
        const zeroAt = (65536 - delta) & 0xffff
        if (zeroAt >= cp && zeroAt <= end) {
          if (zeroAt > cp) rb.add(cp, zeroAt - 1)
          cp = zeroAt + 1
        } else {
          rb.add(cp, end)
          break
        }
      }
      continue
    }
    let runStart = -1
    for (let cp = start; cp <= end; cp++) {
      const at = rangeOffs + s + ro + (cp - start) * 2
      let glyph = at + 2 <= t.length ? t.readUInt16BE(at) : 0
      if (glyph !== 0) glyph = (glyph + delta) & 0xffff
      if (glyph !== 0 && runStart < 0) runStart = cp
      if ((glyph === 0 || cp === end) && runStart >= 0) {
        rb.add(runStart, glyph === 0 ? cp - 1 : cp)
        runStart = -1
      }
    }
  }
  return rb.build()
}

/** Coverage of the best Unicode subtable: full-repertoire format 12 first, then BMP format 4. */
export function parseCmap(cmap: Buffer | undefined): Coverage {
  if (!cmap || cmap.length < 4) return Coverage.empty()
  const n = cmap.readUInt16BE(2)
  let best: { rank: number; off: number; format: number } | null = null
  for (let i = 0; i < n; i++) {
    const r = 4 + i * 8
    if (r + 8 > cmap.length) break
    const platform = cmap.readUInt16BE(r)
    const enc = cmap.readUInt16BE(r + 2)
    const off = cmap.readUInt32BE(r + 4)
    if (off + 2 > cmap.length) continue
    const format = cmap.readUInt16BE(off)
    const unicode = platform === 0 || (platform === 3 && (enc === 1 || enc === 10))
    if (!unicode) continue
    const rank = format === 12 ? 2 : format === 4 ? 1 : 0
    if (rank > 0 && (!best || rank > best.rank)) best = { rank, off, format }
  }
  if (!best) return Coverage.empty()
  return best.format === 12 ? format12(cmap, best.off) : format4(cmap, best.off)
}
