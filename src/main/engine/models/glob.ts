/**
 * Repository path patterns for catalogue entries ("unet/*", "text_encoder/model.onnx*", "**\/model.onnx",
 * "{unet,vae_decoder}/*"), matched with picomatch: `*` within one path segment, `**` across whole
 * segments, brace sets and ranges. User catalogues pass their own patterns, so a hand-written
 * translation (which let `**\/model.onnx` match `unet/my_model.onnx`) is not kept.
 */
import picomatch from 'picomatch'

// dot: Hub repositories hold dotfiles (".gitattributes") and a pattern may name them on purpose.
const OPTIONS: picomatch.PicomatchOptions = { dot: true }
const cache = new Map<string, RegExp>()

export function globToRegExp(pattern: string): RegExp {
  let re = cache.get(pattern)
  if (!re) {
    re = picomatch.makeRe(pattern, OPTIONS)
    cache.set(pattern, re)
  }
  return re
}

export function matchesAny(path: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => globToRegExp(p).test(path))
}
