/**
 * Text-to-image, image-to-image, inpainting and ControlNet in one orchestrator, one phase after
 * another so at most one model (UNet + ControlNet together) is in memory: text encoders → VAE
 * encoder (img2img) → denoising for every seed → VAE decoder. Cancellation is checked before
 * every model run; sessions are given back on the way out, also when cancelled. Any multiple-of-8
 * size is run on a multiple-of-64 canvas and cropped back (canvas-padding.ts).
 */
import { join } from 'node:path'
import { EngineError } from '../../errors'
import type { Mask, RgbaImage } from '../../image/raster'
import type { ModelSessions } from '../../ml/session-pool'
import { createScheduler } from '../schedulers'
import { readSchedulerConfig, type SchedulerKind } from '../schedulers/scheduler-config'
import { cropToRequest, padMask, padPlane, padRgba, planCanvas, type CanvasPlan } from './canvas-padding'
import { assertControlPair } from './control-pairing'
import { denoise } from './denoise'
import { concatChannels, controlTensor, maskedImageTensor, maskToLatent } from './image-tensors'
import { readDiffusionFolder, type DiffusionFolder } from './model-folder'
import { encodePrompts } from './text-conditioning'
import { guidanceEmbedding, UnetRunner } from './unet-runner'
import { decodeLatents, encodeImage } from './vae'

export interface DiffusionRequest {
  /** A model folder path, or one already read. */
  model: string | DiffusionFolder
  prompt: string
  negativePrompt?: string | null
  width: number
  height: number
  steps: number
  /** Classifier-free guidance when > 1 (Turbo models: 0). LCM models embed it instead. */
  guidance: number
  /** One image per seed (seed 003's `samples`). */
  seeds: number[]
  scheduler?: SchedulerKind
  /** img2img: start from this image (the output size); with a mask: inpaint where mask >= 0.5. */
  init?: { image: RgbaImage; strength: number; mask?: Mask; pasteBack?: boolean }
  /** ControlNet: edge map (0/255, one per pixel) or RGB control image at the output size. */
  control?: { image: Uint8Array | RgbaImage; scale: number; model?: string }
  signal?: AbortSignal
  onProgress?: (p: DiffusionProgress) => void
}

export interface DiffusionProgress {
  phase: 'text' | 'encode' | 'denoise' | 'decode'
  sample: number
  samples: number
  step: number
  steps: number
}

export type DiffusionMode = 'txt2img' | 'img2img' | 'inpaint' | 'inpaint-blend' | 'controlnet'

export interface DiffusionResult {
  images: RgbaImage[]
  info: {
    family: DiffusionFolder['family']
    mode: DiffusionMode
    scheduler: string
    /** Why that scheduler: the folder's class, or the fallback taken for a class we do not implement. */
    schedulerNote: string
    /** The canvas the models ran at (sides rounded up to multiples of 64); the images are cropped from it. */
    runSize: { width: number; height: number }
    timesteps: number[]
    cfg: boolean
    stepMs: number[]
    phaseMs: Record<string, number>
  }
}

function stopCheck(signal?: AbortSignal): void {
  if (signal?.aborted) throw signal.reason ?? new EngineError('stopped', 'stopped')
}

export async function generateImages(req: DiffusionRequest, sessions: ModelSessions): Promise<DiffusionResult> {
  const { width, height } = req
  if (!Number.isInteger(width) || !Number.isInteger(height) || width % 8 || height % 8 || width < 8 || height < 8)
    throw new EngineError('invalid_request', `image size ${width}x${height}: width and height must be positive multiples of 8`, 'width')
  if (!req.seeds.length) throw new EngineError('invalid_request', 'no seeds: ask for at least one image', 'samples')
  const folder = await folderFor(req.model, req.scheduler)
  const canvas = planCanvas(width, height)
  const { runWidth: runW, runHeight: runH } = canvas
  const lw = runW / 8
  const lh = runH / 8
  const plane = lw * lh
  const strength = req.init ? Math.min(1, Math.max(0, req.init.strength)) : 1
  const scheduler = createScheduler(folder.scheduler, req.steps, strength)
  if (!scheduler.timesteps.length)
    throw new EngineError('invalid_request', `strength ${strength} with ${req.steps} steps runs no step: steps x strength must be at least 1`, 'strength')
  const inpaintUnet = folder.unetInChannels === 9
  const mask = req.init?.mask
  if (inpaintUnet && !mask) throw new EngineError('invalid_request', 'this is an inpainting model: it needs an image and a mask', 'mask')
  const mode: DiffusionMode = req.control ? 'controlnet' : mask ? (inpaintUnet ? 'inpaint' : 'inpaint-blend') : req.init ? 'img2img' : 'txt2img'
  const cfg = req.guidance > 1 && folder.timeCondProjDim === null
  const phaseMs: Record<string, number> = {}
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now()
    try {
      return await fn()
    } finally {
      phaseMs[name] = Math.round(performance.now() - t0)
    }
  }
  const progress = (phase: DiffusionProgress['phase'], sample: number, step: number) =>
    req.onProgress?.({ phase, sample, samples: req.seeds.length, step, steps: scheduler.timesteps.length })

  // A fused UNet+ControlNet graph in unet/ takes the control image itself: no separate ControlNet.
  const controlModel = req.control && !folder.unetFusedControl ? (req.control.model ?? folder.controlnet) : null
  if (req.control && !folder.unetFusedControl && !controlModel)
    throw new EngineError('model_unavailable', 'no ControlNet model: install one (adstudio models pull controlnet-canny-sd15) or use a folder with a ControlNet in controlnet/', 'text_engine')
  // Before any model loads: an SD 1.5 ControlNet on an SD 2.x base has the right residual shapes
  // and would only fail inside the first step.
  if (controlModel) await assertControlPair(controlModel, folder, 'text_engine')
  stopCheck(req.signal)
  progress('text', 0, 0)
  const prompts = await timed('text', () => encodePrompts(folder, sessions, req.prompt, req.negativePrompt ?? null, cfg))

  let imageLatents: Float32Array | null = null
  let maskLatent: Float32Array | null = null
  let maskedLatents: Float32Array | null = null
  if (req.init) {
    const init = req.init
    if (init.image.width !== width || init.image.height !== height)
      throw new EngineError('invalid_request', `init image is ${init.image.width}x${init.image.height}, the output ${width}x${height}: resize it first`, 'image')
    // The margin is the model's to fill: image edges repeated, mask "repaint" there.
    const image = padRgba(init.image, canvas)
    const runMask = mask ? padMask(mask, canvas, 1) : null
    stopCheck(req.signal)
    progress('encode', 0, 0)
    const encoded = await timed('encode', async () => ({
      image: await encodeImage(sessions, folder.vaeEncoder, image, runW, runH, folder.vaeScaling),
      masked: runMask && inpaintUnet ? await encodeImage(sessions, folder.vaeEncoder, maskedImageTensor(image, runMask), runW, runH, folder.vaeScaling) : null,
    }))
    imageLatents = encoded.image
    maskedLatents = encoded.masked
    maskLatent = runMask ? maskToLatent(runMask, lw, lh) : null
  }

  // TensorStack-style folders keep the residual-taking UNet in controlnet/; plain ones use unet/.
  const unetPath = req.control && folder.controlUnet ? folder.controlUnet : folder.unet
  const stepMs: number[] = []
  const finals = await timed('denoise', () =>
    sessions.useAll(controlModel ? [unetPath, controlModel] : [unetPath], async ([unet, controlnet]) => {
      const runner = new UnetRunner({
        unet,
        prompts,
        guidance: req.guidance,
        latentW: lw,
        latentH: lh,
        // SDXL is told the canvas size: that is the image it composes (the crop comes after decoding).
        timeIds: folder.family === 'sdxl' ? [runH, runW, 0, 0, runH, runW] : null,
        timestepCond: folder.timeCondProjDim ? guidanceEmbedding(Math.max(0, req.guidance - 1), folder.timeCondProjDim) : null,
        control: req.control ? { session: controlnet ?? null, image: controlTensor(padControl(req.control.image, canvas), runW, runH), width: runW, height: runH, scale: req.control.scale } : null,
      })
      const out: Float32Array[] = []
      for (let s = 0; s < req.seeds.length; s++) {
        const latents = await denoise({
          scheduler,
          seed: req.seeds[s],
          size: 4 * plane,
          // diffusers: img2img always noises the image latents at the first timestep, so strength 1
          // keeps a trace of the image; only inpainting at strength 1 starts from pure noise.
          init: imageLatents ? { latents: imageLatents, fromPureNoise: strength >= 1 && mask !== undefined } : undefined,
          blend: maskLatent && !inpaintUnet && imageLatents ? { mask: maskLatent, imageLatents } : undefined,
          predict: (x, t) => {
            if (!inpaintUnet) return runner.predict(x, t)
            return runner.predict(concatChannels(x, maskLatent!, maskedLatents!), t, x)
          },
          checkpoint: (i) => {
            stopCheck(req.signal)
            progress('denoise', s, i)
          },
          onStepMs: (ms) => stepMs.push(Math.round(ms * 10) / 10),
        })
        out.push(latents)
      }
      return out
    }),
  )

  stopCheck(req.signal)
  progress('decode', req.seeds.length - 1, scheduler.timesteps.length)
  let images = (await timed('decode', () => decodeLatents(sessions, folder.vaeDecoder, finals, lw, lh, folder.vaeScaling))).map((img) => cropToRequest(img, canvas))
  if (req.init && mask && req.init.pasteBack !== false) images = images.map((img) => pasteBack(img, req.init!.image, mask))
  return {
    images,
    info: {
      family: folder.family,
      mode,
      scheduler: scheduler.kind,
      schedulerNote: folder.scheduler.kindNote,
      runSize: { width: runW, height: runH },
      timesteps: [...scheduler.timesteps],
      cfg,
      stepMs,
      phaseMs,
    },
  }
}

/** The folder, with the requested sampler in place of its own scheduler class (same noise schedule). */
async function folderFor(model: string | DiffusionFolder, scheduler: SchedulerKind | undefined): Promise<DiffusionFolder> {
  if (typeof model === 'string') return readDiffusionFolder(model, scheduler)
  if (!scheduler || scheduler === model.scheduler.kind) return model
  return { ...model, scheduler: await readSchedulerConfig(join(model.dir, 'scheduler', 'scheduler_config.json'), scheduler) }
}

function padControl(image: Uint8Array | RgbaImage, canvas: CanvasPlan): Uint8Array | RgbaImage {
  return image instanceof Uint8Array ? padPlane(image, canvas) : padRgba(image, canvas)
}

/** Outside the mask the original pixels come back exactly; inside, the (soft) mask mixes them. */
export function pasteBack(generated: RgbaImage, original: RgbaImage, mask: Mask): RgbaImage {
  const out = new Uint8ClampedArray(generated.data.length)
  for (let i = 0, j = 0; i < mask.data.length; i++, j += 4) {
    const m = Math.min(1, Math.max(0, mask.data[i]))
    for (let c = 0; c < 3; c++) out[j + c] = Math.round(m * generated.data[j + c] + (1 - m) * original.data[j + c])
    out[j + 3] = original.data[j + 3]
  }
  return { width: generated.width, height: generated.height, data: out }
}
