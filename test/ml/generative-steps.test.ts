import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMask, createRgba, type Box, type RgbaImage } from '../../src/main/engine/image/raster'
import { BiRefNetSegmenter } from '../../src/main/engine/steps/generative/birefnet-segmenter'
import { renderControlNetText } from '../../src/main/engine/steps/generative/controlnet-text'
import { contactRing, generateSceneBackground } from '../../src/main/engine/steps/generative/scene-background'
import { colourName, scenePrompt } from '../../src/main/engine/steps/generative/scene-prompt'
import { writeTinyModelFolder } from '../helpers/tiny-onnx/model-folder'
import { buildBiRefNet } from '../helpers/tiny-onnx/segmentation'
import { testSessions } from '../helpers/tiny-onnx/sessions'

let root: string
let turbo: string
let control: string
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'adstudio-genstep-'))
  turbo = await writeTinyModelFolder(join(root, 'turbo'), 'sd-turbo')
  control = await writeTinyModelFolder(join(root, 'control'), 'controlnet')
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

/** A striped opaque product with a soft left edge. */
function product(w: number, h: number): RgbaImage {
  const p = createRgba(w, h)
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) p.data.set([(x * 37) % 256, (y * 53) % 256, 90, x === 0 ? 128 : 255], (y * w + x) * 4)
  return p
}

describe('diffusion scene background (step 1 engine)', () => {
  const canvas = { width: 160, height: 128 }
  const box: Box = [56, 40, 40, 60]
  const prod = product(40, 60)

  it('returns one scene per seed with the product pasted back pixel for pixel', async () => {
    const s = testSessions()
    const out = await generateSceneBackground({ model: turbo, sessions: s, canvas, prompt: 'marble table', product: { image: prod, box }, productPalette: [[200, 30, 30]], steps: 2, guidance: 0, seeds: [3, 4], workingSide: 128 })
    expect(out.samples.map((x) => x.seed)).toEqual([3, 4])
    expect(out.prompt).toMatch(/^marble table, .*colours that go with red/)
    for (const smp of out.samples) {
      expect(smp).toMatchObject({ harmonised: true, image: { width: 160, height: 128 }, background: { look: { id: 'diffusion' } } })
      for (let y = 0; y < 60; y++)
        for (let x = 1; x < 40; x++) {
          const d = ((box[1] + y) * canvas.width + box[0] + x) * 4
          const p = (y * 40 + x) * 4
          expect([smp.image.data[d], smp.image.data[d + 1], smp.image.data[d + 2]]).toEqual([prod.data[p], prod.data[p + 1], prod.data[p + 2]])
        }
      expect(smp.mask.data[(box[1] + 10) * canvas.width + box[0] + 10]).toBe(1)
    }
    expect(s.openPaths).toEqual([])
  })

  it('the harmonising inpaint touches only the contact ring', async () => {
    const base = { model: turbo, sessions: testSessions(), canvas, prompt: 'wood', product: { image: prod, box }, steps: 2, guidance: 0, seeds: [9], workingSide: 128 }
    const on = (await generateSceneBackground(base)).samples[0].image
    const off = (await generateSceneBackground({ ...base, harmonise: false })).samples[0].image
    const alpha = createMask(canvas.width, canvas.height)
    for (let y = 0; y < 60; y++) for (let x = 0; x < 40; x++) alpha.data[(box[1] + y) * canvas.width + box[0] + x] = prod.data[(y * 40 + x) * 4 + 3] / 255
    const ring = contactRing(alpha, box, 4)
    let inside = 0
    for (let i = 0; i < ring.data.length; i++) {
      const changed = [0, 1, 2].some((c) => on.data[i * 4 + c] !== off.data[i * 4 + c])
      if (ring.data[i] === 0) expect(changed, `pixel ${i % canvas.width},${Math.floor(i / canvas.width)}`).toBe(false)
      else if (changed) inside++
    }
    expect(inside).toBeGreaterThan(0)
  })

  it('without a product: just the scenes; cancellable', async () => {
    const out = await generateSceneBackground({ model: turbo, sessions: testSessions(), canvas, prompt: '', product: null, steps: 1, guidance: 0, seeds: [1], workingSide: 128 })
    expect(out.samples[0].mask.data.every((v) => v === 0)).toBe(true)
    const ctrl = new AbortController()
    ctrl.abort(new Error('stop now'))
    await expect(generateSceneBackground({ model: turbo, sessions: testSessions(), canvas, prompt: '', product: null, steps: 1, guidance: 0, seeds: [1], signal: ctrl.signal })).rejects.toThrow('stop now')
  })

  it('names palette colours in words', () => {
    expect([[250, 250, 250], [20, 20, 20], [128, 128, 128], [220, 40, 30], [240, 200, 30], [30, 160, 60], [40, 80, 220], [120, 70, 30]].map((c) => colourName(c as [number, number, number]))).toEqual([
      'white', 'black', 'grey', 'red', 'yellow', 'green', 'blue', 'brown',
    ])
    expect(scenePrompt('', undefined, { azimuthDeg: 150, elevationDeg: 40, softness: 0.9, color: [255, 255, 255] })).toMatch(/^clean studio backdrop, .*soft diffused light from the left/)
  })
})

describe('ControlNet styled text (step 2 engine)', () => {
  /** Two "letters": opaque bars on a transparent layer. */
  function vectorText(): RgbaImage {
    const l = createRgba(192, 96)
    for (let y = 30; y < 66; y++) for (const [x0, x1] of [[40, 70], [110, 150]]) for (let x = x0; x < x1; x++) l.data.set([255, 210, 60, 255], (y * 192 + x) * 4)
    return l
  }
  const full = { segment: async (img: RgbaImage) => createMask(img.width, img.height, 1) }
  const nothing = { segment: async (img: RgbaImage) => createMask(img.width, img.height, 0) }

  it('styles the letters inside the vector shapes only', async () => {
    const vector = vectorText()
    // A segmenter that keeps everything would spill: allowed here to show the alpha stays confined.
    const out = await renderControlNetText({ model: control, sessions: testSessions(), vectorLayer: vector, stylePrompt: 'neon pink', steps: 1, guidance: 0, seed: 5, segmenter: full, maxSpill: 100, workingSide: 128 })
    expect(out).toMatchObject({ engine: 'controlnet', reason: null })
    expect(out.coverage).toBe(1)
    // Alpha outside the letters only in a thin rim (antialiasing), never farther than 4 px away.
    const near = (x: number, y: number) => {
      for (let dy = -4; dy <= 4; dy++) for (let dx = -4; dx <= 4; dx++) if (vector.data[((y + dy) * 192 + x + dx) * 4 + 3] > 0) return true
      return false
    }
    for (let y = 4; y < 92; y++) for (let x = 4; x < 188; x++) if (out.layer.data[(y * 192 + x) * 4 + 3] > 0) expect(near(x, y), `${x},${y}`).toBe(true)
    expect(out.layer.data[(40 * 192 + 50) * 4 + 3]).toBe(255)
    expect(out.layer.data[(5 * 192 + 5) * 4 + 3]).toBe(0)
    expect(out.edges.length).toBe(192 * 96)
  })

  it('falls back to the vector text when the letters would not survive', async () => {
    const vector = vectorText()
    const out = await renderControlNetText({ model: control, sessions: testSessions(), vectorLayer: vector, stylePrompt: 'chrome', steps: 1, guidance: 0, seed: 5, segmenter: nothing, workingSide: 128 })
    expect(out).toMatchObject({ engine: 'vector-fallback', coverage: 0 })
    expect(out.reason).toMatch(/cover 0% of the text \(need 85%\): kept the vector text/)
    expect(out.layer).toBe(vector)
    const spilled = await renderControlNetText({ model: control, sessions: testSessions(), vectorLayer: vector, stylePrompt: 'chrome', steps: 1, guidance: 0, seed: 5, segmenter: full, workingSide: 128 })
    expect(spilled.reason).toMatch(/spills \d+% beyond the letters \(max 25%\)/)
    expect((await renderControlNetText({ model: control, sessions: testSessions(), vectorLayer: createRgba(64, 64), stylePrompt: '', steps: 1, guidance: 0, seed: 1 })).reason).toBe('the text layer is empty')
  })

  it('runs with the BiRefNet segmenter as the cut-out engine', async () => {
    const p = join(root, 'seg.onnx')
    await writeFile(p, buildBiRefNet(128))
    const seg = await BiRefNetSegmenter.create(p, 'cpu')
    const out = await renderControlNetText({ model: control, sessions: testSessions(), vectorLayer: vectorText(), stylePrompt: 'gold', steps: 1, guidance: 0, seed: 2, segmenter: seg, minCoverage: 0, maxSpill: 100, workingSide: 128 })
    expect(out.engine).toBe('controlnet')
    await seg.release()
  })
})
