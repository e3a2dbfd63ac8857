/** Fonts for the text step and GET /fonts: listing, safe name resolution, per-character fallback. */
export { BUNDLED_FONTS, DEFAULT_FONT_NAME, LEGACY_FONT_ALIASES } from './bundled-fonts'
export { configureFontRoots, listFonts, userFontsDir, type FontInfo, type FontRoot, type FontRootOptions, type LoadedFont } from './font-registry'
export { FontNameError, assertFontName, fontNameRuleBroken, resolveFont } from './resolve-font-name'
export { fallbackChain, splitRuns, type FallbackRecord, type RunSplit, type TextRun } from './font-fallback'
