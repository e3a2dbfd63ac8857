import { readFileSync } from 'node:fs'
import { GlobalFonts } from '@napi-rs/canvas'
import type { LoadedFont } from './font-registry'

/*
 * Kept apart from font-registry so that listing and checking fonts (which the desktop app's main
 * process does) never loads Skia's native library: only drawing and measuring import this file.
 */
const registered = new Map<string, string>()

/**
 * The CSS family to put in `ctx.font` for this file. Each file gets its own alias: two user files
 * may share a family name, and Skia must not pick between them behind our back.
 */
export function canvasFamily(font: LoadedFont): string {
  const have = registered.get(font.path)
  if (have) return have
  const alias = `AdStudio ${registered.size} ${font.family.replace(/["\\]/g, '')}`
  // From bytes, not a path: Node's fs reads inside a packaged app's asar archive, Skia's file API cannot.
  if (!GlobalFonts.register(readFileSync(font.path), alias)) throw new Error(`the canvas could not load font file ${font.name}`)
  registered.set(font.path, alias)
  return alias
}
