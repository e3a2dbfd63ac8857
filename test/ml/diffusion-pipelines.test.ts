import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fusedControlFeeds, fusedControlInputs } from '../../src/main/engine/diffusion/pipeline/fused-control'
import { generateImages, type DiffusionRequest } from '../../src/main/engine/diffusion/pipeline/generate'
import { createMask, type RgbaImage } from '../../src/main/engine/image/raster'
import { writeTinyModelFolder, type TinyFolderOptions, type TinyVariant } from '../helpers/tiny-onnx/model-folder'
import { testSessions } from '../helpers/tiny-onnx/sessions'

let root: string
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'adstudio-diffusion-'))
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

let n = 0
async function folder(variant: TinyVariant, o: TinyFolderOptions = {}): Promise<string> {
  return writeTinyModelFolder(join(root, `${variant}-${n++}`), variant, o)
}

const W = 64
const H = 48
const base = (model: string, extra: Partial<DiffusionRequest> = {}): DiffusionRequest => ({
  model,
  prompt: 'a photo of a cat',
  width: W,
  height: H,
  steps: 2,
  guidance: 0,
  seeds: [7],
  ...extra,
})

function diff(a: RgbaImage, b: RgbaImage): number {
  let d = 0
  for (let i = 0; i < a.data.length; i++) d += Math.abs(a.data[i] - b.data[i])
  return d / a.data.length
}

function checker(w: number, h: number): RgbaImage {
  const data = new Uint8ClampedArray(w * h * 4)
  for (let i = 0; i < w * h; i++) {
    const v = ((i % w >> 3) + ((i / w) >> 3)) % 2 ? 220 : 30
    data.set([v, 255 - v, 128, 255], i * 4)
  }
  return { width: w, height: h, data }
}

describe('text-to-image on stand-in models', () => {
  it('SD-Turbo: no CFG, deterministic per seed, one model loaded at a time', async () => {
    const dir = await folder('sd-turbo')
    const s = testSessions()
    const a = await generateImages(base(dir, { seeds: [1, 2] }), s)
    expect(a.images).toHaveLength(2)
    expect(a.images[0]).toMatchObject({ width: W, height: H })
    expect(a.info).toMatchObject({ family: 'sd', mode: 'txt2img', scheduler: 'euler', cfg: false, timesteps: [999, 499] })
    expect(diff(a.images[0], a.images[1])).toBeGreaterThan(1)
    const again = await generateImages(base(dir, { seeds: [1] }), s)
    expect(diff(a.images[0], again.images[0])).toBe(0)
    expect(s.maxOpen).toBe(1)
    expect(s.openPaths).toEqual([])
    expect(s.events.filter((e) => e.kind === 'load').map((e) => e.path.split('/').at(-2))).toEqual(['text_encoder', 'unet', 'vae_decoder', 'text_encoder', 'unet', 'vae_decoder'])
  })

  it('SD 1.5 with CFG and a negative prompt: guidance and the negative prompt change the image', async () => {
    const dir = await folder('sd15', { idsType: 'int32', timestep: 'batch-int64' })
    const s = testSessions()
    const plain = await generateImages(base(dir, { guidance: 1 }), s)
    const guided = await generateImages(base(dir, { guidance: 7.5, negativePrompt: 'blurry' }), s)
    const otherNeg = await generateImages(base(dir, { guidance: 7.5, negativePrompt: 'photo' }), s)
    expect(guided.info.cfg).toBe(true)
    expect(plain.info.cfg).toBe(false)
    expect(guided.info.timesteps).toEqual([501, 1])
    expect(diff(plain.images[0], guided.images[0])).toBeGreaterThan(0.05)
    expect(diff(guided.images[0], otherNeg.images[0])).toBeGreaterThan(0)
  })

  it('fp16 I/O, a static batch of 1 and the "latent" output name', async () => {
    const dir = await folder('sd15', { fp16: true, staticBatch: true, unetOutput: 'latent', timestep: 'rank1-float16' })
    const r = await generateImages(base(dir, { guidance: 3 }), testSessions())
    expect(r.info.cfg).toBe(true)
    expect(r.images[0].data.some((v) => v !== r.images[0].data[0])).toBe(true)
  })

  it('SDXL-Turbo: two encoders, pooled embeddings, time ids, Euler ancestral', async () => {
    const dir = await folder('sdxl-turbo')
    const s = testSessions()
    const r = await generateImages(base(dir, { steps: 1 }), s)
    expect(r.info).toMatchObject({ family: 'sdxl', scheduler: 'euler_a', timesteps: [999] })
    expect(s.events.filter((e) => e.kind === 'load').map((e) => e.path.split('/').at(-2))).toEqual(['text_encoder', 'text_encoder_2', 'unet', 'vae_decoder'])
    const cfg = await generateImages(base(dir, { steps: 1, guidance: 2 }), s)
    expect(diff(r.images[0], cfg.images[0])).toBeGreaterThan(0)
  })

  it('LCM: guidance goes into timestep_cond, not CFG', async () => {
    const dir = await folder('lcm')
    const a = await generateImages(base(dir, { steps: 4, guidance: 8 }), testSessions())
    const b = await generateImages(base(dir, { steps: 4, guidance: 2 }), testSessions())
    expect(a.info).toMatchObject({ scheduler: 'lcm', cfg: false, timesteps: [999, 759, 499, 259] })
    expect(diff(a.images[0], b.images[0])).toBeGreaterThan(0)
  })

  it('rejects sizes that are not multiples of 8', async () => {
    const dir = await folder('sd-turbo')
    await expect(generateImages(base(dir, { width: 60 }), testSessions())).rejects.toThrow(/multiples of 8/)
  })

  it('cancels between steps and gives every session back', async () => {
    const dir = await folder('sd-turbo')
    const s = testSessions()
    const ctrl = new AbortController()
    const seen: string[] = []
    const run = generateImages(
      base(dir, {
        steps: 4,
        signal: ctrl.signal,
        onProgress: (p) => {
          seen.push(`${p.phase}:${p.step}`)
          if (p.phase === 'denoise' && p.step === 2) ctrl.abort(new Error('user stop'))
        },
      }),
      s,
    )
    await expect(run).rejects.toThrow('user stop')
    expect(seen).toEqual(['text:0', 'denoise:0', 'denoise:1', 'denoise:2'])
    expect(s.openPaths).toEqual([])
  })

  it('keeps sessions between runs when the budget allows', async () => {
    const dir = await folder('sd-turbo')
    const s = testSessions(1e9)
    await generateImages(base(dir), s)
    await generateImages(base(dir), s)
    expect(s.events.filter((e) => e.kind === 'load')).toHaveLength(3)
    expect(s.events.filter((e) => e.kind === 'reuse')).toHaveLength(3)
    await s.dispose()
    expect(s.openPaths).toEqual([])
  })
})

describe('image-to-image and inpainting on stand-in models', () => {
  const init = checker(W, H)
  const ring = createMask(W, H)
  for (let y = 16; y < 40; y++) for (let x = 16; x < 48; x++) ring.data[y * W + x] = 1

  it('img2img: strength picks the steps; the init image shows through at low strength', async () => {
    const dir = await folder('sd-turbo')
    const low = await generateImages(base(dir, { steps: 4, init: { image: init, strength: 0.5 } }), testSessions())
    const high = await generateImages(base(dir, { steps: 4, init: { image: init, strength: 1 } }), testSessions())
    expect(low.info).toMatchObject({ mode: 'img2img', timesteps: [499, 249] })
    expect(high.info.timesteps).toEqual([999, 749, 499, 249])
    expect(diff(low.images[0], high.images[0])).toBeGreaterThan(0)
    await expect(generateImages(base(dir, { steps: 2, init: { image: init, strength: 0.3 } }), testSessions())).rejects.toThrow(/at least 1/)
  })

  it('latent-blend inpainting with an ordinary UNet keeps the unmasked pixels', async () => {
    const dir = await folder('sd-turbo')
    const r = await generateImages(base(dir, { steps: 2, init: { image: init, strength: 0.8, mask: ring } }), testSessions())
    expect(r.info.mode).toBe('inpaint-blend')
    const img = r.images[0]
    let changedInside = 0
    for (let i = 0; i < W * H; i++) {
      const same = [0, 1, 2, 3].every((c) => img.data[i * 4 + c] === init.data[i * 4 + c])
      if (ring.data[i] === 0) expect(same).toBe(true)
      else if (!same) changedInside++
    }
    expect(changedInside).toBeGreaterThan(100)
  })

  it('9-channel inpainting UNet (DDIM) and the older latent_sample encoder output', async () => {
    const dir = await folder('inpaint', { encoderOutput: 'latent_sample' })
    const r = await generateImages(base(dir, { steps: 3, guidance: 5, init: { image: init, strength: 1, mask: ring } }), testSessions())
    expect(r.info).toMatchObject({ mode: 'inpaint', scheduler: 'ddim', cfg: true })
    await expect(generateImages(base(dir), testSessions())).rejects.toThrow(/needs an image and a mask/)
  })
})

describe('ControlNet on stand-in models', () => {
  // 64x64: the residual pyramid goes down to 1/8 of the latent size.
  const edges = new Uint8Array(W * W)
  for (let i = 0; i < W * W; i += 3) edges[i] = 255
  const base64 = (model: string, extra: Partial<DiffusionRequest>) => base(model, { height: W, ...extra })

  it('residuals from a separate ControlNet, mapped by order and shape', async () => {
    const dir = await folder('controlnet')
    const s = testSessions()
    const on = await generateImages(base64(dir, { control: { image: edges, scale: 1 } }), s)
    const off = await generateImages(base64(dir, { control: { image: edges, scale: 0 } }), s)
    expect(on.info.mode).toBe('controlnet')
    expect(diff(on.images[0], off.images[0])).toBeGreaterThan(0.5)
    expect(s.maxOpen).toBe(2)
    await expect(generateImages(base(dir), testSessions())).rejects.toThrow(/needs a ControlNet/)
  })

  it('maps residuals whose names say nothing, with the mid residual declared first', async () => {
    const names = Array.from({ length: 13 }, (_, i) => `onnx::Add_${1000 - i}`)
    const dir = await folder('controlnet', { residualNames: names, controlnet: { midFirst: true, midName: 'mid_out', downNames: names.slice(0, 12).map((_, i) => `${i * 7}`) } })
    const r = await generateImages(base64(dir, { control: { image: edges, scale: 0.8 } }), testSessions())
    expect(r.images).toHaveLength(1)
  })

  it('TensorStack layout: controlnet/ holds the residual UNet, the ControlNet comes separately', async () => {
    const dir = await folder('controlnet', { tensorstack: true })
    const s = testSessions()
    await expect(generateImages(base64(dir, { control: { image: edges, scale: 1 } }), s)).rejects.toThrow(/no ControlNet model/)
    const r = await generateImages(base64(dir, { control: { image: edges, scale: 1, model: join(dir, 'controlnet-canny.onnx') } }), s)
    expect(r.info.mode).toBe('controlnet')
    expect(s.events.filter((e) => e.kind === 'load').map((e) => e.path.split('/').slice(-2).join('/'))).toContain('controlnet/model.onnx')
    // The plain UNet in unet/ still serves text-to-image.
    expect((await generateImages(base64(dir, {}), s)).info.mode).toBe('txt2img')
  })

  it('fused UNet+ControlNet graphs (diffusers export: controlnet_conds [n,B,3,H,W], conditioning_scales [n,1])', async () => {
    const dir = await folder('controlnet-fused', { fused: { names: 'diffusers', nets: 1 } })
    const s = testSessions()
    const on = await generateImages(base64(dir, { guidance: 3, control: { image: edges, scale: 1 } }), s)
    const off = await generateImages(base64(dir, { guidance: 3, control: { image: edges, scale: 0 } }), s)
    const plain = await generateImages(base64(dir, { guidance: 3 }), s)
    expect(on.info.mode).toBe('controlnet')
    expect(s.maxOpen).toBe(1)
    expect(diff(on.images[0], off.images[0])).toBeGreaterThan(0.5)
    // Without a control image the graph gets zeros at scale 0: a plain UNet pass.
    expect(plain.info.mode).toBe('txt2img')
    expect(diff(off.images[0], plain.images[0])).toBe(0)
    // Two fused nets: the second gets scale 0, so the image is the one-net image.
    const two = await folder('controlnet-fused', { fused: { names: 'diffusers', nets: 2 } })
    expect(diff((await generateImages(base64(two, { guidance: 3, control: { image: edges, scale: 1 } }), s)).images[0], on.images[0])).toBe(0)
  })

  it('fused graphs with onnxruntime demo names (controlnet_images, controlnet_scales [n]) and fp16 I/O', async () => {
    const dir = await folder('controlnet-fused', { fused: { names: 'ort', nets: 1 }, fp16: true, unetOutput: 'latent' })
    const on = await generateImages(base64(dir, { control: { image: edges, scale: 1 } }), testSessions())
    const off = await generateImages(base64(dir, { control: { image: edges, scale: 0 } }), testSessions())
    expect(diff(on.images[0], off.images[0])).toBeGreaterThan(0.5)
  })

  it('lays out fused feeds as the graph declares them', () => {
    const spec = (name: string, shape: (number | string)[]) => ({ name, type: 'float32', shape })
    const f = fusedControlInputs([spec('sample', ['B', 4, 'H', 'W']), spec('controlnet_conds', [3, '2B', 3, '8H', '8W']), spec('conditioning_scales', [3, 1])])!
    expect(f.nets).toBe(3)
    const feeds = fusedControlFeeds(f, { image: new Float32Array(3 * 16).fill(0.5), width: 4, height: 4, scale: 0.8 }, 2)
    expect(feeds.controlnet_conds.dims).toEqual([3, 2, 3, 4, 4])
    expect(feeds.conditioning_scales).toEqual({ data: Float32Array.of(0.8, 0, 0), dims: [3, 1] })
    const ort = fusedControlInputs([spec('controlnet_images', ['n', 'B', 3, 'H', 'W']), spec('controlnet_scales', ['n'])])!
    expect(fusedControlFeeds(ort, { image: null, width: 8, height: 8, scale: 1 }, 1).controlnet_scales).toEqual({ data: Float32Array.of(0), dims: [1] })
    expect(fusedControlInputs([spec('sample', ['B', 4, 'H', 'W'])])).toBeNull()
  })
})

describe('scheduler choice on stand-in models', () => {
  it('SD 1.5 folders with PNDMScheduler run PLMS (N + 1 UNet runs)', async () => {
    const dir = await folder('sd15', { scheduler: { _class_name: 'PNDMScheduler', skip_prk_steps: true, steps_offset: 1, set_alpha_to_one: false } })
    const r = await generateImages(base(dir, { steps: 4, guidance: 7.5 }), testSessions())
    expect(r.info).toMatchObject({ scheduler: 'pndm', schedulerNote: 'scheduler pndm from PNDMScheduler', timesteps: [751, 501, 501, 251, 1] })
    expect(r.info.stepMs).toHaveLength(5)
  })

  it('reports the fallback for classes it does not implement', async () => {
    const dir = await folder('sd15', { scheduler: { _class_name: 'DPMSolverMultistepScheduler', use_karras_sigmas: true, timestep_spacing: 'linspace' } })
    const r = await generateImages(base(dir, { steps: 4 }), testSessions())
    expect(r.info.scheduler).toBe('euler')
    expect(r.info.schedulerNote).toMatch(/DPMSolverMultistepScheduler is not implemented: using Euler/)
    expect(r.info.timesteps[1]).toBeCloseTo(687.1527, 3)
  })
})
