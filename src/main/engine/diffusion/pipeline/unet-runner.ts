/**
 * One guided noise prediction per denoising step: builds the UNet's feeds from its own metadata
 * (SDXL text_embeds/time_ids, LCM timestep_cond, 9-channel inpainting input, ControlNet residuals or a
 * fused graph's control image),
 * runs negative+positive as one batch of 2 when the batch axis is free (two runs when an export
 * fixes it at 1), and combines them: eps = eps_u + g (eps_c - eps_u).
 */
import { EngineError } from '../../errors'
import type { LoadedSession } from '../../ml/ort-session'
import { buildFeeds, inputSpecs, readFloats, type HostTensor } from '../../ml/tensor-feeds'
import { checkResidualShape, mapResiduals, residualInputs } from './controlnet-residuals'
import { fusedControlFeeds, fusedControlInputs, type FusedControlInputs } from './fused-control'
import { repeatBatch } from './image-tensors'
import type { PromptPair } from './text-conditioning'

export interface ControlInput {
  /** The ControlNet; null for a fused UNet+ControlNet graph, which takes the image itself. */
  session: LoadedSession | null
  /** [1,3,H,W] in [0,1] at full image (canvas) size. */
  image: Float32Array
  width: number
  height: number
  scale: number
}

export interface UnetContext {
  unet: LoadedSession
  prompts: PromptPair
  guidance: number
  latentW: number
  latentH: number
  /** SDXL time_ids: [orig_h, orig_w, crop_top, crop_left, target_h, target_w]. */
  timeIds: number[] | null
  /** LCM guidance embedding [1, dim] (set instead of CFG). */
  timestepCond: Float32Array | null
  control: ControlInput | null
}

/** diffusers get_guidance_scale_embedding(w, dim): sin/cos of w*1000 at log-spaced frequencies. */
export function guidanceEmbedding(w: number, dim: number): Float32Array {
  const half = Math.floor(dim / 2)
  const out = new Float32Array(dim)
  const step = Math.log(10000) / (half - 1)
  for (let i = 0; i < half; i++) {
    const a = w * 1000 * Math.exp(-step * i)
    out[i] = Math.sin(a)
    out[half + i] = Math.cos(a)
  }
  return out
}

export function outputName(session: LoadedSession['session']): string {
  const names = session.outputNames
  return names.find((n) => n === 'out_sample') ?? names.find((n) => n === 'latent') ?? names[0]
}

export class UnetRunner {
  private readonly out: string
  private readonly batchFixed: boolean
  private readonly residuals
  private residualMap: Map<string, string> | null = null
  private readonly fused: FusedControlInputs | null

  constructor(private readonly ctx: UnetContext) {
    const specs = inputSpecs(ctx.unet.session)
    this.out = outputName(ctx.unet.session)
    const sample = specs.find((s) => s.name === 'sample')
    if (!sample) throw new EngineError('model_unavailable', `the UNet has no "sample" input (inputs: ${specs.map((s) => s.name).join(', ')})`)
    this.batchFixed = sample.shape[0] === 1
    // A fused graph without a control image still serves text-to-image: zeros at scale 0.
    this.fused = fusedControlInputs(specs)
    this.residuals = residualInputs(specs)
    if (this.residuals.length && !ctx.control?.session) throw new EngineError('model_unavailable', 'this UNet takes ControlNet residuals: it needs a ControlNet (use the ControlNet pipeline)')
    if (ctx.control && !this.residuals.length && !this.fused)
      throw new EngineError('model_unavailable', 'this UNet takes no ControlNet residuals: it cannot be guided by a ControlNet')
    if (ctx.control?.session && this.residuals.length) this.residualMap = mapResiduals(ctx.control.session.session.outputNames, this.residuals)
  }

  /**
   * Guided prediction for model input `x` (one batch item, already scaled; for inpainting UNets the
   * 9-channel concat). `controlSample` is the 4-channel latent the ControlNet sees.
   */
  async predict(x: Float32Array, t: number, controlSample: Float32Array = x): Promise<Float32Array> {
    const { prompts, guidance } = this.ctx
    const conds = prompts.uncond ? [prompts.uncond, prompts.cond] : [prompts.cond]
    const outs: Float32Array[] = []
    if (this.batchFixed || conds.length === 1) {
      for (const c of conds) outs.push(await this.run(x, controlSample, t, [c]))
    } else {
      const both = await this.run(x, controlSample, t, conds)
      const n = both.length / 2
      outs.push(both.subarray(0, n), both.subarray(n))
    }
    if (outs.length === 1) return outs[0]
    const [u, c] = outs
    const eps = new Float32Array(u.length)
    for (let k = 0; k < eps.length; k++) eps[k] = u[k] + guidance * (c[k] - u[k])
    return eps
  }

  private async run(x: Float32Array, controlSample: Float32Array, t: number, conds: PromptPair['cond'][]): Promise<Float32Array> {
    const B = conds.length
    const { latentW: w, latentH: h, timeIds, timestepCond, control } = this.ctx
    const channels = x.length / (w * h)
    const embeds = new Float32Array(conds.reduce((s, c) => s + c.embeds.length, 0))
    conds.forEach((c, i) => embeds.set(c.embeds, i * c.embeds.length))
    const values: Record<string, HostTensor> = {
      sample: { data: repeatBatch(x, B), dims: [B, channels, h, w] },
      timestep: { data: new Float32Array(B).fill(t), dims: [B] },
      encoder_hidden_states: { data: embeds, dims: [B, 77, conds[0].dim] },
    }
    if (conds[0].pooled) {
      const p = conds[0].pooled.length
      const pooled = new Float32Array(B * p)
      conds.forEach((c, i) => pooled.set(c.pooled ?? new Float32Array(p), i * p))
      values.text_embeds = { data: pooled, dims: [B, p] }
    }
    if (timeIds) values.time_ids = { data: repeatBatch(Float32Array.from(timeIds), B), dims: [B, 6] }
    if (timestepCond) values.timestep_cond = { data: repeatBatch(timestepCond, B), dims: [B, timestepCond.length] }
    if (this.fused) {
      const v = control ? { image: control.image, width: control.width, height: control.height, scale: control.scale } : { image: null, width: w * 8, height: h * 8, scale: 0 }
      Object.assign(values, fusedControlFeeds(this.fused, v, B))
    } else if (control?.session) {
      const img = { data: repeatBatch(control.image, B), dims: [B, 3, control.height, control.width] }
      const cn = control.session.session
      const cnValues = { ...values, sample: { data: repeatBatch(controlSample, B), dims: [B, 4, h, w] }, controlnet_cond: img, conditioning_scale: { data: Float32Array.of(control.scale), dims: [1] } }
      const res = await cn.run(buildFeeds(cn, cnValues))
      for (const spec of this.residuals) {
        const from = this.residualMap!.get(spec.name)!
        const tensor = res[from]
        const dims = tensor.dims.map(Number)
        checkResidualShape(spec, from, dims)
        values[spec.name] = { data: readFloats(tensor), dims }
      }
    }
    const result = await this.ctx.unet.session.run(buildFeeds(this.ctx.unet.session, values), [this.out])
    return readFloats(result[this.out])
  }
}
