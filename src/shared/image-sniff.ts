/**
 * Image format and size from the first bytes of a file, without decoding a pixel: the server uses
 * it to refuse non-images and decompression bombs (a 30000x30000 PNG is a few KB) at request time,
 * in pure JS, so the server process loads no native image codec. The worker decodes for real and
 * applies the same limits again.
 */

export interface SniffedImage {
  format: 'png' | 'jpeg' | 'gif' | 'webp' | 'tiff' | 'avif' | 'heif'
  /** Stored size; null where the header does not say it cheaply (TIFF). */
  width: number | null
  height: number | null
  hasAlpha: boolean
}

export const EXTENSION: Record<SniffedImage['format'], string> = {
  png: 'png',
  jpeg: 'jpg',
  gif: 'gif',
  webp: 'webp',
  tiff: 'tif',
  avif: 'avif',
  heif: 'heic',
}

const ascii = (b: Uint8Array, at: number, len: number) => String.fromCharCode(...b.subarray(at, at + len))

export function sniffImage(b: Uint8Array): SniffedImage | null {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength)
  if (b.length >= 24 && b[0] === 0x89 && ascii(b, 1, 3) === 'PNG' && ascii(b, 12, 4) === 'IHDR') return png(b, v)
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return jpeg(b, v)
  if (b.length >= 10 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a'))
    return { format: 'gif', width: v.getUint16(6, true), height: v.getUint16(8, true), hasAlpha: false }
  if (b.length >= 30 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return webp(b, v)
  if (b.length >= 8 && (ascii(b, 0, 4) === 'II*\0' || ascii(b, 0, 4) === 'MM\0*')) return { format: 'tiff', width: null, height: null, hasAlpha: false }
  if (b.length >= 12 && ascii(b, 4, 4) === 'ftyp') return isoBmff(b, v)
  return null
}

function png(b: Uint8Array, v: DataView): SniffedImage {
  const colorType = b[25]
  let hasAlpha = colorType === 4 || colorType === 6
  // Palette or grey images carry transparency in a tRNS chunk, which comes before the first IDAT.
  for (let at = 33; !hasAlpha && at + 8 <= b.length; ) {
    const type = ascii(b, at + 4, 4)
    if (type === 'IDAT' || type === 'IEND') break
    if (type === 'tRNS') hasAlpha = true
    at += 12 + v.getUint32(at)
  }
  return { format: 'png', width: v.getUint32(16), height: v.getUint32(20), hasAlpha }
}

function jpeg(b: Uint8Array, v: DataView): SniffedImage | null {
  let at = 2
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return null
    const marker = b[at + 1]
    if (marker === 0xff) {
      at++ // fill byte
      continue
    }
    const len = v.getUint16(at + 2)
    // SOF0..SOF15 carry the size; C4 (Huffman), C8 (reserved) and CC (arithmetic) are not frames.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { format: 'jpeg', width: v.getUint16(at + 7), height: v.getUint16(at + 5), hasAlpha: false }
    if (marker === 0xda || len < 2) break // scan data before any frame header: damaged
    at += 2 + len
  }
  return { format: 'jpeg', width: null, height: null, hasAlpha: false }
}

function webp(b: Uint8Array, v: DataView): SniffedImage {
  const chunk = ascii(b, 12, 4)
  if (chunk === 'VP8X')
    return { format: 'webp', width: 1 + (v.getUint32(24, true) & 0xffffff), height: 1 + (v.getUint32(26, true) >>> 8), hasAlpha: (b[20] & 0x10) !== 0 }
  if (chunk === 'VP8L') {
    const bits = v.getUint32(21, true)
    return { format: 'webp', width: 1 + (bits & 0x3fff), height: 1 + ((bits >>> 14) & 0x3fff), hasAlpha: ((bits >>> 28) & 1) === 1 }
  }
  if (chunk === 'VP8 ') return { format: 'webp', width: v.getUint16(26, true) & 0x3fff, height: v.getUint16(28, true) & 0x3fff, hasAlpha: false }
  return { format: 'webp', width: null, height: null, hasAlpha: false }
}

function isoBmff(b: Uint8Array, v: DataView): SniffedImage | null {
  const brand = ascii(b, 8, 4)
  const format = brand === 'avif' || brand === 'avis' ? 'avif' : ['heic', 'heix', 'mif1', 'msf1', 'hevc'].includes(brand) ? 'heif' : null
  if (!format) return null
  // The primary image's size is in an `ispe` property box near the start of the file.
  const limit = Math.min(b.length - 16, 1 << 16)
  for (let at = 12; at < limit; at++) {
    if (b[at] === 0x69 && ascii(b, at, 4) === 'ispe')
      return { format, width: v.getUint32(at + 8), height: v.getUint32(at + 12), hasAlpha: false }
  }
  return { format, width: null, height: null, hasAlpha: false }
}
