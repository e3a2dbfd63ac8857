/**
 * The staples added in issue 10 §3: fabric drape, tabletop with a blurred horizon, arch podium, a
 * cube that reads as a solid, and gobo words that win over look words. Numbers on rendered pixels.
 */
import { describe, expect, it } from 'vitest'
import { createRgba, type RgbaImage } from '../../../src/main/engine/image/raster'
import { generateBackground } from '../../../src/main/engine/steps/background/generate-background'
import { resolveLook, lookIds } from '../../../src/main/engine/steps/background/compose-look'
import { archOutline, drawPodium, podiumFromPrompt, type PodiumSpec } from '../../../src/main/engine/steps/background/podium'
import { goboFromPrompt } from '../../../src/main/engine/steps/background/gobo'

const lum = (img: RgbaImage, x: number, y: number): number => {
  const i = (y * img.width + x) * 4
  return 0.299 * img.data[i] + 0.587 * img.data[i + 1] + 0.114 * img.data[i + 2]
}

/** Range of a row's luminance over a segment (max - min), for broad folds. */
function rowRange(img: RgbaImage, y: number, x0: number, x1: number): number {
  let lo = 255
  let hi = 0
  for (let x = x0; x < x1; x++) {
    const v = lum(img, x, y)
    lo = Math.min(lo, v)
    hi = Math.max(hi, v)
  }
  return hi - lo
}

describe('staple looks: words in English and Korean', () => {
  it.each([
    ['fabric drape', 'drape'],
    ['draped silk behind the bottle', 'drape'],
    ['실크 드레이프', 'drape'],
    ['새틴 커튼 배경', 'drape'],
    ['tabletop, blurred horizon', 'tabletop'],
    ['coffee on a terrace, bokeh', 'tabletop'],
    ['테라스 아웃포커스', 'tabletop'],
    ['수평선 배경', 'tabletop'],
    ['linen', 'linen'],
    ['marble', 'marble'],
  ])('"%s" selects %s', (prompt, id) => expect(resolveLook(prompt, 1).id).toBe(id))

  it('gobo words win over look words: "leaf shadows" is leaf light on the set, not the garden', () => {
    expect(resolveLook('leaf', 1).id).toBe('nature')
    expect(resolveLook('leaf shadows', 1).id).not.toBe('nature')
    expect(resolveLook('concrete, leaf shadows', 1).id).toBe('concrete')
    expect(resolveLook('나뭇잎 그림자', 1).id).not.toBe('nature')
    expect(resolveLook('대리석, 나뭇잎 그림자', 1).id).toBe('marble')
    expect(goboFromPrompt('concrete, leaf shadows')).toBe('leaves')
    const bg = generateBackground({ width: 64, height: 64, prompt: 'leaf shadows', seed: 3 })
    expect(bg.look.name).toMatch(/leaf shadows/)
    expect(bg.look.id).not.toBe('nature')
  })

  it.each([
    ['pastel arch podium', 'arch'],
    ['arched backdrop', 'arch'],
    ['아치 받침대', 'arch'],
    ['marble podium', 'cylinder'],
  ])('"%s" → podium %s', (prompt, kind) => expect(podiumFromPrompt(prompt)).toBe(kind))

  it('offers the staples among at least 21 scene looks', () => {
    const ids = lookIds()
    expect(ids).toContain('drape')
    expect(ids).toContain('tabletop')
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.length).toBeGreaterThanOrEqual(21)
  })
})

describe('fabric drape', () => {
  it('has folds on the wall behind, calm where the product stands (fold range 3x+ higher up the wall)', () => {
    const W = 480
    const bg = generateBackground({ width: W, height: W, prompt: 'fabric drape', seed: 5 })
    const plain = generateBackground({ width: W, height: W, prompt: 'studio', seed: 5 })
    const wallY = Math.round(0.15 * W)
    const standY = bg.layout.groundY - 4
    const wall = rowRange(bg.image, wallY, 0.2 * W, 0.8 * W)
    const under = rowRange(bg.image, standY, 0.4 * W, 0.6 * W)
    const studioWall = rowRange(plain.image, wallY, 0.2 * W, 0.8 * W)
    // Folds: a clear light-and-shade swing across the wall, far more than a paper sweep's.
    expect(wall).toBeGreaterThan(18)
    expect(wall).toBeGreaterThan(2.5 * studioWall)
    // Under the product's base the cloth lies flat.
    expect(under).toBeLessThan(wall / 3)
  })
})

describe('tabletop with a blurred horizon', () => {
  it('shows a dark band of distant land above the table edge, soft (no hard edges)', () => {
    const W = 480
    const bg = generateBackground({ width: W, height: W, prompt: 'tabletop, blurred horizon', seed: 4 })
    const hy = bg.layout.horizonY
    const rowMean = (y: number) => {
      let s = 0
      for (let x = 0; x < W; x++) s += lum(bg.image, x, y)
      return s / W
    }
    const sky = rowMean(Math.round(0.08 * W))
    const land = rowMean(Math.round(hy - 0.06 * W))
    expect(land).toBeLessThan(sky - 15)
    // Blurred: row means change by at most a few levels per pixel through sky, haze and land.
    let steepest = 0
    for (let y = 2; y < hy - 3; y++) steepest = Math.max(steepest, Math.abs(rowMean(y + 1) - rowMean(y)))
    expect(steepest).toBeLessThan(4)
    // The table in front: wood tones, warmer than the land band.
    const i = ((W - 10) * W + W / 2) * 4
    expect(bg.image.data[i]).toBeGreaterThan(bg.image.data[i + 2] + 20)
  })
})

function flat(W: number, H: number, v: number): RgbaImage {
  const img = createRgba(W, H)
  for (let i = 0; i < W * H; i++) img.data.set([v, v, v, 255], i * 4)
  return img
}

const LIGHT_LEFT = { azimuthDeg: 150, elevationDeg: 40, softness: 0.5, color: [255, 255, 255] as [number, number, number] }

describe('arch podium', () => {
  it.each([
    ['tall bottle', [170, 80, 60, 200] as [number, number, number, number]],
    ['wide box', [120, 170, 160, 110] as [number, number, number, number]],
  ])("the arch's outline contains the product (%s)", (_name, product) => {
    const spec: PodiumSpec = { kind: 'arch', cx: 200, rx: 110, floorY: 330, height: 50, product }
    const o = archOutline(spec)
    const [px, py, pw, ph] = product
    const inside = (x: number, y: number) => {
      if (Math.abs(x - o.cx) > o.halfWidth) return false
      const cy = o.apexY + o.halfWidth
      return y >= cy || Math.hypot(x - o.cx, y - cy) <= o.halfWidth
    }
    for (const [x, y] of [[px, py], [px + pw, py], [px, py + ph], [px + pw, py + ph], [px + pw / 2, py]]) expect(inside(x, y)).toBe(true)
    // With air: the apex clears the product's top by at least 5% of its width.
    expect(py - o.apexY).toBeGreaterThan(0.05 * pw)
    const img = flat(400, 400, 200)
    drawPodium(img, spec, LIGHT_LEFT, [220, 220, 220])
    // The panel shows behind the product's top (a darker colour block), the wall far outside is untouched.
    expect(lum(img, px + pw / 2, Math.round(py - 0.5 * (py - o.apexY)))).toBeLessThan(190)
    expect(lum(img, 395, 10)).toBe(200)
  })
})

describe('cube podium', () => {
  it('shows a lit top face and two side faces in different shades (not a flat slab)', () => {
    const img = flat(400, 400, 128)
    const spec: PodiumSpec = { kind: 'cube', cx: 200, rx: 100, floorY: 320, height: 60 }
    drawPodium(img, spec, LIGHT_LEFT, [200, 200, 200])
    const top = lum(img, 200, 260)
    // Side faces: left and right of the front corner, half-way down.
    let frontCorner = 200
    let best = -1
    for (let x = 120; x <= 280; x++) {
      // The front corner is the lowest point of the box's outline.
      let y = 399
      while (y > 250 && Math.abs(lum(img, x, y) - 128) < 3) y--
      if (y > best) { best = y; frontCorner = x }
    }
    const left = lum(img, Math.round((110 + frontCorner) / 2), 300)
    const right = lum(img, Math.round((290 + frontCorner) / 2), 300)
    expect(top).toBeGreaterThan(Math.max(left, right))
    expect(Math.abs(left - right)).toBeGreaterThan(12)
    // Lit from the left: the left face is the brighter one.
    expect(left).toBeGreaterThan(right)
    // The top face has depth: it spans 20+ px vertically at the centre column (rx 100).
    let y0 = 200
    while (y0 > 150 && Math.abs(lum(img, 200, y0) - top) < 6) y0--
    let y1 = 260
    while (y1 < 320 && Math.abs(lum(img, 200, y1) - top) < 6) y1++
    expect(y1 - y0).toBeGreaterThan(20)
  })
})
