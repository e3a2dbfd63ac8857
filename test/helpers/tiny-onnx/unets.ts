import { GraphBuilder, type Dim, type DType } from './graph-builder'
import { identityConv } from './weights'

export type TimestepForm = 'rank0-float32' | 'batch-int64' | 'batch-float32' | 'rank1-float16'

export interface ResidualInput {
  name: string
  channels: number
  /** Spatial size as a fraction of the latent size: 1, 2, 4 or 8. */
  down: number
}

export interface FusedControlSpec {
  /** diffusers' community export (controlnet_conds, conditioning_scales) or onnxruntime's demo (controlnet_images, controlnet_scales). */
  names?: 'diffusers' | 'ort'
  /** ControlNets fused in (static leading axis). */
  nets?: number
  /** Scales as [n, 1] (diffusers, traced) or [n] (onnxruntime). */
  scaleShape?: 'n1' | 'n'
}

export interface UnetSpec {
  /** 4 for ordinary UNets, 9 for inpainting ones. */
  inChannels?: 4 | 9
  hiddenDim: number
  sampleType?: DType
  timestep?: TimestepForm
  /** SDXL: text_embeds [B,n] and time_ids [B,6]. */
  pooledDim?: number
  /** LCM: timestep_cond [B,n]. */
  timeCondDim?: number
  /** ControlNet residual inputs, in the order the export declares them. */
  residuals?: readonly ResidualInput[]
  /** Fused UNet+ControlNet graph taking the control image itself (fused-control.ts lists the layouts). */
  fusedControl?: FusedControlSpec
  outputName?: 'out_sample' | 'latent'
  /** Static batch (some fp16 exports are fixed at 1); symbolic by default. */
  batch?: Dim
}

/**
 * UNet stand-in: eps = 1x1 Conv(sample) + small broadcast means of every conditioning input, so
 * the prompt, timestep, pooled embeddings, time ids, residuals and control all move the output.
 */
export function buildUnet(spec: UnetSpec): Uint8Array {
  const g = new GraphBuilder('unet')
  const B = spec.batch ?? 'batch'
  const type = spec.sampleType ?? 'float32'
  const toF32 = (v: string, t: DType) => (t === 'float32' ? v : g.op('Cast', [v], { to: { i: 1 } }))
  const cin = spec.inChannels ?? 4
  const sample = toF32(g.input('sample', type, [B, cin, 'height', 'width']), type)
  let acc = g.op('Conv', [sample, g.init([4, cin, 1, 1], identityConv(4, cin, 0.1, 0.02, 21)), g.init([4], [0, 0, 0, 0])])
  const shape4 = g.ints([-1, 1, 1, 1])
  /** Adds k * mean(x over all but the batch axis), broadcast over the output. */
  const addMean = (x: string, rank: number, k: number) => {
    const axes = Array.from({ length: rank - 1 }, (_, i) => i + 1)
    const m = g.op('ReduceMean', [x], { axes: { ints: axes }, keepdims: { i: 0 } })
    acc = g.op('Add', [acc, g.op('Mul', [g.op('Reshape', [m, shape4]), g.scalar(k)])])
  }
  const ts = spec.timestep ?? 'rank0-float32'
  const tType: DType = ts === 'batch-int64' ? 'int64' : ts === 'rank1-float16' ? 'float16' : 'float32'
  const t = g.input('timestep', tType, ts === 'rank0-float32' ? [] : [ts === 'rank1-float16' ? 1 : B])
  const tf = g.op('Cast', [t], { to: { i: 1 } })
  acc = g.op('Add', [acc, g.op('Mul', [g.op('Reshape', [tf, shape4]), g.scalar(1e-4)])])
  addMean(toF32(g.input('encoder_hidden_states', type, [B, 77, spec.hiddenDim]), type), 3, 0.5)
  if (spec.pooledDim) {
    addMean(toF32(g.input('text_embeds', type, [B, spec.pooledDim]), type), 2, 0.3)
    addMean(toF32(g.input('time_ids', type, [B, 6]), type), 2, 1e-4)
  }
  if (spec.timeCondDim) addMean(toF32(g.input('timestep_cond', type, [B, spec.timeCondDim]), type), 2, 0.2)
  for (const r of spec.residuals ?? []) {
    const h = r.down === 1 ? 'height' : `height/${r.down}`
    const w = r.down === 1 ? 'width' : `width/${r.down}`
    addMean(toF32(g.input(r.name, type, [B, r.channels, h, w]), type), 4, 0.05)
  }
  if (spec.fusedControl) {
    // Sum over nets of scale_n * mean(image_n): [n,B,3,H,W] → [n,B] → x scales [n,1] → mean over n, x n.
    const f = spec.fusedControl
    const n = f.nets ?? 1
    const ort = f.names === 'ort'
    const cond = g.input(ort ? 'controlnet_images' : 'controlnet_conds', type, [n, B, 3, '8H', '8W'])
    const scaleIn = g.input(ort ? 'controlnet_scales' : 'conditioning_scales', type, (f.scaleShape ?? (ort ? 'n' : 'n1')) === 'n' ? [n] : [n, 1])
    const scale = g.op('Reshape', [toF32(scaleIn, type), g.ints([n, 1])])
    const perNet = g.op('Mul', [g.op('ReduceMean', [toF32(cond, type)], { axes: { ints: [2, 3, 4] }, keepdims: { i: 0 } }), scale])
    const sum = g.op('Mul', [g.op('ReduceMean', [perNet], { axes: { ints: [0] }, keepdims: { i: 0 } }), g.scalar(n)])
    acc = g.op('Add', [acc, g.op('Reshape', [sum, shape4])])
  }
  const name = spec.outputName ?? 'out_sample'
  g.op(type === 'float32' ? 'Identity' : 'Cast', [acc], type === 'float32' ? {} : { to: { i: 10 } }, name)
  g.output(name, type, [B, 4, 'height', 'width'])
  return g.toModel()
}

/** SD 1.5 residual layout at latent size h: 320@h x3, 320@h/2, 640@h/2 x2, 640@h/4, 1280@h/4 x2, 1280@h/8 x3. */
export const SD15_DOWN_RESIDUALS: readonly { channels: number; down: number }[] = [
  { channels: 320, down: 1 },
  { channels: 320, down: 1 },
  { channels: 320, down: 1 },
  { channels: 320, down: 2 },
  { channels: 640, down: 2 },
  { channels: 640, down: 2 },
  { channels: 640, down: 4 },
  { channels: 1280, down: 4 },
  { channels: 1280, down: 4 },
  { channels: 1280, down: 8 },
  { channels: 1280, down: 8 },
  { channels: 1280, down: 8 },
]
export const SD15_MID_RESIDUAL = { channels: 1280, down: 8 }
