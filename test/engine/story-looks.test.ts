import { describe, expect, it } from 'vitest'
import type { RgbaImage } from '../../src/main/engine/image/raster'
import { comic, from5, PIXEL_PALETTE, pixelArt, ps1 } from '../../src/main/engine/image/story-looks'

/** A known test picture: a horizontal grey ramp with a dark disc and a saturated red square. */
function picture(w = 128, h = 96): RgbaImage {
  const data = new Uint8ClampedArray(w * h * 4)
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4
      let [r, g, b] = [(x * 255) / (w - 1), (x * 255) / (w - 1), (x * 255) / (w - 1)]
      if ((x - 40) ** 2 + (y - 48) ** 2 < 20 ** 2) [r, g, b] = [30, 30, 60]
      if (x >= 80 && x < 110 && y >= 20 && y < 50) [r, g, b] = [230, 20, 40]
      data.set([r, g, b, 255], i)
    }
  return { width: w, height: h, data }
}

const colours = (img: RgbaImage) => {
  const set = new Set<number>()
  for (let i = 0; i < img.data.length; i += 4) set.add((img.data[i] << 16) | (img.data[i + 1] << 8) | img.data[i + 2])
  return set
}

/** Whether every cell × cell block (aligned at 0) is one colour. */
function blocksUniform(img: RgbaImage, cell: number): boolean {
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) {
      const a = (y * img.width + x) * 4
      const b = (Math.floor(y / cell) * cell * img.width + Math.floor(x / cell) * cell) * 4
      for (let c = 0; c < 3; c++) if (img.data[a + c] !== img.data[b + c]) return false
    }
  return true
}

describe('story looks (seed 000 modes with a rendering trait)', () => {
  it('pixel: hard 2×2 squares, at most 16 colours, all from the palette', () => {
    const out = pixelArt(picture())
    expect(blocksUniform(out, 2)).toBe(true)
    const used = colours(out)
    expect(used.size).toBeLessThanOrEqual(16)
    const palette = new Set(PIXEL_PALETTE.map(([r, g, b]) => (r << 16) | (g << 8) | b))
    for (const c of used) expect(palette.has(c)).toBe(true)
    // the red square stays red (PICO-8 red 255,0,77) and the dark disc dark blue
    expect([...out.data.subarray((30 * 128 + 95) * 4, (30 * 128 + 95) * 4 + 3)]).toEqual([255, 0, 77])
    expect([...out.data.subarray((48 * 128 + 40) * 4, (48 * 128 + 40) * 4 + 3)]).toEqual([29, 43, 83])
  })

  it('ps1: quarter resolution (4×4 squares), 15-bit colour levels, ordered dithering on a smooth ramp', () => {
    const out = ps1(picture())
    expect(blocksUniform(out, 4)).toBe(true)
    const levels = new Set(Array.from({ length: 32 }, (_, q) => from5(q)))
    expect(out.data.filter((v, i) => i % 4 !== 3 && !levels.has(v)).length).toBe(0)
    // dithering: two neighbouring cells of the same ramp value can land on different levels
    const flat: RgbaImage = { width: 16, height: 16, data: new Uint8ClampedArray(16 * 16 * 4).fill(0) }
    for (let i = 0; i < flat.data.length; i += 4) flat.data.set([100, 100, 100, 255], i)
    const d = ps1(flat)
    const seen = new Set<number>()
    for (let i = 0; i < d.data.length; i += 4) seen.add(d.data[i])
    expect([...seen].sort((a, b) => a - b)).toEqual([99, 107]) // 100 lies between levels 12 (99) and 13 (107)
  })

  it('comic: 4 levels per channel, ink on the strong edges, halftone dots in the shadows', () => {
    const img = picture()
    const out = comic(img)
    expect(out.data.filter((v, i) => i % 4 !== 3 && ![0, 85, 170, 255].includes(v)).length).toBe(0)
    const black = (x: number, y: number) => out.data[(y * 128 + x) * 4] === 0 && out.data[(y * 128 + x) * 4 + 1] === 0 && out.data[(y * 128 + x) * 4 + 2] === 0
    // the red square's left edge (x = 80) is inked; the middle of the red square is not
    expect(black(80, 35) || black(79, 35)).toBe(true)
    expect(black(95, 35)).toBe(false)
    // the dark disc is broken into dots: some of its cells black, some not
    let inDisc = 0
    let blackInDisc = 0
    for (let y = 36; y < 60; y++)
      for (let x = 28; x < 52; x++) {
        inDisc++
        if (black(x, y)) blackInDisc++
      }
    expect(blackInDisc / inDisc).toBeGreaterThan(0.2)
    expect(blackInDisc / inDisc).toBeLessThan(0.95)
    // the bright end of the ramp stays free of dots
    for (let y = 10; y < 80; y++) expect(black(125, y)).toBe(false)
  })

  it('is deterministic', () => {
    expect(Buffer.from(comic(picture()).data).equals(Buffer.from(comic(picture()).data))).toBe(true)
    expect(Buffer.from(ps1(picture()).data).equals(Buffer.from(ps1(picture()).data))).toBe(true)
  })
})
