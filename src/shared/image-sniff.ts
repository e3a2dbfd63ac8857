/**
 * Image format, size and alpha from the first bytes of a file, without decoding a pixel: the server
 * uses it to refuse non-images and decompression bombs (a 30000x30000 PNG is a few KB) at request
 * time, in pure JS, so the server process loads no native image codec. The worker decodes for real
 * and applies the same limits again. Sizes come from `image-size` (TIFF IFDs, the primary HEIF/AVIF
 * item); which formats we accept and whether they carry alpha is decided here.
 */
import { imageSize } from 'image-size'

export interface SniffedImage {
  format: 'png' | 'jpeg' | 'gif' | 'webp' | 'tiff' | 'avif' | 'heif'
  /** Stored size (before any EXIF rotation); null where the header is damaged. */
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
  const found = detect(b)
  if (!found) return null
  const size = sizeOf(b)
  return { ...found, width: size?.width ?? found.width, height: size?.height ?? found.height }
}

function sizeOf(b: Uint8Array): { width: number; height: number } | null {
  try {
    const s = imageSize(b)
    return s.width > 0 && s.height > 0 ? { width: s.width, height: s.height } : null
  } catch {
    return null // damaged or cut short: the worker's decoder says what is wrong
  }
}

function detect(b: Uint8Array): SniffedImage | null {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength)
  if (b.length >= 24 && b[0] === 0x89 && ascii(b, 1, 3) === 'PNG' && ascii(b, 12, 4) === 'IHDR') return png(b, v)
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { format: 'jpeg', width: null, height: null, hasAlpha: false }
  if (b.length >= 10 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) return { format: 'gif', width: null, height: null, hasAlpha: false }
  if (b.length >= 30 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return webp(b)
  if (b.length >= 8 && (ascii(b, 0, 4) === 'II*\0' || ascii(b, 0, 4) === 'MM\0*')) return { format: 'tiff', width: null, height: null, hasAlpha: tiffHasAlpha(v) }
  if (b.length >= 12 && ascii(b, 4, 4) === 'ftyp') return isoBmff(b)
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

/** WebP alpha: the VP8X flag, or the VP8L header's alpha bit; plain VP8 has none. */
function webp(b: Uint8Array): SniffedImage {
  const chunk = ascii(b, 12, 4)
  const hasAlpha = chunk === 'VP8X' ? (b[20] & 0x10) !== 0 : chunk === 'VP8L' ? ((b[24] >>> 4) & 1) === 1 : false
  return { format: 'webp', width: null, height: null, hasAlpha }
}

/**
 * TIFF alpha from the first IFD: samples beyond the colour channels (ExtraSamples) are alpha, as
 * libvips reads them. PhotometricInterpretation 0/1 is grey (1 channel), 5 is CMYK (4), else 3.
 */
function tiffHasAlpha(v: DataView): boolean {
  const le = v.getUint8(0) === 0x49
  try {
    const ifd = v.getUint32(4, le)
    const count = v.getUint16(ifd, le)
    let samples = 1
    let photometric = 2
    for (let i = 0; i < count; i++) {
      const at = ifd + 2 + i * 12
      const tag = v.getUint16(at, le)
      const short = v.getUint16(at + 8, le) // SHORT values sit at the start of the value field
      if (tag === 277) samples = short
      else if (tag === 262) photometric = short
    }
    const colour = photometric === 0 || photometric === 1 ? 1 : photometric === 5 ? 4 : 3
    return samples > colour
  } catch {
    return false // IFD past the bytes we have
  }
}

// The auxiliary-image types that mean "alpha plane" in AVIF (MPEG-B CICP) and HEIF (HEVC auxid 1).
const ALPHA_URNS = ['urn:mpeg:mpegB:cicp:systems:auxiliary:alpha', 'urn:mpeg:hevc:2015:auxid:1']

function isoBmff(b: Uint8Array): SniffedImage | null {
  const brand = ascii(b, 8, 4)
  const format = brand === 'avif' || brand === 'avis' ? 'avif' : ['heic', 'heix', 'mif1', 'msf1', 'hevc'].includes(brand) ? 'heif' : null
  if (!format) return null
  // An alpha plane is an auxiliary item whose `auxC` property names the alpha URN; the properties sit
  // in the `meta` box near the start of the file. auxC = size, 'auxC', version/flags, aux_type\0.
  let hasAlpha = false
  const limit = Math.min(b.length - 12, 1 << 16)
  for (let at = 12; at < limit && !hasAlpha; at++) {
    if (b[at] !== 0x61 || ascii(b, at, 4) !== 'auxC') continue
    const end = b.indexOf(0, at + 8)
    const type = ascii(b, at + 8, (end < 0 ? Math.min(b.length, at + 80) : end) - (at + 8))
    hasAlpha = ALPHA_URNS.includes(type)
  }
  return { format, width: null, height: null, hasAlpha }
}
