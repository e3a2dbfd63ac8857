/**
 * Input limits, stated once: the request schema, the engine's decoders, the HTTP body limit, the IPC
 * schemas and the editor's checks at pick/drop/paste all read these numbers and these sentences, so
 * a photo the editor accepts is never refused later for a limit the user was not told about.
 */
export const LIMITS = {
  /** Decompression-bomb guard: more pixels than this are refused before decoding (the README's 50 MP). */
  maxInputPixels: 50_000_000,
  minInputSide: 32,
  /**
   * Bytes of one input image file. A 50 MP photo from a camera is 15-50 MB as JPEG; 64 MB leaves room
   * for high-quality JPEG/WebP/AVIF at the pixel limit (an uncompressed 50 MP PNG would not fit).
   */
  maxInputBytes: 64_000_000,
  /**
   * Base64 text of one image field: the encoding of maxInputBytes, plus room for line breaks (MIME
   * wraps at 76 characters) and a data: URL prefix. The decoded byte count is what is then checked.
   */
  maxBase64Chars: Math.ceil((Math.ceil(64_000_000 / 3) * 4 * 78) / 76) + 256,
  minOutputSide: 256,
  maxOutputSide: 2048,
  maxPromptChars: 2000,
  maxTextChars: 500,
  maxFontNameChars: 255,
  /** Scene variations one job may generate (`samples`), and so the highest sample index. */
  maxSamples: 8,
} as const

/** The largest POST /generate body: two images at the limit (a product and a step-1 image) and the fields. */
export const MAX_BODY_BYTES = 2 * LIMITS.maxBase64Chars + 1_000_000

/** Decimal megabytes, as file managers show them: 49_700_000 → "49.7 MB", 64_000_000 → "64 MB". */
export function formatMegabytes(bytes: number): string {
  const mb = bytes / 1e6
  return `${mb >= 10 ? (Math.round(mb * 10) / 10).toString() : mb.toFixed(1)} MB`
}

export const formatMegapixels = (pixels: number): string => `${Math.round(pixels / 1e5) / 10} MP`

/**
 * What is wrong with an input image's size, in plain words, or null. `bytes` is the file size; width
 * and height come from its header (null when the header does not say, e.g. TIFF: then only bytes).
 */
export function imageSizeProblem(bytes: number, width: number | null, height: number | null): { code: 'image_too_large' | 'image_too_small'; rule: string } | null {
  if (bytes > LIMITS.maxInputBytes)
    return { code: 'image_too_large', rule: `the file is ${formatMegabytes(bytes)}; the limit is ${formatMegabytes(LIMITS.maxInputBytes)}` }
  if (width === null || height === null) return null
  const pixels = width * height
  if (pixels > LIMITS.maxInputPixels)
    return { code: 'image_too_large', rule: `${width}x${height} is ${(pixels / 1e6).toFixed(1)} megapixels; the limit is ${LIMITS.maxInputPixels / 1e6} megapixels` }
  if (width < LIMITS.minInputSide || height < LIMITS.minInputSide)
    return { code: 'image_too_small', rule: `${width}x${height} is too small; width and height must be at least ${LIMITS.minInputSide} px` }
  return null
}

/** The formats an input image may be in (the engine decodes all of them; a browser previews most). */
export const INPUT_FORMATS_TEXT = 'PNG, JPEG, WebP, AVIF, TIFF or GIF'
