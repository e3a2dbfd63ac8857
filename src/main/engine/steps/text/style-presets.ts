/**
 * The built-in text looks. Each preset builds a RenderStyle from an optional colour and intensity,
 * so "pink neon", "파란 풍선" or "subtle gold" are the same preset with other numbers.
 */
import { darken, hexToRgb, lighten, mix, rgbToHsl, rotateHue, withSl } from './color'
import { DEFAULT_LINE_HEIGHT, metalStops, type RenderStyle, type Stop, type StyleParams, type StylePreset } from './style-types'

const base = (id: string, p: Partial<RenderStyle> & Pick<RenderStyle, 'face'>): RenderStyle => ({
  id,
  letterSpacing: 0.01,
  lineHeight: DEFAULT_LINE_HEIGHT,
  glows: [],
  inflate: 0,
  rough: 0,
  ...p,
})

const shadow = (k: number, alpha = 0.45, color = '#000000'): RenderStyle['shadow'] => ({
  dx: 0.025 * k,
  dy: 0.06 * k,
  blur: 0.09,
  color,
  alpha: Math.min(1, alpha * k),
})

/** Metal presets share one build: the hue makes gold, silver or rose gold. */
function metal(id: string, color: string, satCap: number, side: string, edge: string, stops?: Stop[]) {
  return (p: StyleParams): RenderStyle => {
    const c = p.color ?? color
    const sideC = p.color ? withSl(c, Math.min(satCap, 0.7), 0.3) : side
    return base(id, {
      letterSpacing: 0.015,
      face: { material: 'gradient', stops: (!p.color && stops) || metalStops(c, satCap), reflect: 0.45, alpha: 1, grain: 0, tilt: 0.12 },
      bevel: { size: 0.05, profile: 'chisel', height: 1.1, diffuse: 0.55, specular: 0.9, shininess: 36, rim: 0 },
      stroke: { width: 0.012, color: edge },
      extrusion: { depth: 0.085 * p.depth * p.intensity, angle: 72, front: sideC, back: darken(sideC, 0.75), contour: darken(edge, 0.3), contourWidth: 0.012 },
      shadow: shadow(p.intensity),
    })
  }
}

export const STYLE_PRESETS: readonly StylePreset[] = [
  {
    id: 'gold', label: 'Gold metallic', asColor: '#e9b43c', tintable: false,
    en: [['gold', 3], ['golden', 3], ['gilded', 3], ['gilt', 3], ['luxury', 1], ['premium', 1]],
    ko: [['금색', 3], ['금빛', 3], ['골드', 3], ['황금', 3], ['금박', 3], ['고급', 1]],
    build: metal('gold', '#e9b43c', 0.85, '#86540f', '#3d2404'),
  },
  {
    id: 'silver', label: 'Silver metallic', asColor: '#c4cad3', tintable: false,
    en: [['silver', 3], ['platinum', 3], ['steel', 2], ['metallic', 1], ['metal', 1]],
    ko: [['은색', 3], ['은빛', 3], ['실버', 3], ['플래티넘', 3], ['스틸', 2], ['메탈', 1], ['금속', 1]],
    // Bright polished silver: a soft grey horizon, so it reads apart from chrome's sky and ground.
    build: metal('silver', '#9aa7b8', 0.08, '#555e69', '#1e242b', [
      { at: 0, color: '#ffffff' }, { at: 0.22, color: '#e6eaf0' }, { at: 0.45, color: '#b9c1cc' }, { at: 0.53, color: '#7f8996' },
      { at: 0.62, color: '#aeb6c1' }, { at: 0.86, color: '#f4f6f9' }, { at: 1, color: '#a3abb5' },
    ]),
  },
  {
    id: 'rose-gold', label: 'Rose gold', asColor: '#e59b86', tintable: false,
    en: [['rose gold', 4], ['rose-gold', 4], ['rosegold', 4], ['pink gold', 4], ['copper', 3], ['bronze', 2]],
    ko: [['로즈골드', 4], ['로즈 골드', 4], ['핑크골드', 4], ['구리', 3], ['동색', 2]],
    build: metal('rose-gold', '#e0907a', 0.55, '#84463a', '#3f1b13'),
  },
  {
    id: 'chrome', label: 'Chrome mirror', tintable: true,
    en: [['chrome', 3], ['chromed', 3], ['mirror', 2], ['liquid metal', 3], ['reflective', 1]],
    ko: [['크롬', 3], ['거울', 2], ['미러', 2], ['유광 금속', 2]],
    build: (p) => {
      const sky = p.color ?? '#7aa6d8'
      return base('chrome', {
        letterSpacing: 0.015,
        face: {
          material: 'gradient', reflect: 0.7, alpha: 1, grain: 0, tilt: 0.08,
          stops: [
            { at: 0, color: '#fbfdff' }, { at: 0.22, color: lighten(sky, 0.55) }, { at: 0.46, color: darken(sky, 0.2) },
            { at: 0.5, color: '#15161b' }, { at: 0.55, color: '#3d342d' }, { at: 0.74, color: '#b59d86' },
            { at: 0.9, color: '#fbf6ee' }, { at: 1, color: '#8d96a1' },
          ],
        },
        bevel: { size: 0.055, profile: 'chisel', height: 1.3, diffuse: 0.5, specular: 1, shininess: 60, rim: 0 },
        stroke: { width: 0.014, color: '#15181d' },
        extrusion: { depth: 0.075 * p.depth * p.intensity, angle: 80, front: '#5a636e', back: '#0f1216', contour: '#0b0d10', contourWidth: 0.012 },
        shadow: shadow(p.intensity),
      })
    },
  },
  {
    id: 'neon', label: 'Neon sign', tintable: true, defaultColor: '#ff3fbf',
    en: [['neon', 3], ['glow', 2], ['glowing', 2], ['luminous', 2], ['fluorescent', 2], ['light sign', 2]],
    ko: [['네온', 3], ['형광', 2], ['발광', 2], ['빛나는', 1], ['야광', 2]],
    build: (p) => {
      const c = p.color ?? '#ff3fbf'
      const outer = p.color2 ?? c
      const k = p.intensity
      return base('neon', {
        preferredFont: 'Pretendard/Pretendard-Bold.otf',
        letterSpacing: 0.04,
        face: { material: 'tube', stops: [{ at: 0, color: withSl(c, 1, 0.5) }, { at: 0.55, color: withSl(c, 1, 0.72) }, { at: 1, color: lighten(c, 0.92) }], reflect: 0, alpha: 1, grain: 0, tilt: 0 },
        bevel: { size: 0.05, profile: 'round', height: 1, diffuse: 0, specular: 0, shininess: 1, rim: 0 },
        stroke: { width: 0.012, color: withSl(c, 1, 0.5) },
        glows: [
          { blur: 0.04, color: withSl(c, 1, 0.6), alpha: Math.min(1, 1 * k) },
          { blur: 0.12, color: withSl(c, 1, 0.55), alpha: Math.min(1, 0.95 * k) },
          { blur: 0.3, color: withSl(outer, 1, 0.5), alpha: Math.min(1, 0.75 * k) },
        ],
      })
    },
  },
  {
    id: 'wood', label: 'Carved wood', tintable: false,
    en: [['wood', 3], ['wooden', 3], ['timber', 3], ['oak', 3], ['walnut', 3], ['rustic', 1]],
    ko: [['나무', 3], ['원목', 3], ['목재', 3], ['우드', 3], ['참나무', 3]],
    build: (p) => base('wood', {
      face: { material: 'wood', stops: [{ at: 0, color: '#e2ab6e' }, { at: 0.5, color: '#b06d34' }, { at: 1, color: '#6e3b17' }], reflect: 0, alpha: 1, grain: 0.25, tilt: 0 },
      bevel: { size: 0.045, profile: 'soft', height: 1, diffuse: 0.75, specular: 0.25, shininess: 14, rim: 0 },
      stroke: { width: 0.01, color: '#3a1c09' },
      extrusion: { depth: 0.085 * p.depth * p.intensity, angle: 72, front: '#6a3a18', back: '#26120a', contour: '#1d0d05', contourWidth: 0.01 },
      shadow: shadow(p.intensity),
    }),
  },
  {
    id: 'stone-carved', label: 'Carved stone', tintable: true,
    en: [['stone', 3], ['carved', 2], ['rock', 3], ['granite', 3], ['engraved', 2], ['chiseled', 2], ['concrete', 2], ['rough', 1]],
    ko: [['석재', 3], ['돌', 3], ['바위', 3], ['화강암', 3], ['조각', 2], ['음각', 2], ['콘크리트', 2]],
    build: (p) => {
      const c = p.color ? mix(p.color, '#9b978f', 0.6) : '#a29d94'
      return base('stone-carved', {
        letterSpacing: 0.02,
        face: { material: 'stone', stops: [{ at: 0, color: lighten(c, 0.3) }, { at: 0.5, color: c }, { at: 1, color: darken(c, 0.35) }], reflect: 0, alpha: 1, grain: 0.6, tilt: 0 },
        bevel: { size: 0.08, profile: 'chisel', height: 1.7, diffuse: 1.15, specular: 0.06, shininess: 8, rim: 0 },
        stroke: { width: 0.008, color: darken(c, 0.75) },
        extrusion: { depth: 0.06 * p.depth * p.intensity, angle: 70, front: darken(c, 0.45), back: darken(c, 0.8), contour: darken(c, 0.85), contourWidth: 0.008 },
        shadow: shadow(p.intensity, 0.5),
      })
    },
  },
  {
    id: 'marble', label: 'Marble with gold trim', tintable: true,
    en: [['marble', 3], ['marbled', 3]],
    ko: [['대리석', 3], ['마블', 3]],
    build: (p) => {
      const c = p.color ? lighten(p.color, 0.75) : '#f6f3ee'
      return base('marble', {
        face: { material: 'marble', stops: [{ at: 0, color: c }, { at: 0.5, color: '#8f8b87' }, { at: 1, color: '#c8a45c' }], reflect: 0, alpha: 1, grain: 0.1, tilt: 0 },
        bevel: { size: 0.04, profile: 'chisel', height: 1, diffuse: 0.55, specular: 0.7, shininess: 40, rim: 0 },
        stroke: { width: 0.018, color: '#b98f37' },
        extrusion: { depth: 0.06 * p.depth * p.intensity, angle: 72, front: '#a9a39a', back: '#55504a', contour: '#6b4e16', contourWidth: 0.008 },
        shadow: shadow(p.intensity, 0.4),
      })
    },
  },
  {
    id: 'candy', label: 'Glossy candy plastic', tintable: true, defaultColor: '#ff3b5c',
    en: [['candy', 3], ['plastic', 3], ['jelly', 3], ['gummy', 3], ['toy', 2], ['glossy', 1], ['shiny', 1], ['cute', 1], ['sweet', 1]],
    ko: [['사탕', 3], ['캔디', 3], ['플라스틱', 3], ['젤리', 3], ['장난감', 2], ['광택', 1], ['귀여운', 1], ['달콤', 1]],
    build: (p) => {
      const c = p.color ?? '#ff3b5c'
      const [, s, l] = rgbToHsl(hexToRgb(c))
      const deep = withSl(c, Math.max(0.5, s), Math.min(0.3, l * 0.55))
      return base('candy', {
        preferredFont: 'Jua/Jua-Regular.ttf',
        letterSpacing: 0.02,
        face: { material: 'gradient', stops: [{ at: 0, color: lighten(c, 0.18) }, { at: 0.55, color: c }, { at: 1, color: darken(c, 0.22) }], reflect: 0, alpha: 1, grain: 0, tilt: 0 },
        bevel: { size: 0.1, profile: 'round', height: 1, diffuse: 0.7, specular: 0.85, shininess: 45, rim: 0 },
        gloss: { alpha: 0.5, bottom: 0.45 },
        extrusion: { depth: 0.07 * p.depth * p.intensity, angle: 80, front: darken(c, 0.3), back: deep, contour: darken(deep, 0.5), contourWidth: 0.008 },
        shadow: shadow(p.intensity, 0.4),
      })
    },
  },
  {
    id: 'foil-balloon', label: 'Foil balloon', tintable: true, defaultColor: '#f06aa8',
    en: [['balloon', 3], ['balloons', 3], ['foil', 3], ['inflated', 3], ['puffy', 3], ['party', 1]],
    ko: [['풍선', 3], ['호일', 3], ['빵빵', 2], ['파티', 1]],
    build: (p) => {
      const c = p.color ?? '#f06aa8'
      return base('foil-balloon', {
        preferredFont: 'Jua/Jua-Regular.ttf',
        letterSpacing: 0.05,
        inflate: 0.018,
        face: { material: 'gradient', stops: metalStops(c, 0.9), reflect: 0.5, alpha: 1, grain: 0, tilt: 0.1, crinkle: 0.35 },
        bevel: { size: 0.16, profile: 'round', height: 1, diffuse: 0.85, specular: 1, shininess: 34, rim: 0 },
        stroke: { width: 0.006, color: withSl(c, 0.6, 0.22) },
        shadow: { dx: 0.03, dy: 0.09 * p.intensity, blur: 0.14, color: darken(c, 0.7), alpha: 0.4 },
      })
    },
  },
  {
    id: 'glass', label: 'Clear glass', tintable: true, defaultColor: '#a9e4ff',
    en: [['glass', 3], ['crystal', 3], ['transparent', 2], ['ice', 3], ['icy', 3], ['frosted', 2], ['acrylic', 2]],
    ko: [['유리', 3], ['크리스탈', 3], ['투명', 2], ['얼음', 3], ['아크릴', 2]],
    build: (p) => {
      const c = p.color ?? '#a9e4ff'
      return base('glass', {
        face: { material: 'gradient', stops: [{ at: 0, color: lighten(c, 0.75) }, { at: 0.6, color: c }, { at: 1, color: darken(c, 0.2) }], reflect: 0.5, alpha: 0.2, grain: 0, tilt: 0 },
        bevel: { size: 0.07, profile: 'chisel', height: 1.5, diffuse: 0.9, specular: 1, shininess: 50, rim: 1 },
        gloss: { alpha: 0.55, bottom: 0.42 },
        stroke: { width: 0.014, color: withSl(c, null, 0.18) },
        shadow: { dx: 0.02, dy: 0.06, blur: 0.1, color: darken(c, 0.7), alpha: Math.min(1, 0.5 * p.intensity) },
      })
    },
  },
  {
    id: 'retro-3d', label: 'Retro 80s block', tintable: true, defaultColor: '#ffc93c',
    en: [['retro', 3], ['vintage', 2], ['80s', 3], ['eighties', 3], ['arcade', 3], ['synthwave', 3], ['old school', 2], ['block', 1]],
    ko: [['레트로', 3], ['복고', 3], ['빈티지', 2], ['오락실', 3]],
    build: (p) => {
      const c = p.color ?? '#ffc93c'
      // A face colour from the prompt gets its complement on the sides, so the block never blurs into one hue.
      const side = p.color2 ?? (p.color ? rotateHue(p.color, 180, 0.75, 0.42) : '#e2297f')
      return base('retro-3d', {
        preferredFont: 'BlackHanSans/BlackHanSans-Regular.ttf',
        letterSpacing: 0.03,
        face: {
          material: 'gradient', reflect: 0, alpha: 1, grain: 0, tilt: 0,
          stops: [{ at: 0, color: lighten(c, 0.55) }, { at: 0.48, color: c }, { at: 0.52, color: mix(c, '#ff5a36', 0.55) }, { at: 1, color: mix(c, '#ff2d55', 0.8) }],
        },
        bevel: { size: 0.02, profile: 'chisel', height: 1, diffuse: 0.35, specular: 0.2, shininess: 10, rim: 0 },
        stroke: { width: 0.03, color: '#1b1846' },
        extrusion: { depth: 0.15 * p.depth * p.intensity, angle: 40, front: side, back: darken(side, 0.55), contour: '#1b1846', contourWidth: 0.03 },
      })
    },
  },
  {
    id: 'outline-pop', label: 'Pop outline sticker', tintable: true, defaultColor: '#ffe14d',
    en: [['pop', 3], ['pop art', 4], ['comic', 3], ['cartoon', 3], ['sticker', 3], ['outline', 2], ['outlined', 2]],
    ko: [['팝', 3], ['만화', 3], ['코믹', 3], ['스티커', 3], ['외곽선', 2], ['테두리', 2]],
    build: (p) => {
      const c = p.color ?? '#ffe14d'
      return base('outline-pop', {
        preferredFont: 'Pretendard/Pretendard-Black.otf',
        letterSpacing: 0.02,
        face: { material: 'gradient', stops: [{ at: 0, color: lighten(c, 0.2) }, { at: 1, color: c }], reflect: 0, alpha: 1, grain: 0, tilt: 0 },
        bevel: { size: 0.025, profile: 'round', height: 1, diffuse: 0.3, specular: 0.5, shininess: 20, rim: 0 },
        gloss: { alpha: 0.22, bottom: 0.4 },
        stroke: { width: 0.055, color: '#141414' },
        shadow: { dx: 0.06 * p.intensity, dy: 0.075 * p.intensity, blur: 0, color: p.color2 ?? '#141414', alpha: 1 },
      })
    },
  },
  {
    id: 'chalk', label: 'Chalk handwriting', tintable: true, defaultColor: '#f4f1e6',
    en: [['chalk', 3], ['chalkboard', 3], ['blackboard', 3], ['handwritten', 3], ['handwriting', 3], ['hand-drawn', 3], ['crayon', 3], ['sketch', 2], ['script', 2]],
    ko: [['분필', 3], ['칠판', 3], ['손글씨', 3], ['필기', 2], ['크레파스', 3], ['손그림', 3], ['캘리', 3]],
    build: (p) => {
      const c = p.color ?? '#f4f1e6'
      return base('chalk', {
        preferredFont: 'NanumPenScript/NanumPenScript.ttf',
        letterSpacing: 0.03,
        lineHeight: 1.05,
        face: { material: 'chalk', stops: [{ at: 0, color: c }, { at: 1, color: darken(c, 0.12) }], reflect: 0, alpha: 1, grain: 0.4, tilt: 0 },
        inflate: 0.02,
        rough: 0.45,
        glows: [{ blur: 0.05, color: c, alpha: 0.22 * p.intensity }],
        // A soft dark halo keeps chalk readable on bright photos, like chalk dust on a board.
        shadow: { dx: 0.01, dy: 0.025, blur: 0.12, color: '#1d2b22', alpha: 0.55 },
      })
    },
  },
  {
    id: 'clean', label: 'Clean with soft shadow', tintable: true, defaultColor: '#ffffff',
    en: [['clean', 3], ['simple', 3], ['minimal', 3], ['plain', 3], ['modern', 2]],
    ko: [['심플', 3], ['깔끔', 3], ['단순', 3], ['미니멀', 3], ['모던', 2]],
    build: (p) => {
      const c = p.color ?? '#ffffff'
      return base('clean', {
        face: { material: 'gradient', stops: [{ at: 0, color: c }, { at: 1, color: darken(c, 0.08) }], reflect: 0, alpha: 1, grain: 0, tilt: 0 },
        bevel: { size: 0.02, profile: 'soft', height: 1, diffuse: 0.2, specular: 0.1, shininess: 10, rim: 0 },
        extrusion: { depth: 0.02 * p.depth * p.intensity, angle: 80, front: darken(c, 0.35), back: darken(c, 0.55) },
        shadow: { dx: 0, dy: 0.04 * p.intensity, blur: 0.12, color: '#000000', alpha: 0.5 },
      })
    },
  },
]

export const STYLE_IDS: readonly string[] = STYLE_PRESETS.map((s) => s.id)

export function getPreset(id: string): StylePreset | undefined {
  return STYLE_PRESETS.find((s) => s.id === id)
}
