import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cropToRequest, padMask, padPlane, padRgba, planCanvas } from '../../src/main/engine/diffusion/pipeline/canvas-padding'
import { generateImages, type DiffusionRequest } from '../../src/main/engine/diffusion/pipeline/generate'
import { decodeLatents, encodeImage } from '../../src/main/engine/diffusion/pipeline/vae'
import { createMask, type RgbaImage } from '../../src/main/engine/image/raster'
import { writeTinyModelFolder, type TinyVariant } from '../helpers/tiny-onnx/model-folder'
import { testSessions } from '../helpers/tiny-onnx/sessions'

let root: string
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'adstudio-canvas-'))
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})
let n = 0
const folder = (variant: TinyVariant) => writeTinyModelFolder(join(root, `${variant}-${n++}`), variant)

/** Distinct, position-dependent pixels (so a shifted crop cannot pass). */
function gradient(w: number, h: number): RgbaImage {
  const data = new Uint8ClampedArray(w * h * 4)
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set([(x * 7 + y) % 256, (y * 5) % 256, (x * y) % 256, 255], (y * w + x) * 4)
  return { width: w, height: h, data }
}

const px = (img: RgbaImage, x: number, y: number) => Array.from(img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4))

describe('canvas plan and padding', () => {
  it('rounds each side up to 64 and centres the request on the 8-pixel grid', () => {
    expect(planCanvas(72, 136)).toEqual({ width: 72, height: 136, runWidth: 128, runHeight: 192, left: 24, top: 24 })
    expect(planCanvas(64, 48)).toEqual({ width: 64, height: 48, runWidth: 64, runHeight: 64, left: 0, top: 8 })
    expect(planCanvas(512, 768)).toEqual({ width: 512, height: 768, runWidth: 512, runHeight: 768, left: 0, top: 0 })
    expect(planCanvas(520, 8)).toMatchObject({ runWidth: 576, runHeight: 64, left: 24, top: 24 })
  })

  it('images and maps repeat their edges, masks repaint the margin, the crop undoes the pad', () => {
    const p = planCanvas(8, 8, 32)
    expect(p).toMatchObject({ runWidth: 32, runHeight: 32, left: 8, top: 8 })
    const img = gradient(8, 8)
    const padded = padRgba(img, p)
    expect(padded).toMatchObject({ width: 32, height: 32 })
    expect(px(padded, 0, 0)).toEqual(px(img, 0, 0))
    expect(px(padded, 31, 31)).toEqual(px(img, 7, 7))
    expect(px(padded, 12, 3)).toEqual(px(img, 4, 0))
    expect(px(padded, 3, 13)).toEqual(px(img, 0, 5))
    expect(px(padded, 10, 11)).toEqual(px(img, 2, 3))
    expect(cropToRequest(padded, p)).toEqual(img)

    const mask = createMask(8, 8)
    mask.data[9] = 0.7
    const pm = padMask(mask, p)
    expect(pm.data[0]).toBe(1)
    expect(pm.data[8 * 32 + 8]).toBe(0)
    expect(pm.data[9 * 32 + 9]).toBeCloseTo(0.7, 6)
    expect(pm.data.reduce((s, v) => s + v, 0)).toBeCloseTo(32 * 32 - 64 + 0.7, 3)

    const edges = new Uint8Array(64).map((_, i) => i)
    const pe = padPlane(edges, p)
    expect([pe[0], pe[31], pe[31 * 32 + 31], pe[10 * 32 + 13]]).toEqual([0, 7, 63, 2 * 8 + 5])
    expect(() => padPlane(new Uint8Array(10), p)).toThrow(/control map has 10 values/)
  })
})

describe('sizes that are multiples of 8 but not of 64', () => {
  const W = 72
  const H = 136
  const req = (model: string, extra: Partial<DiffusionRequest> = {}): DiffusionRequest => ({ model, prompt: 'a photo of a cat', width: W, height: H, steps: 2, guidance: 0, seeds: [3], ...extra })

  it('text-to-image runs on the 128x192 canvas and returns exactly 72x136', async () => {
    const r = await generateImages(req(await folder('sd-turbo')), testSessions())
    expect(r.images[0]).toMatchObject({ width: W, height: H })
    expect(r.images[0].data.length).toBe(W * H * 4)
    expect(r.info.runSize).toEqual({ width: 128, height: 192 })
  })

  it('an all-keep mask returns the VAE round trip of the init image, pixel-aligned in the requested area', async () => {
    const dir = await folder('sd-turbo')
    const init = gradient(W, H)
    const s = testSessions()
    const r = await generateImages(req(dir, { init: { image: init, strength: 1, mask: createMask(W, H), pasteBack: false } }), s)
    // The stand-in VAE maps each 8x8 block on its own, so the unpadded round trip is the expectation.
    const enc = join(dir, 'vae_encoder', 'model.onnx')
    const latents = await encodeImage(s, enc, init, W, H, 0.18215)
    const [expected] = await decodeLatents(s, join(dir, 'vae_decoder', 'model.onnx'), [latents], W / 8, H / 8, 0.18215)
    const got = r.images[0]
    expect(got).toMatchObject({ width: W, height: H })
    let maxDiff = 0
    for (let i = 0; i < got.data.length; i++) maxDiff = Math.max(maxDiff, Math.abs(got.data[i] - expected.data[i]))
    expect(maxDiff).toBeLessThanOrEqual(1)
  })

  it('inpainting keeps every unmasked pixel and repaints the masked ones', async () => {
    const init = gradient(W, H)
    const ring = createMask(W, H)
    for (let y = 40; y < 96; y++) for (let x = 16; x < 56; x++) ring.data[y * W + x] = 1
    for (const variant of ['sd-turbo', 'inpaint'] as const) {
      const r = await generateImages(req(await folder(variant), { steps: 3, init: { image: init, strength: 1, mask: ring } }), testSessions())
      let changed = 0
      for (let i = 0; i < W * H; i++) {
        const same = [0, 1, 2, 3].every((c) => r.images[0].data[i * 4 + c] === init.data[i * 4 + c])
        if (ring.data[i] === 0) expect(same).toBe(true)
        else if (!same) changed++
      }
      expect(changed).toBeGreaterThan(1000)
    }
  })

  it('ControlNet residuals at latent/8 line up on the padded canvas', async () => {
    const dir = await folder('controlnet')
    const edges = new Uint8Array(W * H).map((_, i) => (i % 5 ? 0 : 255))
    const on = await generateImages(req(dir, { control: { image: edges, scale: 1 } }), testSessions())
    const off = await generateImages(req(dir, { control: { image: edges, scale: 0 } }), testSessions())
    expect(on.images[0]).toMatchObject({ width: W, height: H })
    expect(on.info.runSize).toEqual({ width: 128, height: 192 })
    expect(on.images[0].data).not.toEqual(off.images[0].data)
    await expect(generateImages(req(dir, { control: { image: new Uint8Array(64 * 64), scale: 1 } }), testSessions())).rejects.toThrow(/control map/)
  })
})
