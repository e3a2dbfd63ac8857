/**
 * Turns prompt words + seed + product colours into one resolved Look: picks the surface and the
 * mood, merges them, applies colour words and modifiers, and decides the light direction.
 */
import type { Rgb } from './scene-types'
import type { Look, LookPreset, TintSpec } from './look-types'
import { LOOKS, NEUTRAL_ID, lookById } from './looks'
import { matchPrompt, type PromptMatch } from './scene-words'
import { Rng } from './prng'
import { clamp01, harmonize, hslToRgb, luma, mix, rgbToHsl, scale, tint } from './palette'

function mapColors(p: LookPreset, f: (c: Rgb, role: 'wall' | 'floor' | 'accent' | 'fx') => Rgb): LookPreset {
  return {
    ...p,
    wall: [f(p.wall[0], 'wall'), f(p.wall[1], 'wall')],
    floor: [f(p.floor[0], 'floor'), f(p.floor[1], 'floor')],
    wallAccent: f(p.wallAccent, 'accent'),
    floorAccent: f(p.floorAccent, 'accent'),
    bokeh: p.bokeh && { ...p.bokeh, colors: p.bokeh.colors.map((c) => f(c, 'fx')) },
    sea: p.sea && { ...p.sea, color: f(p.sea.color, 'fx') },
    glows: p.glows?.map((g) => ({ ...g, color: f(g.color, 'fx') })),
  }
}

/** Seeded hue variety for looks that are "a colour" rather than a material (pastel, acrylic...). */
function rehue(p: LookPreset, rng: Rng): LookPreset {
  if (!p.hues?.length) return p
  const target = rng.pick(p.hues)
  const [h0] = rgbToHsl(p.wall[1])
  const shift = target - h0
  return mapColors(p, (c) => {
    const [h, s, l] = rgbToHsl(c)
    return hslToRgb(h + shift, s, l)
  })
}

function applyTint(c: Rgb, t: TintSpec | undefined): Rgb {
  return t ? mix(c, t.color, t.amount) : c
}

/** The surface's material in the mood's colours and light. */
function combine(surface: LookPreset, mood: LookPreset): LookPreset {
  // A sweep is one sheet of paper or cloth: it takes the mood's colours top to bottom.
  const oneSheet = surface.kind !== 'wallFloor'
  // A surface with its own backdrop (the beach's sea and sky) keeps it: a mood's wall over the sea
  // gives a garden hanging over the water. The mood brings its light only.
  if (surface.sea) return { ...surface, name: `${mood.name} · ${surface.name}`, light: mood.light, hotspot: mood.hotspot, side: mood.side }
  return {
    ...surface,
    name: `${mood.name} · ${surface.name}`,
    wall: mood.wall,
    wallAccent: mood.wallAccent,
    wallTexture: oneSheet ? surface.wallTexture : mood.wallTexture,
    wallStrength: oneSheet ? surface.wallStrength : mood.wallStrength,
    floor: oneSheet ? mood.floor : [applyTint(surface.floor[0], mood.floorTint), applyTint(surface.floor[1], mood.floorTint)],
    floorAccent: applyTint(surface.floorAccent, mood.accentTint),
    light: mood.light,
    hotspot: mood.hotspot,
    side: mood.side,
    vignette: mood.vignette,
    glossy: surface.glossy || mood.glossy,
    reflectivity: Math.max(surface.reflectivity, mood.reflectivity * (surface.floorTexture === 'marble' ? 1 : 0.6)),
    dapple: mood.dapple,
    bokeh: mood.bokeh,
    glows: mood.glows,
    grain: Math.max(surface.grain, mood.grain),
  }
}

/** The default look: a quiet sweep tinted from the product's own colours. */
function harmonized(p: LookPreset, palette: Rgb[] | undefined, rng: Rng): LookPreset {
  const hm = harmonize(palette, rng)
  const s = hm.saturation
  const l = hm.lightness
  return {
    ...p,
    wall: [hslToRgb(hm.hue, s * 1.05, l - 0.07), hslToRgb(hm.hue, s, l)],
    floor: [hslToRgb(hm.hue, s * 0.9, l + 0.02), hslToRgb(hm.hue, s * 0.85, Math.min(0.95, l + 0.05))],
    wallAccent: hslToRgb(hm.hue, s, l - 0.15),
    floorAccent: hslToRgb(hm.hue, s, l - 0.15),
    // A mid-tone backdrop behind a bright product reads better with a stronger pool of light.
    hotspot: l < 0.7 ? 0.3 : p.hotspot,
  }
}

/**
 * Colour words tint the wall strongly and the floor lightly, except when one directly names the
 * material ("black marble", "검은 대리석"): then the material itself takes the colour, and dark
 * stone gets pale veins so it still reads as stone.
 */
function applyColorWords(p: LookPreset, m: PromptMatch, surfaceStarts: number[]): LookPreset {
  if (m.colors.length === 0) return p
  const first = m.colors[0]
  const second = m.colors[1]
  const material = m.colors.find((c) => surfaceStarts.some((s) => s >= c.end && s - c.end <= 2))
  // A sweep is one sheet of the material, so a material colour reaches the wall too.
  const oneSheet = p.kind !== 'wallFloor' && !m.table
  const wallColor = material && material === first && !oneSheet ? second : first
  let out = mapColors(p, (c, role) => {
    if (role === 'wall') return wallColor ? tint(c, wallColor.color, material ? 0.45 : 0.6, wallColor.lightness) : c
    if (role === 'floor') {
      if (material) return tint(c, material.color, 0.8, material.lightness)
      return tint(c, first.color, 0.45, first.lightness * 0.8)
    }
    if (role === 'accent') return second && second !== material ? tint(c, second.color, 0.7, 0.4) : c
    return tint(c, (second ?? first).color, 0.35, 0.1)
  })
  if (material && luma(out.floor[1]) < 0.3 && luma(out.floorAccent) < 0.6) {
    out = { ...out, floorAccent: mix([226, 222, 214], material.color, 0.12) }
  }
  return out
}

function applyModifiers(p: LookPreset, m: PromptMatch): LookPreset {
  let out = p
  if (m.modifiers.has('dark')) {
    out = mapColors(out, (c, role) => (role === 'fx' ? c : scale(c, 0.55)))
    out = { ...out, vignette: out.vignette + 0.15 }
  }
  if (m.modifiers.has('bright')) {
    out = mapColors(out, (c, role) => (role === 'fx' ? c : mix(c, [255, 255, 255], 0.3)))
    out = { ...out, vignette: out.vignette * 0.6 }
  }
  if (m.modifiers.has('soft')) {
    out = { ...out, light: { ...out.light, softness: clamp01(out.light.softness + 0.2) }, side: out.side * 0.7 }
  }
  if (m.modifiers.has('dramatic')) {
    out = {
      ...out,
      light: { ...out.light, softness: clamp01(out.light.softness - 0.25) },
      vignette: out.vignette + 0.15,
      side: out.side + 0.08,
      hotspot: out.hotspot + 0.15,
    }
  }
  return out
}

export function resolveLook(prompt: string, seed: number, productPalette?: Rgb[]): Look {
  const m = matchPrompt(prompt)
  const rng = new Rng(seed).fork(0x100c)
  const roleOf = (id: string) => lookById(id).role
  const surfaceHit = m.looks.find((h) => roleOf(h.id) === 'surface')
  const moodHit = m.looks.find((h) => roleOf(h.id) === 'mood')
  const hueRng = rng.fork(1)
  const surface = surfaceHit && rehue(lookById(surfaceHit.id), hueRng)
  const mood = moodHit && rehue(lookById(moodHit.id), hueRng)
  let preset: LookPreset
  if (surface && mood) preset = combine(surface, mood)
  else preset = surface ?? mood ?? lookById(NEUTRAL_ID)
  if (preset.id === NEUTRAL_ID && m.colors.length === 0) preset = harmonized(preset, productPalette, rng.fork(2))
  preset = applyColorWords(preset, m, surfaceHit?.indices ?? [])
  preset = applyModifiers(preset, m)
  // "marble table", "linen on a desk": a named table needs a tabletop edge, not a paper curve.
  if (m.table && preset.kind === 'sweep') preset = { ...preset, kind: 'wallFloor' }

  // Mirroring the key light per seed gives every prompt two families of variants.
  const lightRng = rng.fork(3)
  const mirrored = lightRng.chance(0.5)
  const jitter = lightRng.range(-8, 8)
  let azimuth = preset.light.azimuth + jitter
  if (mirrored) azimuth = 180 - azimuth
  azimuth = Math.min(175, Math.max(5, azimuth))
  const used = new Set<string>([...(surfaceHit?.words ?? []), ...(moodHit?.words ?? []), ...m.colors.map((c) => c.word)])
  for (const w of m.words) if (m.tableWords.includes(w) || m.modifierWords.includes(w)) used.add(w)
  return {
    ...preset,
    matchedWords: m.words.filter((w) => used.has(w)),
    azimuth,
    lightFromLeft: azimuth > 90,
  }
}

/** Every look id the generator can produce. */
export function lookIds(): string[] {
  return LOOKS.map((l) => l.id)
}
