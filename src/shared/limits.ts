/** Input limits, shared by the request schema, the decoders and the help text. */
export const LIMITS = {
  /** Decompression-bomb guard: more pixels than this are refused before decoding. */
  maxInputPixels: 50_000_000,
  minInputSide: 32,
  /** Base64 text of one image (≈ 36 MB of bytes); the HTTP body limit is 64 MB in all. */
  maxBase64Chars: 48_000_000,
  minOutputSide: 256,
  maxOutputSide: 2048,
  maxPromptChars: 2000,
  maxTextChars: 500,
  maxFontNameChars: 255,
  /** Scene variations one job may generate (`samples`), and so the highest sample index. */
  maxSamples: 8,
} as const
