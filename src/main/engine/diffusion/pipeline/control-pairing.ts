/**
 * Whether a ControlNet and a base model are a pair, decided from the graphs' I/O metadata before
 * anything runs. Residual shapes are the same in SD 1.5 and SD 2.x, so a shape check alone lets an
 * SD 1.5 ControlNet (text width 768) reach an SD-Turbo base (OpenCLIP-H, 1024) and fail on its
 * first step; the width of `encoder_hidden_states` tells them apart (SD 1.x 768, SD 2.x 1024,
 * SDXL 2048). Used at import, when the model list is built, when step 2 picks a base, and by the
 * pipeline itself.
 */
import { stat } from 'node:fs/promises'
import { EngineError } from '../../errors'
import { readOnnxSignature, type IoSpec, type OnnxSignature } from '../../ml/onnx-signature'
import { residualInputs } from './controlnet-residuals'
import { readDiffusionFolder, type DiffusionFolder } from './model-folder'

/** Signatures keyed by path, size and mtime: the model list asks on every refresh. */
const cache = new Map<string, { key: string; sig: OnnxSignature }>()

async function signatureOf(path: string): Promise<OnnxSignature> {
  const st = await stat(path).catch(() => null)
  const key = st ? `${st.size}:${st.mtimeMs}` : ''
  const hit = cache.get(path)
  if (hit && key && hit.key === key) return hit.sig
  const sig = await readOnnxSignature(path)
  if (key) cache.set(path, { key, sig })
  return sig
}

const lastDim = (io: IoSpec | undefined): number | null => {
  const d = io?.shape[io.shape.length - 1]
  return typeof d === 'number' && d > 0 ? d : null
}

/** Plain words for a text width, so the refusal says which family each side belongs to. */
export function widthFamily(width: number): string {
  if (width === 768) return 'SD 1.x'
  if (width === 1024) return 'SD 2.x / SD-Turbo'
  if (width === 2048) return 'SDXL'
  return `${width}-wide`
}

/** The width of the text embeddings a ControlNet takes (its encoder_hidden_states), null when symbolic. */
export async function controlNetTextWidth(controlnet: string): Promise<number | null> {
  return lastDim((await signatureOf(controlnet)).inputs.find((i) => i.name === 'encoder_hidden_states'))
}

/**
 * The hidden size of a base's text conditioning: SD, the text encoder's last_hidden_state; SDXL,
 * the two encoders' hidden states side by side. When the encoders leave it symbolic, the UNet's
 * encoder_hidden_states input says what it was trained on.
 */
export async function baseTextWidth(folder: DiffusionFolder): Promise<number | null> {
  const widths: (number | null)[] = []
  for (const [k, te] of folder.textEncoders.entries()) {
    const outs = (await signatureOf(te.model)).outputs
    const hidden = folder.family === 'sdxl' ? outs.find((o) => /^hidden_states\.\d+$/.test(o.name)) : (outs.find((o) => o.name === 'last_hidden_state') ?? (k === 0 ? outs[0] : undefined))
    widths.push(lastDim(hidden))
  }
  if (widths.length && widths.every((w) => w !== null)) return widths.reduce((a, b) => a! + b!, 0)
  return lastDim((await signatureOf(folder.controlUnet ?? folder.unet)).inputs.find((i) => i.name === 'encoder_hidden_states'))
}

/** Names for the message: model ids where known, else file paths. */
export interface PairNames {
  controlnet: string
  base: string
}

/** A plain-words refusal when the ControlNet's text width differs from the base's, else null (also when either is unknown). */
export async function controlPairingProblem(controlnet: string, base: DiffusionFolder, names: PairNames = { controlnet, base: base.dir }): Promise<string | null> {
  const cn = await controlNetTextWidth(controlnet)
  const te = await baseTextWidth(base)
  if (cn === null || te === null || cn === te) return null
  return (
    `${names.controlnet} takes ${cn}-wide text embeddings (encoder_hidden_states, ${widthFamily(cn)}) but the base ${names.base} ` +
    `gives ${te}-wide ones (${widthFamily(te)}): they are not a pair; it needs a base of its own family (${widthFamily(cn)}) whose UNet takes ControlNet residuals`
  )
}

export interface BaseCandidate {
  id: string
  /** The diffusion folder. */
  path: string
}

/** `mismatch`: some installed base takes residuals but none at this ControlNet's text width. */
export type BaseChoice = { ok: true; id: string; path: string } | { ok: false; message: string; mismatch: boolean }

/**
 * The base for a separate ControlNet among installed diffusion folders: the preferred ids first
 * (the catalogue's `requires`), then any other; it must take residuals (a TensorStack controlnet/
 * UNet or a UNet with residual inputs) and match the ControlNet's text width.
 */
export async function chooseControlBase(controlnet: string, controlnetId: string, candidates: readonly BaseCandidate[], preferred: readonly string[]): Promise<BaseChoice> {
  const ordered = [...candidates.filter((c) => preferred.includes(c.id)), ...candidates.filter((c) => !preferred.includes(c.id))]
  const mismatches: string[] = []
  for (const c of ordered) {
    const folder = await readDiffusionFolder(c.path).catch(() => null)
    if (!folder) continue
    const takesResiduals = folder.controlUnet !== null || residualInputs((await signatureOf(folder.unet)).inputs).length > 0
    if (!takesResiduals) continue
    const problem = await controlPairingProblem(controlnet, folder, { controlnet: controlnetId, base: c.id })
    if (problem) mismatches.push(problem)
    else return { ok: true, id: c.id, path: c.path }
  }
  const install = preferred.length ? `install ${preferred.join(' or ')} (adstudio models pull ${preferred[0]})` : 'install one'
  if (mismatches.length)
    return { ok: false, mismatch: true, message: `${mismatches[0]}${mismatches.length > 1 ? ` (and ${mismatches.length - 1} more installed bases do not fit)` : ''}; ${install}` }
  return { ok: false, mismatch: false, message: `a ControlNet needs a base model whose UNet takes its residuals: ${install}` }
}

/** Throws the refusal as a model_unavailable error on field `field`. */
export async function assertControlPair(controlnet: string, base: DiffusionFolder, field: string, names?: PairNames): Promise<void> {
  const problem = await controlPairingProblem(controlnet, base, names)
  if (problem) throw new EngineError('model_unavailable', problem, field)
}
