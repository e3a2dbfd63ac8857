/**
 * Checks that a folder (or .onnx file) is a model the engines can run, from its layout and the
 * I/O signatures in its graphs (read without loading weights): diffusion folders in the Optimum
 * layout, ControlNets, segmentation models. Problems block an import; warnings only inform.
 */
import { access, readdir, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { controlNetTextWidth, controlPairingProblem } from '../diffusion/pipeline/control-pairing'
import { readDiffusionFolder } from '../diffusion/pipeline/model-folder'
import { EngineError } from '../errors'
import { readOnnxSignature, type IoSpec, type OnnxSignature } from '../ml/onnx-signature'
import type { ModelKind } from './catalog'

export interface ValidationReport {
  path: string
  kind: ModelKind | null
  family: 'sd' | 'sdxl' | null
  /** For single-graph models, the .onnx to load (relative to `path` when it is a folder). */
  main: string | null
  problems: string[]
  warnings: string[]
  details: Record<string, string | number | boolean>
}

const exists = (p: string) => access(p).then(() => true, () => false)
const names = (io: IoSpec[]) => io.map((i) => i.name)
const describe = (io: IoSpec[]) => io.map((i) => `${i.name} ${i.type}[${i.shape.join(',')}]`).join(', ')

async function signature(path: string, report: ValidationReport, label: string): Promise<OnnxSignature | null> {
  try {
    const sig = await readOnnxSignature(path)
    for (const f of sig.externalFiles)
      if (!(await exists(join(dirname(path), f)))) report.problems.push(`${label}: its weights file ${f} is missing beside ${basename(path)}`)
    return sig
  } catch (e) {
    report.problems.push(`${label}: ${e instanceof Error ? e.message : String(e)}`)
    return null
  }
}

function need(report: ValidationReport, label: string, io: IoSpec[], wanted: string[], side: 'input' | 'output'): void {
  const missing = wanted.filter((w) => !names(io).includes(w))
  if (missing.length) report.problems.push(`${label}: no ${side} ${missing.join(', ')} (it has ${describe(io) || 'none'})`)
}

function classifySingle(sig: OnnxSignature): ModelKind | null {
  const ins = names(sig.inputs)
  if (ins.includes('controlnet_cond')) return 'controlnet'
  if (sig.inputs.length === 1 && sig.inputs[0].shape.length === 4 && (sig.inputs[0].shape[1] === 3 || typeof sig.inputs[0].shape[1] === 'string')) return 'segmentation'
  return null
}

async function validateDiffusion(dir: string, report: ValidationReport): Promise<void> {
  let folder
  try {
    folder = await readDiffusionFolder(dir)
  } catch (e) {
    report.problems.push(e instanceof Error ? e.message : String(e))
    return
  }
  report.kind = 'diffusion'
  report.family = folder.family
  report.details.scheduler = folder.scheduler.kind
  report.details.vae_scaling = folder.vaeScaling
  const te = await signature(folder.textEncoders[0].model, report, 'text_encoder')
  if (te) {
    need(report, 'text_encoder', te.inputs, ['input_ids'], 'input')
    if (folder.family === 'sd') need(report, 'text_encoder', te.outputs, ['last_hidden_state'], 'output')
    else if (!te.outputs.some((o) => o.name.startsWith('hidden_states.'))) report.problems.push('text_encoder: an SDXL text encoder must output hidden_states.N')
  }
  if (folder.family === 'sdxl') {
    const te2 = await signature(folder.textEncoders[1].model, report, 'text_encoder_2')
    if (te2) need(report, 'text_encoder_2', te2.outputs, ['text_embeds'], 'output')
    if (!(await exists(join(dir, 'tokenizer_2', 'vocab.json')))) report.warnings.push('no tokenizer_2/: tokenizer/ is used with "!" padding')
  }
  const unet = await signature(folder.unet, report, 'unet')
  if (unet) {
    need(report, 'unet', unet.inputs, ['sample', 'timestep', 'encoder_hidden_states', ...(folder.family === 'sdxl' ? ['text_embeds', 'time_ids'] : [])], 'input')
    if (!unet.outputs.some((o) => o.name === 'out_sample' || o.name === 'latent')) report.warnings.push(`unet: output "${unet.outputs[0]?.name}" taken as the noise prediction`)
    const sample = unet.inputs.find((i) => i.name === 'sample')
    const ch = sample?.shape[1]
    if (typeof ch === 'number') report.details.unet_in_channels = ch
    if (folder.unetInChannels === 9) report.details.inpainting = true
    else if (folder.unetInChannels !== 4) report.problems.push(`unet: sample has ${folder.unetInChannels} channels; the engine runs 4-channel UNets and 9-channel inpainting ones`)
    report.problems.push(...folder.unetConfigConflicts)
    const ehs = unet.inputs.find((i) => i.name === 'encoder_hidden_states')?.shape[2]
    const teDim = te?.outputs.find((o) => o.name === 'last_hidden_state')?.shape[2]
    if (folder.family === 'sd' && typeof ehs === 'number' && typeof teDim === 'number' && ehs !== teDim)
      report.problems.push(`unet takes ${ehs}-wide text embeddings but text_encoder gives ${teDim}: mixed models`)
    if (folder.timeCondProjDim !== null) {
      report.details.lcm = true
      report.details.time_cond_proj_dim = folder.timeCondProjDim
    }
  }
  const dec = await signature(folder.vaeDecoder, report, 'vae_decoder')
  if (dec) need(report, 'vae_decoder', dec.inputs, ['latent_sample'], 'input')
  if (folder.vaeEncoder) {
    const enc = await signature(folder.vaeEncoder, report, 'vae_encoder')
    if (enc && !enc.outputs.some((o) => o.name === 'latent_parameters' || o.name === 'latent_sample')) report.warnings.push('vae_encoder: unknown output name, image-to-image may fail')
  } else report.warnings.push('no vae_encoder/: text-to-image only (no harmonisation inpaint)')
  if (folder.controlnet) {
    report.details.controlnet = true
    const problem = await controlPairingProblem(folder.controlnet, folder, { controlnet: 'controlnet/model.onnx', base: 'of this folder' }).catch(() => null)
    if (problem) report.problems.push(problem)
  }
  if (folder.controlUnet) report.details.controlnet_unet = true
}

async function findOnnxFiles(dir: string, depth = 2): Promise<string[]> {
  const out: string[] = []
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = join(dir, e.name)
    if (e.isFile() && e.name.endsWith('.onnx')) out.push(p)
    else if (e.isDirectory() && depth > 0) out.push(...(await findOnnxFiles(p, depth - 1)))
  }
  return out.sort()
}

export async function validateModelPath(path: string): Promise<ValidationReport> {
  const report: ValidationReport = { path, kind: null, family: null, main: null, problems: [], warnings: [], details: {} }
  const st = await stat(path).catch(() => null)
  if (!st) throw new EngineError('invalid_request', `${path}: no such file or folder`, 'path')
  if (st.isDirectory() && ((await exists(join(path, 'unet'))) || (await exists(join(path, 'model_index.json'))))) {
    await validateDiffusion(path, report)
    return report
  }
  const candidates = st.isDirectory() ? await findOnnxFiles(path) : [path]
  if (!candidates.length) {
    report.problems.push('no .onnx model here (a diffusion folder needs model_index.json and unet/, text_encoder/, vae_decoder/ ...)')
    return report
  }
  // Prefer fp16 graphs when a folder holds several precisions (smaller, faster on GPUs).
  const pick = candidates.find((c) => /fp16/.test(basename(c))) ?? candidates[0]
  const sig = await signature(pick, report, basename(pick))
  if (!sig) return report
  report.kind = classifySingle(sig)
  report.main = st.isDirectory() ? pick.slice(path.length + 1) : basename(pick)
  if (!report.kind) report.problems.push(`${basename(pick)}: not a ControlNet (no controlnet_cond input) or segmentation model (one [1,3,H,W] input); inputs: ${describe(sig.inputs)}`)
  if (report.kind === 'controlnet') {
    report.details.residuals = sig.outputs.length
    const width = await controlNetTextWidth(pick)
    if (width !== null) report.details.text_width = width
  }
  if (report.kind === 'segmentation') report.details.output = sig.outputs[0]?.name ?? ''
  return report
}
