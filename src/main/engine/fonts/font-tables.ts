/**
 * Reads raw OpenType tables out of a font file's bytes (TTF/OTF, WOFF, WOFF2). @napi-rs/canvas
 * does not tell which code points a face covers nor its names, so the registry reads `cmap`,
 * `name` and `OS/2` itself. Only what those three tables need is implemented: no glyph data.
 */
import { brotliDecompressSync, inflateSync } from 'node:zlib'

export type TableMap = Map<string, Buffer>

export class FontParseError extends Error {}

const tag = (b: Buffer, off: number): string => b.toString('latin1', off, off + 4)

/** Plain sfnt (TrueType 0x00010000, 'true' or CFF 'OTTO'). */
function sfntTables(b: Buffer, want: Set<string>): TableMap {
  const numTables = b.readUInt16BE(4)
  const out: TableMap = new Map()
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16
    if (rec + 16 > b.length) throw new FontParseError('truncated table directory')
    const t = tag(b, rec)
    if (!want.has(t)) continue
    const off = b.readUInt32BE(rec + 8)
    const len = b.readUInt32BE(rec + 12)
    if (off + len > b.length) throw new FontParseError(`table ${t} runs past the end of the file`)
    out.set(t, b.subarray(off, off + len))
  }
  return out
}

function woffTables(b: Buffer, want: Set<string>): TableMap {
  const numTables = b.readUInt16BE(12)
  const out: TableMap = new Map()
  for (let i = 0; i < numTables; i++) {
    const rec = 44 + i * 20
    const t = tag(b, rec)
    if (!want.has(t)) continue
    const off = b.readUInt32BE(rec + 4)
    const compLen = b.readUInt32BE(rec + 8)
    const origLen = b.readUInt32BE(rec + 12)
    const raw = b.subarray(off, off + compLen)
    out.set(t, compLen < origLen ? inflateSync(raw) : raw)
  }
  return out
}

// WOFF2 names its common tables by index into this list (spec section 4.2).
const WOFF2_TAGS = ('cmap head hhea hmtx maxp name OS/2 post cvt  fpgm glyf loca prep CFF  VORG EBDT EBLC gasp ' +
  'hdmx kern LTSH PCLT VDMX vhea vmtx BASE GDEF GPOS GSUB EBSC JSTF MATH CBDT CBLC COLR CPAL SVG  sbix acnt ' +
  'avar bdat bloc bsln cvar fdsc feat fmtx fvar gvar hsty just lcar mort morx opbd prop trak Zapf Silf Glat ' +
  'Gloc Feat Sill').match(/.{4} ?/g)!.map((s) => s.slice(0, 4))

function readBase128(b: Buffer, pos: { p: number }): number {
  let v = 0
  for (let i = 0; i < 5; i++) {
    const byte = b[pos.p++]
    v = v * 128 + (byte & 0x7f)
    if ((byte & 0x80) === 0) return v
  }
  throw new FontParseError('bad UIntBase128')
}

function woff2Tables(b: Buffer, want: Set<string>): TableMap {
  const flavor = tag(b, 4)
  if (flavor === 'ttcf') throw new FontParseError('WOFF2 collections are not supported')
  const numTables = b.readUInt16BE(12)
  const compressedLen = b.readUInt32BE(20)
  const pos = { p: 48 }
  const entries: { t: string; len: number }[] = []
  for (let i = 0; i < numTables; i++) {
    const flags = b[pos.p++]
    const idx = flags & 0x3f
    let t: string
    if (idx === 63) {
      t = tag(b, pos.p)
      pos.p += 4
    } else t = WOFF2_TAGS[idx]
    const version = flags >> 6
    const origLen = readBase128(b, pos)
    // glyf/loca are transformed at version 0; every other table is transformed at non-zero versions.
    const transformed = t === 'glyf' || t === 'loca' ? version === 0 : version !== 0
    const len = transformed ? readBase128(b, pos) : origLen
    entries.push({ t, len })
  }
  const stream = brotliDecompressSync(b.subarray(pos.p, pos.p + compressedLen))
  const out: TableMap = new Map()
  let off = 0
  for (const e of entries) {
    if (want.has(e.t)) out.set(e.t, stream.subarray(off, off + e.len))
    off += e.len
  }
  return out
}

/** The requested tables that the font has. Throws FontParseError on a file that is not a font. */
export function readFontTables(bytes: Buffer, wanted: string[]): TableMap {
  if (bytes.length < 12) throw new FontParseError('file too short to be a font')
  const want = new Set(wanted)
  const sig = tag(bytes, 0)
  try {
    if (sig === 'wOFF') return woffTables(bytes, want)
    if (sig === 'wOF2') return woff2Tables(bytes, want)
    if (sig === 'OTTO' || sig === 'true' || bytes.readUInt32BE(0) === 0x00010000) return sfntTables(bytes, want)
  } catch (e) {
    if (e instanceof FontParseError) throw e
    throw new FontParseError(`corrupt font data: ${(e as Error).message}`)
  }
  throw new FontParseError(`not a TrueType/OpenType/WOFF font (signature ${JSON.stringify(sig)})`)
}

export interface FontNames {
  family: string
  subfamily: string
  license: string
}

function decodeName(buf: Buffer, platform: number): string {
  if (platform === 0 || platform === 3) {
    // UTF-16BE: swap into LE for Node's decoder.
    const sw = Buffer.from(buf)
    for (let i = 0; i + 1 < sw.length; i += 2) {
      const x = sw[i]
      sw[i] = sw[i + 1]
      sw[i + 1] = x
    }
    return sw.toString('utf16le')
  }
  return buf.toString('latin1')
}

/** Family/subfamily (typographic names 16/17 win over 1/2), English first, and the licence text. */
export function parseNames(name: Buffer | undefined): FontNames {
  const found = new Map<number, { score: number; value: string }>()
  if (name && name.length >= 6) {
    const count = name.readUInt16BE(2)
    const strOff = name.readUInt16BE(4)
    for (let i = 0; i < count; i++) {
      const r = 6 + i * 12
      if (r + 12 > name.length) break
      const platform = name.readUInt16BE(r)
      const lang = name.readUInt16BE(r + 4)
      const id = name.readUInt16BE(r + 6)
      const len = name.readUInt16BE(r + 8)
      const off = strOff + name.readUInt16BE(r + 10)
      if (![1, 2, 13, 16, 17].includes(id) || off + len > name.length) continue
      const english = (platform === 3 && lang === 0x409) || (platform === 1 && lang === 0)
      const score = (english ? 2 : 0) + (platform === 3 ? 1 : 0)
      const prev = found.get(id)
      if (!prev || score > prev.score) found.set(id, { score, value: decodeName(name.subarray(off, off + len), platform).trim() })
    }
  }
  const get = (id: number): string | undefined => found.get(id)?.value || undefined
  return {
    family: get(16) ?? get(1) ?? '',
    subfamily: get(17) ?? get(2) ?? 'Regular',
    license: get(13) ?? '',
  }
}

/** usWeightClass and the italic bit from OS/2 (400/normal when the table is missing). */
export function parseOs2(os2: Buffer | undefined): { weight: number; italic: boolean } {
  if (!os2 || os2.length < 64) return { weight: 400, italic: false }
  const weight = os2.readUInt16BE(4)
  const fsSelection = os2.readUInt16BE(62)
  return { weight: weight >= 1 && weight <= 1000 ? weight : 400, italic: (fsSelection & 1) === 1 }
}
