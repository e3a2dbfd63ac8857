/**
 * Writes complete stand-in model folders in the Optimum ONNX layout (model_index.json, scheduler,
 * tokenizer, text encoders, UNet, VAE, optional ControlNet) with the real I/O names and shapes.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { byteCharsInVocabOrder } from '../../../src/main/engine/diffusion/tokenizer/byte-encoder'
import { buildControlNet, type ControlNetSpec } from './controlnet'
import type { DType } from './graph-builder'
import { buildTextEncoder } from './text-encoders'
import { buildUnet, SD15_DOWN_RESIDUALS, SD15_MID_RESIDUAL, type FusedControlSpec, type TimestepForm } from './unets'
import { buildVaeDecoder, buildVaeEncoder } from './vae'

export type TinyVariant = 'sd15' | 'sd-turbo' | 'sdxl-turbo' | 'lcm' | 'inpaint' | 'controlnet' | 'controlnet-fused'

export interface TinyFolderOptions {
  idsType?: 'int64' | 'int32'
  timestep?: TimestepForm
  /** fp16 UNet/VAE-decoder I/O. */
  fp16?: boolean
  /** Fix the UNet batch at 1 (CFG then runs twice per step). */
  staticBatch?: boolean
  unetOutput?: 'out_sample' | 'latent'
  encoderOutput?: 'latent_parameters' | 'latent_sample'
  scheduler?: Record<string, unknown>
  controlnet?: Partial<ControlNetSpec>
  /** Residual input names for the UNet (defaults to down_block_additional_residuals.N / mid). */
  residualNames?: string[]
  /**
   * TensorStack layout (controlnet variant): unet/ is a plain UNet, controlnet/ holds the UNet that
   * takes residuals, and the ControlNet itself is a separate file (written to controlnet-canny.onnx).
   */
  tensorstack?: boolean
  /** controlnet-fused variant: the fused graph's names and layout. */
  fused?: FusedControlSpec
}

const TINY_MERGES = ['c a', 'ca t</w>', 'o f</w>', 'p h', 'o t', 'ph ot', 'phot o</w>']

async function writeJson(path: string, v: unknown): Promise<void> {
  await writeFile(path, JSON.stringify(v, null, 2))
}

async function writeTokenizer(dir: string, padToken: string): Promise<void> {
  await mkdir(dir, { recursive: true })
  const bytes = byteCharsInVocabOrder()
  const tokens = [...bytes, ...bytes.map((b) => `${b}</w>`), ...TINY_MERGES.map((m) => m.replace(' ', '')), '<|startoftext|>', '<|endoftext|>']
  await writeJson(join(dir, 'vocab.json'), Object.fromEntries(tokens.map((t, i) => [t, i])))
  await writeFile(join(dir, 'merges.txt'), `#version: 0.2\n${TINY_MERGES.join('\n')}\n`)
  await writeJson(join(dir, 'tokenizer_config.json'), { model_max_length: 77, pad_token: padToken })
  await writeJson(join(dir, 'special_tokens_map.json'), { pad_token: padToken, bos_token: '<|startoftext|>', eos_token: '<|endoftext|>' })
}

async function writeModel(dir: string, name: string, bytes: Uint8Array, config?: Record<string, unknown>): Promise<void> {
  await mkdir(join(dir, name), { recursive: true })
  await writeFile(join(dir, name, 'model.onnx'), bytes)
  if (config) await writeJson(join(dir, name, 'config.json'), config)
}

const SCHEDULERS: Record<TinyVariant, Record<string, unknown>> = {
  sd15: { _class_name: 'EulerDiscreteScheduler', timestep_spacing: 'leading', steps_offset: 1 },
  'sd-turbo': { _class_name: 'EulerDiscreteScheduler', timestep_spacing: 'trailing' },
  'sdxl-turbo': { _class_name: 'EulerAncestralDiscreteScheduler', timestep_spacing: 'trailing' },
  lcm: { _class_name: 'LCMScheduler', original_inference_steps: 50 },
  inpaint: { _class_name: 'DDIMScheduler', timestep_spacing: 'leading', steps_offset: 1, clip_sample: false, set_alpha_to_one: false },
  controlnet: { _class_name: 'EulerDiscreteScheduler', timestep_spacing: 'trailing' },
  'controlnet-fused': { _class_name: 'EulerDiscreteScheduler', timestep_spacing: 'trailing' },
}

export async function writeTinyModelFolder(dir: string, variant: TinyVariant, o: TinyFolderOptions = {}): Promise<string> {
  await mkdir(dir, { recursive: true })
  const sdxl = variant === 'sdxl-turbo'
  const hidden = sdxl ? 2048 : variant === 'sd-turbo' ? 1024 : 768
  const type: DType = o.fp16 ? 'float16' : 'float32'
  await writeJson(join(dir, 'model_index.json'), {
    _class_name: sdxl ? 'ORTStableDiffusionXLPipeline' : 'ORTStableDiffusionPipeline',
    _diffusers_version: '0.30.0',
    ...(sdxl ? { force_zeros_for_empty_prompt: true } : {}),
  })
  await mkdir(join(dir, 'scheduler'), { recursive: true })
  await writeJson(join(dir, 'scheduler', 'scheduler_config.json'), {
    beta_start: 0.00085,
    beta_end: 0.012,
    beta_schedule: 'scaled_linear',
    num_train_timesteps: 1000,
    prediction_type: 'epsilon',
    ...SCHEDULERS[variant],
    ...o.scheduler,
  })
  await writeTokenizer(join(dir, 'tokenizer'), variant === 'sd-turbo' ? '!' : '<|endoftext|>')
  if (sdxl) {
    await writeTokenizer(join(dir, 'tokenizer_2'), '!')
    await writeModel(dir, 'text_encoder', buildTextEncoder({ dim: 768, idsType: o.idsType, hiddenStates: 13 }))
    await writeModel(dir, 'text_encoder_2', buildTextEncoder({ dim: 1280, idsType: o.idsType, hiddenStates: 33, textEmbeds: 1280, seed: 8 }))
  } else {
    await writeModel(dir, 'text_encoder', buildTextEncoder({ dim: hidden, idsType: o.idsType }))
  }
  const residualNames = o.residualNames ?? [...SD15_DOWN_RESIDUALS.map((_, i) => (i ? `down_block_additional_residuals.${i}` : 'down_block_additional_residuals')), 'mid_block_additional_residual']
  const residuals =
    variant === 'controlnet'
      ? [...SD15_DOWN_RESIDUALS, SD15_MID_RESIDUAL].map((r, i) => ({ ...r, name: residualNames[i] }))
      : undefined
  const inChannels = variant === 'inpaint' ? 9 : 4
  const unetSpec = {
    inChannels,
    hiddenDim: hidden,
    sampleType: type,
    timestep: o.timestep,
    pooledDim: sdxl ? 1280 : undefined,
    timeCondDim: variant === 'lcm' ? 256 : undefined,
    fusedControl: variant === 'controlnet-fused' ? (o.fused ?? {}) : undefined,
    outputName: o.unetOutput,
    batch: o.staticBatch ? 1 : undefined,
  } as const
  const unetConfig = { in_channels: inChannels, sample_size: 64, ...(variant === 'lcm' ? { time_cond_proj_dim: 256 } : {}) }
  await writeModel(dir, 'unet', buildUnet({ ...unetSpec, residuals: o.tensorstack ? undefined : residuals }), unetConfig)
  await writeModel(dir, 'vae_decoder', buildVaeDecoder({ type }), { scaling_factor: sdxl ? 0.13025 : 0.18215, latent_channels: 4 })
  await writeModel(dir, 'vae_encoder', buildVaeEncoder({ output: o.encoderOutput }), { scaling_factor: sdxl ? 0.13025 : 0.18215 })
  if (variant === 'controlnet' && o.tensorstack) {
    await writeModel(dir, 'controlnet', buildUnet({ ...unetSpec, residuals }), unetConfig)
    await writeFile(join(dir, 'controlnet-canny.onnx'), buildControlNet({ hiddenDim: hidden, ...o.controlnet }))
  } else if (variant === 'controlnet') await writeModel(dir, 'controlnet', buildControlNet({ hiddenDim: hidden, ...o.controlnet }))
  return dir
}
