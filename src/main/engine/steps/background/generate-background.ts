/**
 * Pipeline step 1, "background": the built-in procedural studio backdrop. Pure and deterministic:
 * the same request always yields byte-identical pixels, so jobs can be re-run and cached, and tests
 * can pin results.
 */
import { createRgba, type RgbaImage } from '../../image/raster'
import type { BackgroundRequest, BackgroundResult, Rgb, SceneLayout, SceneLight } from './scene-types'
import { resolveLook } from './compose-look'
import { computeGeometry } from './layout'
import { makeGrid } from './grid'
import { GradientNoise } from './noise'
import { Rng, normalizeSeed } from './prng'
import { lightField } from './lighting'
import { applyTextures } from './textures'
import { drawOverlay, foldCoverage } from './bokeh'
import { buildRows } from './backdrop'
import { makeWeave } from './weave'
import { renderPixels } from './render'
import { roundRgb } from './palette'
import { applyGobo, goboFromPrompt } from './gobo'

export const MIN_SIZE = 16
export const MAX_SIZE = 8192

// Building the 256x256 gradient table costs ~2 ms; a job often renders the same seed at preview and
// full size, so the last few tables are kept.
const noiseCache = new Map<number, GradientNoise>()

function noiseFor(seed: number): GradientNoise {
  let n = noiseCache.get(seed)
  if (!n) {
    n = new GradientNoise(seed)
    if (noiseCache.size >= 4) noiseCache.delete(noiseCache.keys().next().value as number)
    noiseCache.set(seed, n)
  }
  return n
}

function checkSize(v: number, name: string): number {
  if (!Number.isFinite(v)) throw new RangeError(`background ${name} must be a finite number, got ${v}`)
  const n = Math.round(v)
  if (n < MIN_SIZE || n > MAX_SIZE) throw new RangeError(`background ${name} must be within ${MIN_SIZE}..${MAX_SIZE}, got ${v}`)
  return n
}

/** Mean colour over a sparse lattice: plenty for a smooth backdrop and ~100x cheaper than every pixel. */
function meanColor(img: RgbaImage): Rgb {
  const step = Math.max(1, Math.floor(Math.min(img.width, img.height) / 64))
  let r = 0
  let g = 0
  let b = 0
  let n = 0
  for (let y = step >> 1; y < img.height; y += step) {
    for (let x = step >> 1; x < img.width; x += step) {
      const k = (y * img.width + x) * 4
      r += img.data[k]
      g += img.data[k + 1]
      b += img.data[k + 2]
      n++
    }
  }
  return roundRgb([r / n, g / n, b / n])
}

export function generateBackground(req: BackgroundRequest): BackgroundResult {
  const width = checkSize(req.width, 'width')
  const height = checkSize(req.height, 'height')
  const seed = normalizeSeed(req.seed)
  const look = resolveLook(typeof req.prompt === 'string' ? req.prompt : '', seed, req.productPalette)
  const top = req.view === 'top'
  const geometry = computeGeometry(width, height, look.kind, look.horizonShift, req.view ?? 'front')
  const grid = makeGrid(width, height)
  const noise = noiseFor(seed)
  const rng = new Rng(seed)

  const M = lightField(grid, geometry, look, noise)
  const fields = applyTextures(grid, geometry, look, noise, seed, M)
  // Bokeh is out-of-focus light behind the set: a flat lay has no behind.
  const overlay = top ? null : drawOverlay(grid, geometry, look, rng.fork(0xb0c))
  if (overlay) foldCoverage(overlay, fields.M)
  const rows = buildRows(geometry, look)
  const linen = look.wallTexture === 'linen' || look.floorTexture === 'linen'
  const weave = linen ? makeWeave(geometry, seed, Math.max(look.wallStrength, look.floorStrength)) : null
  const image = createRgba(width, height)
  renderPixels({ grid, geometry, rows, fields, overlay, weave, grain: look.grain, sparkle: look.sparkle, seed }, image.data)
  // Sun through a window frame or leaves ("window light", "창가", "leaf shadows"), across wall and floor.
  const gobo = goboFromPrompt(typeof req.prompt === 'string' ? req.prompt : '')
  if (gobo) applyGobo(image, gobo, look.azimuth, seed)

  const lightRng = rng.fork(0x119)
  const light: SceneLight = {
    azimuthDeg: Math.round(look.azimuth * 10) / 10,
    elevationDeg: Math.round(Math.min(90, Math.max(5, look.light.elevation + lightRng.range(-4, 4))) * 10) / 10,
    softness: Math.min(1, Math.max(0, look.light.softness)),
    color: roundRgb(look.light.color),
  }
  const layout: SceneLayout = {
    width,
    height,
    horizonY: top ? 0 : Math.round(Math.min(height, geometry.horizonY)),
    groundY: Math.round(geometry.groundY),
    glossy: look.glossy && !top,
    reflectivity: look.glossy && !top ? look.reflectivity : 0,
    ambient: meanColor(image),
  }
  const name = gobo ? `${look.name} · ${gobo === 'window' ? 'window light' : 'leaf shadows'}` : look.name
  return { image, light, layout, look: { id: look.id, name, matchedWords: look.matchedWords } }
}
