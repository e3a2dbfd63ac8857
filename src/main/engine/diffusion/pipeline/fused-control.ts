/**
 * Feeds for fused UNet+ControlNet graphs, which take the control image and scale themselves.
 * Public exporters: diffusers' community convert_stable_diffusion_controlnet_to_onnx.py
 * (`controlnet_conds` [n_nets, 2B, 3, 8H, 8W], `conditioning_scales` traced static at [n_nets, 1])
 * and onnxruntime's stable-diffusion demo (`controlnet_images` [n_nets, 2B, 3, 8H, 8W],
 * `controlnet_scales` [n_nets]). The net count is fixed at export; with one control image, the
 * first net gets it at the requested scale and any others get scale 0, which zeroes their
 * residuals (each is multiplied by its scale before the sum).
 */
import type { HostTensor, InputSpec } from '../../ml/tensor-feeds'
import { repeatBatch } from './image-tensors'

export const FUSED_COND_NAMES = ['controlnet_conds', 'controlnet_images'] as const
export const FUSED_SCALE_NAMES = ['conditioning_scales', 'controlnet_scales'] as const

export interface FusedControlInputs {
  cond: InputSpec
  scale: InputSpec
  /** ControlNets fused into the graph (the cond's leading axis; 1 when symbolic or absent). */
  nets: number
}

/** The fused-control inputs of a UNet, or null for a plain one. */
export function fusedControlInputs(specs: readonly InputSpec[]): FusedControlInputs | null {
  const cond = specs.find((s) => (FUSED_COND_NAMES as readonly string[]).includes(s.name))
  const scale = specs.find((s) => (FUSED_SCALE_NAMES as readonly string[]).includes(s.name))
  if (!cond || !scale) return null
  const lead = cond.shape.length === 5 ? cond.shape[0] : 1
  return { cond, scale, nets: typeof lead === 'number' && lead > 0 ? lead : 1 }
}

export interface FusedControlValue {
  /** One batch item [3,H,W] in [0,1], or null: no control (zeros at scale 0, a plain UNet pass). */
  image: Float32Array | null
  width: number
  height: number
  scale: number
}

/** The cond and scale tensors for a batch of B, laid out as the graph declares them. */
export function fusedControlFeeds(f: FusedControlInputs, v: FusedControlValue, batch: number): Record<string, HostTensor> {
  const item = v.image ?? new Float32Array(3 * v.width * v.height)
  const perNet = repeatBatch(item, batch)
  const rank5 = f.cond.shape.length === 5
  const nets = rank5 ? f.nets : 1
  const cond = rank5 ? repeatBatch(perNet, nets) : perNet
  const scales = new Float32Array(nets)
  scales[0] = v.image ? v.scale : 0
  const scaleDims = f.scale.shape.length === 0 ? [] : f.scale.shape.length === 2 ? [nets, 1] : [nets]
  return {
    [f.cond.name]: { data: cond, dims: rank5 ? [nets, batch, 3, v.height, v.width] : [batch, 3, v.height, v.width] },
    [f.scale.name]: { data: scaleDims.length ? scales : scales.subarray(0, 1), dims: scaleDims },
  }
}
