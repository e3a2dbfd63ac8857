import { describe, expect, it } from 'vitest'
import { SeededGaussian } from '../../src/main/engine/diffusion/gaussian'
import { denoise } from '../../src/main/engine/diffusion/pipeline/denoise'
import { guidanceEmbedding } from '../../src/main/engine/diffusion/pipeline/unet-runner'
import { createScheduler, defaultSchedulerConfig } from '../../src/main/engine/diffusion/schedulers'
import { float16ToFloat32, float32ToFloat16, fromHalfBits, toHalfBits } from '../../src/main/engine/ml/fp16'
import { ort } from '../../src/main/engine/ml/ort-session'
import { buildFeeds, fitDims, readFloats } from '../../src/main/engine/ml/tensor-feeds'
import { buildBiRefNet } from '../helpers/tiny-onnx/segmentation'
import { buildTextEncoder } from '../helpers/tiny-onnx/text-encoders'
import { buildUnet } from '../helpers/tiny-onnx/unets'
import { buildVaeDecoder, buildVaeEncoder } from '../helpers/tiny-onnx/vae'

describe('fp16 conversion', () => {
  it('round-trips representable values and rounds to nearest even', () => {
    for (const v of [0, 1, -2, 0.5, 65504, 6.103515625e-5, 5.960464477539063e-8, -0.333251953125]) expect(fromHalfBits(toHalfBits(v))).toBe(v)
    expect(toHalfBits(1)).toBe(0x3c00)
    expect(toHalfBits(1 + 2 ** -11)).toBe(0x3c00) // tie → even
    expect(toHalfBits(1 + 3 * 2 ** -11)).toBe(0x3c02)
    expect(fromHalfBits(toHalfBits(1e6))).toBe(Infinity)
    expect(Number.isNaN(fromHalfBits(toHalfBits(NaN)))).toBe(true)
    expect(Array.from(float16ToFloat32(float32ToFloat16([0.1, -3.5])))).toEqual([0.0999755859375, -3.5])
  })
})

describe('feeds from inputMetadata', () => {
  const ids = { data: Int32Array.from({ length: 77 }, (_, i) => i * 700), dims: [1, 77] }

  it('ids as int64 or int32, whatever the export declares', async () => {
    for (const idsType of ['int64', 'int32'] as const) {
      const s = await ort.InferenceSession.create(buildTextEncoder({ dim: 8, idsType }))
      const feeds = buildFeeds(s, { input_ids: ids })
      expect(feeds.input_ids.type).toBe(idsType)
      const out = await s.run(feeds)
      expect(out.last_hidden_state.dims).toEqual([1, 77, 8])
      expect(out.pooler_output.dims).toEqual([1, 8])
    }
  })

  it('timestep rank-0 float, int64 [B] and fp16 [1]; fp16 sample in and out', async () => {
    const values = (B: number) => ({
      sample: { data: new Float32Array(B * 4 * 8 * 8).fill(0.5), dims: [B, 4, 8, 8] },
      timestep: { data: new Float32Array(B).fill(999), dims: [B] },
      encoder_hidden_states: { data: new Float32Array(B * 77 * 16).fill(0.1), dims: [B, 77, 16] },
    })
    for (const [timestep, sampleType, type] of [
      ['rank0-float32', 'float32', 'float32'],
      ['batch-int64', 'float32', 'int64'],
      ['rank1-float16', 'float16', 'float16'],
    ] as const) {
      const s = await ort.InferenceSession.create(buildUnet({ hiddenDim: 16, timestep, sampleType }))
      const feeds = buildFeeds(s, values(timestep === 'rank1-float16' ? 1 : 2))
      expect(feeds.timestep.type).toBe(type)
      const out = (await s.run(feeds)).out_sample
      expect(out.type).toBe(sampleType)
      expect(readFloats(out).every(Number.isFinite)).toBe(true)
    }
  })

  it('says clearly which input it cannot provide or which shape is wrong', async () => {
    const s = await ort.InferenceSession.create(buildUnet({ hiddenDim: 16, pooledDim: 1280 }))
    expect(() => buildFeeds(s, { sample: { data: new Float32Array(4), dims: [1, 4, 1, 1] } })).toThrow(/model input "timestep"/)
    expect(() => fitDims({ data: new Float32Array(77 * 8), dims: [1, 77, 8] }, { name: 'encoder_hidden_states', type: 'float32', shape: ['b', 77, 768] })).toThrow(
      /expects shape \[b, 77, 768\]/,
    )
    expect(fitDims({ data: Float32Array.of(5, 5), dims: [2] }, { name: 't', type: 'float32', shape: [] })).toEqual({ data: Float32Array.of(5), dims: [] })
  })

  it('VAE stand-ins: 8x up and down, real names', async () => {
    const dec = await ort.InferenceSession.create(buildVaeDecoder())
    const enc = await ort.InferenceSession.create(buildVaeEncoder())
    expect(dec.inputNames).toEqual(['latent_sample'])
    const img = (await dec.run({ latent_sample: new ort.Tensor('float32', new Float32Array(4 * 6 * 5), [1, 4, 6, 5]) })).sample
    expect(img.dims).toEqual([1, 3, 48, 40])
    const lat = (await enc.run({ sample: img })).latent_parameters
    expect(lat.dims).toEqual([1, 8, 6, 5])
  })

  it('BiRefNet stand-in: input_image → output_image logits', async () => {
    const s = await ort.InferenceSession.create(buildBiRefNet(64))
    expect([s.inputNames, s.outputNames]).toEqual([['input_image'], ['output_image']])
  })
})

describe('denoising loop without a model', () => {
  it('Euler with a constant prediction follows the scheduler exactly', async () => {
    const sch = createScheduler(defaultSchedulerConfig('euler', 'trailing'), 2)
    const got = await denoise({ scheduler: sch, seed: 3, size: 4, predict: async () => new Float32Array(4).fill(0.5) })
    let x: Float32Array = new SeededGaussian(3).randn(4).map((v) => v * sch.initNoiseSigma)
    for (let i = 0; i < 2; i++) x = sch.step(i, x, new Float32Array(4).fill(0.5), () => new Float32Array(4))
    expect(Array.from(got)).toEqual(Array.from(x))
  })

  it('latent blend returns the clean image latents outside the mask', async () => {
    const sch = createScheduler(defaultSchedulerConfig('euler', 'trailing'), 4, 0.5)
    const imageLatents = Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8)
    const got = await denoise({
      scheduler: sch,
      seed: 1,
      size: 8,
      init: { latents: imageLatents, fromPureNoise: false },
      blend: { mask: Float32Array.of(0, 1), imageLatents },
      predict: async (x) => x.map(() => 0.1),
    })
    expect([got[0], got[2], got[4], got[6]]).toEqual([1, 3, 5, 7])
    expect(got[1]).not.toBe(2)
  })

  it('guidance embedding (LCM timestep_cond) matches the sin/cos formula', () => {
    const e = guidanceEmbedding(7, 256)
    expect(e).toHaveLength(256)
    expect(e[0]).toBeCloseTo(Math.sin(7000), 5)
    expect(e[128]).toBeCloseTo(Math.cos(7000), 5)
    expect(e[127]).toBeCloseTo(Math.sin(7000 * Math.exp(-Math.log(10000))), 5)
  })
})
