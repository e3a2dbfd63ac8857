/**
 * Step 3: the step-2 text layer onto the step-1 scene. Placement (fixed or auto), fitting, the
 * mode's treatment (overlay, blend, behind), the legibility guard, and the final composite all
 * happen here; everything beyond the scene's one-pass detail map works inside a padded region
 * around the text box, so cost follows the text's size, not the canvas's.
 */
import type { Box, Mask, RgbaImage } from '../../image/raster'
import { choosePlacement } from './auto-position'
import { blendShadow, blendTint, type ShadowSpec } from './blend-mode'
import { boxLuminanceStats, contrastAgainst, dominantTextColor, relativeLuminance } from './contrast'
import { boxColor, buildDetailMap, estimateLight } from './detail-map'
import { alphaBounds, crop, resampleRgba } from './fit-layer'
import { alphaPlane, blurAlpha, overColor, overLayer, regionFromImage, writeRegion } from './layer-ops'
import { faceColor, faceContrast } from './face-contrast'
import { applyLegibilityGuard, guardReach, MIN_CONTRAST } from './legibility-guard'
import { firstLineHeight } from './headline'
import { minCapPx } from './ad-layout'
import type { CandidateScore, ComposeInput, ComposeResult } from './types'

export type * from './types'

/**
 * Height of one line of lettering: the text box divided by the number of separate inked row
 * bands. Outline and shadow sizes follow it, so a three-line block does not get a triple outline.
 */
export function estimateGlyphHeight(layer: RgbaImage): number {
  const { width, height, data } = layer
  const rows = new Float32Array(height)
  let max = 0
  for (let y = 0; y < height; y++) {
    let s = 0
    for (let x = 0, i = y * width * 4 + 3; x < width; x++, i += 4) s += data[i]
    rows[y] = s
    if (s > max) max = s
  }
  if (max === 0) return Math.max(4, height)
  // Gaps thinner than this are inside a line (the dot of an i, stacked jamo), not between lines.
  const minGap = Math.max(2, Math.round(height * 0.03))
  const runs: number[] = []
  let start = -1
  let gap = 0
  for (let y = 0; y <= height; y++) {
    const inked = y < height && rows[y] > max * 0.02
    if (inked) {
      if (start < 0) start = y
      gap = 0
    } else if (start >= 0) {
      gap++
      if (gap >= minGap || y === height) {
        runs.push(y - gap + 1 - start)
        start = -1
        gap = 0
      }
    }
  }
  const longest = runs.reduce((m, r) => Math.max(m, r), 0)
  const lines = Math.max(1, runs.filter((r) => r >= longest * 0.35).length)
  return Math.max(4, height / lines)
}

function checkInput(input: ComposeInput): void {
  const { scene, productMask, textLayer } = input
  if (scene.width <= 0 || scene.height <= 0 || scene.data.length !== scene.width * scene.height * 4) {
    throw new Error(`compose: scene buffer does not match ${scene.width}x${scene.height} RGBA`)
  }
  if (productMask && (productMask.width !== scene.width || productMask.height !== scene.height)) {
    throw new Error(
      `compose: product mask is ${productMask.width}x${productMask.height}, scene is ${scene.width}x${scene.height}`,
    )
  }
  if (textLayer.data.length !== textLayer.width * textLayer.height * 4) {
    throw new Error(`compose: text layer buffer does not match ${textLayer.width}x${textLayer.height} RGBA`)
  }
  if (input.textFace && input.textFace.length !== textLayer.width * textLayer.height) {
    throw new Error(`compose: text face mask does not match the ${textLayer.width}x${textLayer.height} layer`)
  }
}

/** Puts the scene back over the composite wherever the product is: the product always wins in behind mode. */
function restoreProduct(image: RgbaImage, scene: RgbaImage, mask: Mask, box: Box): void {
  const [x0, y0, w, h] = box
  const out = image.data
  const src = scene.data
  const m = mask.data
  for (let y = y0; y < y0 + h; y++) {
    for (let x = x0, p = y * image.width + x0; x < x0 + w; x++, p++) {
      const a = m[p]
      if (a <= 0) continue
      const i = p * 4
      if (a >= 1) {
        out[i] = src[i]
        out[i + 1] = src[i + 1]
        out[i + 2] = src[i + 2]
        out[i + 3] = src[i + 3]
        continue
      }
      for (let k = 0; k < 4; k++) out[i + k] = out[i + k] * (1 - a) + src[i + k] * a
    }
  }
}

/** Alpha-weighted share of the product that the text's ink covers, as the viewer sees it. */
function coverage(layer: RgbaImage, box: Box, mask: Mask | null, behind: boolean): number {
  if (!mask) return 0
  let total = 0
  for (let i = 0; i < mask.data.length; i++) total += mask.data[i]
  if (total <= 0) return 0
  let covered = 0
  const [bx, by] = box
  for (let y = 0; y < layer.height; y++) {
    for (let x = 0; x < layer.width; x++) {
      const a = layer.data[(y * layer.width + x) * 4 + 3] / 255
      if (a === 0) continue
      const m = mask.data[(by + y) * mask.width + bx + x]
      covered += m * a * (behind ? 1 - m : 1)
    }
  }
  return covered / total
}

/** The face coverage carried as the alpha of an RGBA image, so it is cropped and resampled exactly like the layer. */
function faceAsLayer(layer: RgbaImage, face: Uint8Array): RgbaImage {
  const out: RgbaImage = { width: layer.width, height: layer.height, data: new Uint8ClampedArray(layer.width * layer.height * 4) }
  for (let p = 0; p < face.length; p++) out.data[p * 4 + 3] = face[p]
  return out
}

export function composeAd(input: ComposeInput): ComposeResult {
  checkInput(input)
  const { scene, productMask, mode } = input
  const { width, height } = scene
  const image: RgbaImage = { width, height, data: new Uint8ClampedArray(scene.data) }
  const bounds = alphaBounds(input.textLayer)
  if (!bounds) {
    // Nothing to draw (empty copy): the scene is the ad.
    return {
      image,
      textBox: [0, 0, 0, 0],
      position: input.position === 'auto' ? 'center' : input.position,
      scale: 0,
      candidates: [],
      legibility: { contrastBefore: 21, contrastAfter: 21, guard: 'none' },
      productCoverage: 0,
      headlinePx: 0,
      minCapPx: minCapPx(width, height),
    }
  }
  const trimmed = crop(input.textLayer, bounds)
  const faceTrim = input.textFace ? crop(faceAsLayer(input.textLayer, input.textFace), bounds) : null
  const trimmedFaceColor = faceTrim ? faceColor(trimmed, alphaPlane(faceTrim, 0, 0, faceTrim.width, faceTrim.height)) : null
  const map = buildDetailMap(scene, productMask)
  const firstLine = firstLineHeight(faceTrim ?? trimmed)
  const minCap = minCapPx(width, height)
  const ranked = input.textBox
    ? [fitIntoBox(input.textBox, trimmed.width, trimmed.height)]
    : keepHeadlineSize(
        choosePlacement(map, trimmed.width, trimmed.height, input.position, {
          textLuminance: relativeLuminance(trimmedFaceColor ?? dominantTextColor(trimmed)),
          mode,
          // The face alone shows the gaps between lines; a style's drop shadow can fill them.
          glyphRatio: estimateGlyphHeight(faceTrim ?? trimmed) / trimmed.height,
          region: input.textRegion ?? null,
        }),
        firstLine,
        minCap,
      )
  const best = ranked[0]
  const box = best.box
  const [bx, by, bw, bh] = box
  let layer = resampleRgba(trimmed, bw, bh)
  const face = faceTrim ? resampleRgba(faceTrim, bw, bh) : null
  const glyphH = estimateGlyphHeight(face ?? layer)

  let shadow: ShadowSpec | null = null
  if (mode === 'blend') {
    const light = input.light ?? estimateLight(map)
    layer = blendTint(layer, box, map, light)
    shadow = blendShadow(light, glyphH, boxColor(map, box))
  }

  const shadowReach = shadow ? Math.ceil(Math.max(Math.abs(shadow.dx), Math.abs(shadow.dy)) + 3 * shadow.sigma) : 0
  const reach = Math.max(guardReach(glyphH), shadowReach) + 2
  const rx = Math.max(0, bx - reach)
  const ry = Math.max(0, by - reach)
  const rw = Math.min(width, bx + bw + reach) - rx
  const rh = Math.min(height, by + bh + reach) - ry
  const region = regionFromImage(image, rx, ry, rw, rh)
  const ox = bx - rx
  const oy = by - ry
  const textAlpha = alphaPlane(layer, ox, oy, rw, rh)

  const behind = mode === 'behind' && productMask !== null
  let visible: Float32Array | null = null
  if (behind) {
    visible = new Float32Array(rw * rh)
    for (let y = 0; y < rh; y++) {
      for (let x = 0; x < rw; x++) visible[y * rw + x] = 1 - productMask.data[(ry + y) * width + rx + x]
    }
  }
  const sceneStats = boxLuminanceStats(scene, box, behind ? productMask : null)
  const facePlane = face ? alphaPlane(face, ox, oy, rw, rh) : null
  const color = (face && faceColor(layer, alphaPlane(face, 0, 0, bw, bh))) || dominantTextColor(layer)
  const selfContrast = facePlane ? faceContrast(region, layer, facePlane, [ox, oy, bw, bh], glyphH, color, visible) : 0
  const guard =
    selfContrast >= MIN_CONTRAST
      ? { guard: 'none' as const, contrastBefore: contrastAgainst(relativeLuminance(color), sceneStats), contrastAfter: selfContrast }
      : applyLegibilityGuard(region, { textAlpha, box: [ox, oy, bw, bh], glyphHeight: glyphH, visible }, color, sceneStats)
  // The blend shadow goes over the guard: a plate is a surface the lit text casts onto. The
  // guard was measured without it, which only errs on the safe side.
  if (shadow) {
    const cast = alphaPlane(layer, ox + Math.round(shadow.dx), oy + Math.round(shadow.dy), rw, rh)
    overColor(region, shadow.color, blurAlpha(cast, rw, rh, shadow.sigma), shadow.opacity)
  }
  overLayer(region, layer, ox, oy)
  writeRegion(image, region)
  if (behind) restoreProduct(image, scene, productMask, [rx, ry, rw, rh])

  return {
    image,
    textBox: [bx, by, bw, bh],
    position: best.position,
    scale: bw / trimmed.width,
    candidates: ranked,
    legibility: { contrastBefore: guard.contrastBefore, contrastAfter: guard.contrastAfter, guard: guard.guard },
    productCoverage: coverage(layer, box, productMask, behind),
    headlinePx: Math.round(firstLine * (bw / trimmed.width) * 10) / 10,
    minCapPx: minCap,
  }
}

/** The request's text_box: the layer fitted inside it (contain, never enlarged), centred. */
function fitIntoBox(b: Box, w: number, h: number): CandidateScore {
  const scale = Math.min(1, b[2] / w, b[3] / h)
  const bw = Math.max(1, Math.floor(w * scale))
  const bh = Math.max(1, Math.floor(h * scale))
  const box: Box = [Math.round(b[0] + (b[2] - bw) / 2), Math.round(b[1] + (b[3] - bh) / 2), bw, bh]
  return { position: 'box', offset: 0, box, scale, detail: 0, free: 1, contrast: 0, productShare: 0, productFill: 0, clearanceShare: 0, total: 0, rejected: false }
}

/**
 * The headline never shrinks below the minimum cap height: among the acceptable candidates, those
 * that keep it come first (in their ranked order). A layer step 2 already rendered smaller than
 * the minimum cannot be helped here (text is never enlarged); it is recorded as headlinePx.
 */
function keepHeadlineSize(ranked: CandidateScore[], firstLine: number, minCap: number): CandidateScore[] {
  const keeps = (c: CandidateScore): boolean => !c.rejected && firstLine * c.scale >= minCap - 0.5
  if (!ranked.some(keeps)) return ranked
  return [...ranked.filter(keeps), ...ranked.filter((c) => !keeps(c))]
}
