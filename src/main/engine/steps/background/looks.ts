/**
 * Look presets. Colours were tuned by eye on rendered samples at 1:1, 9:16 and 1.91:1; they stay a
 * little less saturated than real materials because the product, not the set, must carry the
 * colour of an ad. Palette colours are "the colour right behind the product": lighting.ts exposes
 * for that spot, and everything else falls off from it.
 */
import type { LookPreset } from './look-types'
import { hex } from './palette'

const base = {
  wallAccent: hex('#c8c8c8'),
  floorAccent: hex('#c8c8c8'),
  wallTexture: 'paper',
  floorTexture: 'paper',
  wallStrength: 1,
  floorStrength: 1,
  hotspot: 0.2,
  side: 0.1,
  vignette: 0.25,
  glossy: false,
  reflectivity: 0,
  horizonShift: 0,
  dapple: 0,
  grain: 1.8,
  sparkle: 0,
} satisfies Partial<LookPreset>

function look(p: Partial<LookPreset> & Pick<LookPreset, 'id' | 'name' | 'role' | 'kind' | 'wall' | 'floor' | 'light'>): LookPreset {
  return { ...base, ...p } as LookPreset
}

export const NEUTRAL_ID = 'neutral'

export const LOOKS: readonly LookPreset[] = [
  look({
    id: 'studio', name: 'White studio sweep', role: 'surface', kind: 'sweep',
    wall: [hex('#e9e9eb'), hex('#f6f6f6')], floor: [hex('#f7f7f7'), hex('#fafafa')],
    light: { azimuth: 130, elevation: 50, softness: 0.85, color: hex('#fffaf3') },
    hotspot: 0.25, side: 0.07, vignette: 0.14,
  }),
  look({
    id: NEUTRAL_ID, name: 'Neutral studio (matched to the product)', role: 'surface', kind: 'sweep',
    wall: [hex('#e4dfd8'), hex('#f0ece6')], floor: [hex('#f2eee8'), hex('#f5f2ed')],
    light: { azimuth: 135, elevation: 50, softness: 0.8, color: hex('#fffaf3') },
    hotspot: 0.28, side: 0.08, vignette: 0.16,
  }),
  look({
    id: 'marble', name: 'White marble tabletop', role: 'surface', kind: 'wallFloor',
    wall: [hex('#e2ded9'), hex('#f1eeea')], floor: [hex('#f7f5f2'), hex('#f3f1ee')],
    floorAccent: hex('#77726d'), wallTexture: 'plaster', floorTexture: 'marble', wallStrength: 0.8,
    light: { azimuth: 125, elevation: 45, softness: 0.7, color: hex('#fff8ee') },
    hotspot: 0.35, side: 0.1, vignette: 0.24, glossy: true, reflectivity: 0.22,
  }),
  look({
    id: 'wood', name: 'Wooden table', role: 'surface', kind: 'wallFloor',
    wall: [hex('#dfd3c4'), hex('#eee6db')], floor: [hex('#c29569'), hex('#b08358')],
    floorAccent: hex('#6a4527'), wallTexture: 'plaster', floorTexture: 'wood', wallStrength: 0.7,
    light: { azimuth: 145, elevation: 35, softness: 0.55, color: hex('#ffe8c8') },
    hotspot: 0.4, side: 0.14, vignette: 0.26, reflectivity: 0.05,
  }),
  look({
    id: 'kitchen', name: 'Kitchen counter', role: 'surface', kind: 'wallFloor',
    wall: [hex('#eef0ee'), hex('#f6f7f5')], floor: [hex('#e6e2dc'), hex('#eeebe5')],
    wallAccent: hex('#b4b9b7'), floorAccent: hex('#5f5b57'), wallTexture: 'tiles', floorTexture: 'speckle',
    light: { azimuth: 160, elevation: 40, softness: 0.6, color: hex('#fff4e4') },
    hotspot: 0.35, side: 0.16, vignette: 0.22, glossy: true, reflectivity: 0.14,
    bokeh: { count: 9, colors: [hex('#fff3dc'), hex('#ffffff')], minR: 0.02, maxR: 0.05, opacity: 0.22, area: 'top' },
  }),
  look({
    id: 'beach', name: 'Beach and sea', role: 'surface', kind: 'wallFloor',
    wall: [hex('#78b2dd'), hex('#d3e8f3')], floor: [hex('#e2cea6'), hex('#d6bd90')],
    floorAccent: hex('#b09466'), wallTexture: 'sky', floorTexture: 'sand', wallStrength: 0.8,
    sea: { color: hex('#2f86a8'), height: 0.075 }, horizonShift: -0.05,
    light: { azimuth: 115, elevation: 60, softness: 0.3, color: hex('#fff3dc') },
    hotspot: 0.15, side: 0.08, vignette: 0.16, grain: 2.6, sparkle: 0.35,
  }),
  look({
    id: 'snow', name: 'Winter snow', role: 'surface', kind: 'wallFloor',
    wall: [hex('#b8c8da'), hex('#e9eff5')], floor: [hex('#f1f5f9'), hex('#f9fbfc')],
    floorAccent: hex('#b6c5d6'), wallTexture: 'plaster', floorTexture: 'snow', wallStrength: 0.6,
    light: { azimuth: 135, elevation: 25, softness: 0.65, color: hex('#f2f7ff') },
    hotspot: 0.35, side: 0.12, vignette: 0.22, sparkle: 0.6,
    bokeh: { count: 45, colors: [hex('#ffffff'), hex('#eef5ff')], minR: 0.006, maxR: 0.028, opacity: 0.55, area: 'all' },
  }),
  look({
    id: 'neon', name: 'Neon night', role: 'mood', kind: 'wallFloor',
    wall: [hex('#0d0a17'), hex('#19132d')], floor: [hex('#0a0911'), hex('#110f1b')],
    wallAccent: hex('#2a2540'), floorAccent: hex('#2a2540'), wallTexture: 'concrete', floorTexture: 'none', wallStrength: 0.35,
    light: { azimuth: 150, elevation: 30, softness: 0.35, color: hex('#ff6cc8') },
    hotspot: 0.2, side: 0.1, vignette: 0.4, glossy: true, reflectivity: 0.5, grain: 2.2,
    glows: [
      { x: 0.1, y: 0.35, radius: 0.45, color: hex('#ff2aa8'), alpha: 0.75 },
      { x: 0.92, y: 0.3, radius: 0.38, color: hex('#1fd4ff'), alpha: 0.55 },
      { x: 0.5, y: 0.02, radius: 0.32, color: hex('#7a3cff'), alpha: 0.3 },
    ],
    bokeh: { count: 26, colors: [hex('#ff4fc0'), hex('#3fe0ff'), hex('#9a6bff')], minR: 0.008, maxR: 0.03, opacity: 0.5, area: 'wall' },
    floorTint: { color: hex('#141020'), amount: 0.75 }, accentTint: { color: hex('#ff4fc0'), amount: 0.5 },
  }),
  look({
    id: 'pastel', name: 'Pastel sweep', role: 'mood', kind: 'sweep',
    wall: [hex('#f2c9d2'), hex('#f8dce2')], floor: [hex('#f9e3e8'), hex('#fbeaee')],
    floorAccent: hex('#d4b0b9'), hues: [348, 18, 40, 160, 200, 262],
    light: { azimuth: 120, elevation: 55, softness: 0.9, color: hex('#fffaf8') },
    hotspot: 0.3, side: 0.06, vignette: 0.1,
    floorTint: { color: hex('#f3dde3'), amount: 0.5 }, accentTint: { color: hex('#c9a3ad'), amount: 0.5 },
  }),
  look({
    id: 'luxury', name: 'Luxury black and gold', role: 'mood', kind: 'wallFloor',
    wall: [hex('#100f0e'), hex('#2a2520')], floor: [hex('#1a1816'), hex('#131110')],
    wallAccent: hex('#3a342c'), floorAccent: hex('#a8844a'), wallTexture: 'plaster', floorTexture: 'marble',
    wallStrength: 0.6, floorStrength: 0.7,
    light: { azimuth: 135, elevation: 40, softness: 0.45, color: hex('#ffe0ae') },
    hotspot: 1.8, side: 0.15, vignette: 0.5, glossy: true, reflectivity: 0.35,
    glows: [{ x: 0.35, y: 0.38, radius: 0.32, color: hex('#c8985a'), alpha: 0.14 }],
    bokeh: { count: 14, colors: [hex('#e8c27a'), hex('#c9994f'), hex('#fff0cc')], minR: 0.01, maxR: 0.035, opacity: 0.45, area: 'wall' },
    floorTint: { color: hex('#1a1715'), amount: 0.75 }, accentTint: { color: hex('#b38b4d'), amount: 0.8 },
  }),
  look({
    id: 'holiday', name: 'Festive red and gold', role: 'mood', kind: 'wallFloor',
    wall: [hex('#6e1217'), hex('#9c2024')], floor: [hex('#6a1614'), hex('#5a1210')],
    floorAccent: hex('#3a0b0a'), wallTexture: 'plaster', floorTexture: 'satin', wallStrength: 0.5,
    light: { azimuth: 135, elevation: 40, softness: 0.6, color: hex('#ffdcae') },
    hotspot: 0.6, side: 0.12, vignette: 0.42, glossy: true, reflectivity: 0.18,
    bokeh: {
      count: 55, colors: [hex('#ffd27a'), hex('#ffb347'), hex('#fff0c2'), hex('#ff8a5c')],
      minR: 0.008, maxR: 0.045, opacity: 0.6, area: 'wall',
    },
    floorTint: { color: hex('#7a2a1c'), amount: 0.15 }, accentTint: { color: hex('#5a1a10'), amount: 0.2 },
  }),
  look({
    id: 'nature', name: 'Garden table', role: 'mood', kind: 'wallFloor',
    // The outdoor product shot: a weathered wooden table in leaf shade, the garden a soft blur
    // behind. (A grey floor with bright sun flecks read as a stained floor, not as outdoors.)
    wall: [hex('#4b6638'), hex('#8fab66')], floor: [hex('#b39069'), hex('#c4a27a')],
    wallAccent: hex('#c9dc8a'), floorAccent: hex('#7a5a3c'), wallTexture: 'foliage', floorTexture: 'wood',
    floorStrength: 0.4,
    light: { azimuth: 120, elevation: 55, softness: 0.45, color: hex('#fff2d2') },
    hotspot: 0.3, side: 0.12, vignette: 0.24, dapple: 0.1,
    bokeh: { count: 18, colors: [hex('#fff6d8'), hex('#e8f5b0'), hex('#ffffff')], minR: 0.012, maxR: 0.045, opacity: 0.3, area: 'wall' },
    floorTint: { color: hex('#a78a63'), amount: 0.12 },
  }),
  look({
    id: 'concrete', name: 'Industrial concrete', role: 'surface', kind: 'wallFloor',
    wall: [hex('#b3b0ab'), hex('#c8c5c0')], floor: [hex('#b1aea9'), hex('#a6a39e')],
    wallAccent: hex('#5c5955'), floorAccent: hex('#5c5955'), wallTexture: 'concrete', floorTexture: 'concrete',
    light: { azimuth: 150, elevation: 38, softness: 0.45, color: hex('#f2f5f8') },
    hotspot: 0.45, side: 0.15, vignette: 0.32, grain: 2.5,
  }),
  look({
    id: 'linen', name: 'Linen fabric sweep', role: 'surface', kind: 'sweep',
    wall: [hex('#e0d3bf'), hex('#ebe1d1')], floor: [hex('#eee5d8'), hex('#f1e9de')],
    wallTexture: 'linen', floorTexture: 'linen',
    light: { azimuth: 130, elevation: 45, softness: 0.85, color: hex('#fff4e4') },
    hotspot: 0.3, side: 0.1, vignette: 0.16,
  }),
  look({
    id: 'sunset', name: 'Golden-hour sunset', role: 'mood', kind: 'wallFloor',
    wall: [hex('#c06f6c'), hex('#f7c283')], floor: [hex('#d9a27a'), hex('#b27d5b')],
    floorAccent: hex('#6b4031'), wallTexture: 'sky', floorTexture: 'paper', wallStrength: 0.6,
    light: { azimuth: 165, elevation: 12, softness: 0.35, color: hex('#ffb068') },
    hotspot: 0.55, side: 0.22, vignette: 0.26,
    glows: [{ x: 0.12, y: 0.52, radius: 0.38, color: hex('#ffe0a8'), alpha: 0.6 }],
    bokeh: { count: 10, colors: [hex('#ffd9a0'), hex('#ffb37a')], minR: 0.012, maxR: 0.04, opacity: 0.35, area: 'wall' },
    floorTint: { color: hex('#a86a4c'), amount: 0.35 }, accentTint: { color: hex('#6b3a28'), amount: 0.3 },
  }),
  look({
    id: 'spring', name: 'Spring blossom', role: 'mood', kind: 'sweep',
    wall: [hex('#f6d6dc'), hex('#fbebe8')], floor: [hex('#faf0ea'), hex('#fbf5f0')],
    light: { azimuth: 125, elevation: 55, softness: 0.8, color: hex('#fffaf2') },
    hotspot: 0.35, side: 0.08, vignette: 0.14,
    bokeh: {
      count: 30, colors: [hex('#f49ab1'), hex('#ffffff'), hex('#f7bccb'), hex('#fbd3dd'), hex('#f49ab1'), hex('#e2f3d4')],
      minR: 0.012, maxR: 0.055, opacity: 0.7, area: 'top',
    },
    floorTint: { color: hex('#f3e6e0'), amount: 0.25 },
  }),
  look({
    id: 'terrazzo', name: 'Terrazzo tabletop', role: 'surface', kind: 'wallFloor',
    wall: [hex('#e6ded3'), hex('#f1ebe2')], floor: [hex('#f2ede5'), hex('#eee8e0')],
    floorAccent: hex('#c0704e'), wallTexture: 'plaster', floorTexture: 'terrazzo', wallStrength: 0.7,
    light: { azimuth: 130, elevation: 45, softness: 0.6, color: hex('#fff6ea') },
    hotspot: 0.35, side: 0.1, vignette: 0.22,
  }),
  look({
    id: 'acrylic', name: 'Glossy acrylic', role: 'surface', kind: 'wallFloor',
    wall: [hex('#8fb3d6'), hex('#bcd3ea')], floor: [hex('#a9c3dd'), hex('#9fbad6')],
    hues: [210, 340, 165, 30, 270], wallStrength: 0.5, floorTexture: 'none',
    light: { azimuth: 120, elevation: 50, softness: 0.6, color: hex('#ffffff') },
    hotspot: 0.5, side: 0.1, vignette: 0.22, glossy: true, reflectivity: 0.6,
  }),
  look({
    id: 'drape', name: 'Fabric drape', role: 'surface', kind: 'sweep',
    // One sheet of satin-finish cloth hanging behind the product and lying under it.
    wall: [hex('#e3cfc0'), hex('#efe1d5')], floor: [hex('#f1e4d9'), hex('#f3e8de')],
    wallTexture: 'drape', floorTexture: 'drape', hues: [24, 350, 210, 150, 40, 270],
    light: { azimuth: 130, elevation: 45, softness: 0.7, color: hex('#fff6ec') },
    hotspot: 0.3, side: 0.12, vignette: 0.2, grain: 1.5,
  }),
  look({
    id: 'tabletop', name: 'Tabletop with a blurred horizon', role: 'surface', kind: 'wallFloor',
    // A pale table in the foreground, the landscape behind it a soft blur: sky, haze, distant trees.
    wall: [hex('#a9c3d8'), hex('#f1e7d8')], floor: [hex('#d8c2a4'), hex('#ccb292')],
    wallAccent: hex('#72815f'), floorAccent: hex('#8a6a4a'), wallTexture: 'horizon', floorTexture: 'wood',
    floorStrength: 0.45, horizonShift: 0.02,
    light: { azimuth: 145, elevation: 35, softness: 0.55, color: hex('#fff0d8') },
    hotspot: 0.3, side: 0.12, vignette: 0.2,
    bokeh: { count: 12, colors: [hex('#fff4dc'), hex('#ffe9c0'), hex('#ffffff')], minR: 0.025, maxR: 0.06, opacity: 0.28, area: 'wall' },
  }),
  look({
    id: 'gradient', name: 'Colour gradient', role: 'surface', kind: 'gradient',
    wall: [hex('#e7a78f'), hex('#f7d9c9')], floor: [hex('#f7d9c9'), hex('#f7d9c9')],
    hues: [18, 200, 330, 150, 262, 42], wallStrength: 0.6,
    light: { azimuth: 135, elevation: 50, softness: 0.8, color: hex('#fffaf5') },
    hotspot: 0.45, side: 0.12, vignette: 0.25,
    // A second hue washing in from the far corner turns a plain ramp into a duotone.
    glows: [{ x: 1, y: 0.0, radius: 0.85, color: hex('#b7a3dd'), alpha: 0.6 }],
  }),
]

const BY_ID = new Map(LOOKS.map((l) => [l.id, l]))

export function lookById(id: string): LookPreset {
  const l = BY_ID.get(id)
  if (!l) throw new Error(`unknown background look: ${id}`)
  return l
}
