/**
 * Reads a diffusion model folder in the Hugging Face Optimum / diffusers ONNX layout:
 * model_index.json, scheduler/, tokenizer/ (+ tokenizer_2/ for SDXL), text_encoder/ (+
 * text_encoder_2/), unet/, vae_decoder/, optional vae_encoder/ and controlnet/, each with
 * model.onnx and, often, a config.json. The UNet's input channels and LCM guidance width come from
 * the graph's own inputs (Olive and older exports ship no per-component config); a config.json
 * only confirms them, and a disagreement is reported rather than guessed away.
 */
import { access, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { EngineError } from '../../errors'
import { readOnnxSignature, type IoSpec } from '../../ml/onnx-signature'
import { readSchedulerConfig, type SchedulerConfig, type SchedulerKind } from '../schedulers/scheduler-config'
import { fusedControlInputs } from './fused-control'

export type ModelFamily = 'sd' | 'sdxl'

export interface TextEncoderPart {
  tokenizerDir: string
  model: string
}

export interface DiffusionFolder {
  dir: string
  family: ModelFamily
  /** One for SD 1.x/2.x, two for SDXL (tokenizer/text_encoder, tokenizer_2/text_encoder_2). */
  textEncoders: TextEncoderPart[]
  unet: string
  vaeDecoder: string
  vaeEncoder: string | null
  /** A ControlNet shipped inside the folder (controlnet/model.onnx taking controlnet_cond), if any. */
  controlnet: string | null
  /**
   * A UNet that takes ControlNet residuals, for folders (TensorStack layout) whose controlnet/
   * holds that UNet rather than a ControlNet; the ControlNet itself then comes separately.
   */
  controlUnet: string | null
  /** unet/ is a fused UNet+ControlNet graph (it takes the control image itself). */
  unetFusedControl: boolean
  /** From the graph's `sample` input (channels axis); unet/config.json's in_channels only when that axis is symbolic. */
  unetInChannels: number
  /** LCM-distilled UNets take a guidance embedding of this width (the graph's `timestep_cond` input). */
  timeCondProjDim: number | null
  /** Where unet/config.json contradicts the graph (the graph wins; import validation refuses such folders). */
  unetConfigConflicts: string[]
  vaeScaling: number
  /** SDXL: an absent negative prompt becomes zeros (force_zeros_for_empty_prompt); "" is encoded. */
  zerosForEmptyNegative: boolean
  scheduler: SchedulerConfig
}

export const MODEL_FILE = 'model.onnx'

const exists = (p: string) => access(p).then(() => true, () => false)

async function readJsonIfAny(path: string): Promise<Record<string, unknown>> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    return {}
  }
  try {
    const v = JSON.parse(text) as unknown
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {}
  } catch {
    throw new EngineError('model_unavailable', `${path}: not valid JSON`)
  }
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

export async function readDiffusionFolder(dir: string, schedulerOverride?: SchedulerKind): Promise<DiffusionFolder> {
  const part = (name: string) => join(dir, name, MODEL_FILE)
  if (!(await exists(dir))) throw new EngineError('model_unavailable', `model folder ${dir} does not exist`)
  const missing: string[] = []
  for (const required of ['text_encoder', 'unet', 'vae_decoder']) if (!(await exists(part(required)))) missing.push(`${required}/${MODEL_FILE}`)
  for (const required of ['tokenizer/vocab.json', 'tokenizer/merges.txt', 'scheduler/scheduler_config.json'])
    if (!(await exists(join(dir, required)))) missing.push(required)
  if (missing.length)
    throw new EngineError('model_unavailable', `${dir} is not a diffusion model folder in the Optimum ONNX layout: missing ${missing.join(', ')}`)

  const sdxl = await exists(part('text_encoder_2'))
  const textEncoders: TextEncoderPart[] = [{ tokenizerDir: join(dir, 'tokenizer'), model: part('text_encoder') }]
  if (sdxl) {
    // SDXL's second tokenizer is sometimes omitted: it is the first one with "!" padding.
    const tok2 = (await exists(join(dir, 'tokenizer_2', 'vocab.json'))) ? join(dir, 'tokenizer_2') : join(dir, 'tokenizer')
    textEncoders.push({ tokenizerDir: tok2, model: part('text_encoder_2') })
  }
  const unetCfg = await readJsonIfAny(join(dir, 'unet', 'config.json'))
  const unetInputs = (await readOnnxSignature(part('unet'))).inputs
  const unetShape = unetUnderstanding(unetInputs, unetCfg)
  const vaeCfg = await readJsonIfAny(join(dir, 'vae_decoder', 'config.json'))
  const index = await readJsonIfAny(join(dir, 'model_index.json'))
  return {
    dir,
    family: sdxl ? 'sdxl' : 'sd',
    textEncoders,
    unet: part('unet'),
    vaeDecoder: part('vae_decoder'),
    vaeEncoder: (await exists(part('vae_encoder'))) ? part('vae_encoder') : null,
    ...(await classifyControlFolder(part('controlnet'))),
    unetFusedControl: fusedControlInputs(unetInputs) !== null,
    ...unetShape,
    vaeScaling: num(vaeCfg.scaling_factor) ?? (sdxl ? 0.13025 : 0.18215),
    zerosForEmptyNegative: typeof index.force_zeros_for_empty_prompt === 'boolean' ? index.force_zeros_for_empty_prompt : sdxl,
    scheduler: await readSchedulerConfig(join(dir, 'scheduler', 'scheduler_config.json'), schedulerOverride),
  }
}

/** diffusers' LCM UNets embed guidance at this width (time_cond_proj_dim) when an export leaves it symbolic. */
const LCM_COND_DIM = 256

/**
 * The UNet's input channels (4, or 9 for inpainting) and LCM guidance width, read from the graph's
 * inputs; the config fills in only what the graph leaves symbolic and is otherwise checked.
 */
export function unetUnderstanding(
  inputs: readonly IoSpec[],
  cfg: Record<string, unknown>,
): { unetInChannels: number; timeCondProjDim: number | null; unetConfigConflicts: string[] } {
  const conflicts: string[] = []
  const cfgIn = num(cfg.in_channels)
  const cfgCond = num(cfg.time_cond_proj_dim)
  const sampleCh = inputs.find((i) => i.name === 'sample')?.shape[1]
  const graphIn = typeof sampleCh === 'number' && sampleCh > 0 ? sampleCh : null
  if (graphIn !== null && cfgIn !== null && graphIn !== cfgIn) conflicts.push(`unet: sample has ${graphIn} channels but unet/config.json says in_channels ${cfgIn}`)
  const cond = inputs.find((i) => i.name === 'timestep_cond')
  let timeCondProjDim: number | null = null
  if (cond) {
    const w = cond.shape[cond.shape.length - 1]
    timeCondProjDim = typeof w === 'number' && w > 0 ? w : (cfgCond ?? LCM_COND_DIM)
    if (cfgCond !== null && cfgCond !== timeCondProjDim) conflicts.push(`unet: timestep_cond is ${timeCondProjDim} wide but unet/config.json says time_cond_proj_dim ${cfgCond}`)
  } else if (cfgCond !== null) conflicts.push(`unet: unet/config.json says time_cond_proj_dim ${cfgCond} but the graph takes no timestep_cond`)
  return { unetInChannels: graphIn ?? cfgIn ?? 4, timeCondProjDim, unetConfigConflicts: conflicts }
}

/** controlnet/model.onnx is a ControlNet if it takes controlnet_cond, else a residual-taking UNet. */
async function classifyControlFolder(path: string): Promise<{ controlnet: string | null; controlUnet: string | null }> {
  if (!(await exists(path))) return { controlnet: null, controlUnet: null }
  const sig = await readOnnxSignature(path)
  const takesCond = sig.inputs.some((i) => i.name === 'controlnet_cond')
  return takesCond ? { controlnet: path, controlUnet: null } : { controlnet: null, controlUnet: path }
}
