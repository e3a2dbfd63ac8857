import { readFile } from 'node:fs/promises'
import { imageJobParamsSchema, type ImageJobParams } from '../../../shared/image-job'
import { validate } from '../../../shared/validate'
import { generateImages } from '../diffusion/pipeline/generate'
import { EngineError } from '../errors'
import { decodeImage } from '../image/decode'
import { applyLook } from '../image/story-looks'
import type { RgbaImage } from '../image/raster'
import { defaultModelsDir } from '../models/model-dirs'
import { resolveInstalledModel } from '../models/model-store'
import { resizeRgba, workingSize } from '../steps/generative/raster-ops'
import { withTitle } from './cover-title'
import type { EngineContext, RunHooks, StepImages } from './engine-context'

export interface ImageJobOutput {
  images: StepImages
  /** job.json */
  record: Record<string, unknown>
  engines: Record<string, string>
  timings: Record<string, number>
}

/**
 * The text-to-image and image-to-image job kinds: an installed diffusion model run on the user's
 * own prompt (no product-scene words added), one image per seed, at the model's working size and
 * resized to the requested one. The first image is the job's step1.png; all are its samples
 * (step1_sample_<n>.png, served at /jobs/{id}/samples/{n}.png) with their seeds.
 */
export async function runImageJob(rawParams: Record<string, unknown>, initPath: string | null, ctx: EngineContext, hooks: RunHooks): Promise<ImageJobOutput> {
  const parsed = validate(imageJobParamsSchema, rawParams)
  if (!parsed.ok) throw new EngineError(parsed.code, parsed.message)
  const p: ImageJobParams = parsed.value
  const t0 = performance.now()
  const { path, manifest } = await resolveInstalledModel(ctx.options.modelsDir ?? defaultModelsDir(), p.model)
  if (manifest.kind !== 'diffusion') throw new EngineError('invalid_request', `model "${p.model}" is a ${manifest.kind} model: images need a diffusion model`)
  const defaults = ctx.generative.defaults(p.model)
  // Turbo models are distilled for guidance 0: a guidance for other models would burn them.
  const guidance = defaults?.guidance === 0 ? 0 : (p.guidance ?? defaults?.guidance ?? 7.5)
  const work = workingSize(p.width, p.height, defaults?.width ?? 512)

  let init: RgbaImage | undefined
  if (p.job_kind === 'image-to-image') {
    if (!initPath) throw new EngineError('invalid_request', 'image-to-image: the init image is missing')
    init = await resizeRgba((await decodeImage(await readFile(initPath), 'image')).image, work.width, work.height)
  }
  const progress = (fraction: number, message: string) => hooks.onProgress?.({ step: 'step1_background', subStep: 'diffusion', fraction, message })
  progress(0.02, `Loading ${p.model}`)
  const out = await generateImages(
    {
      model: path,
      prompt: p.prompt,
      negativePrompt: p.negative_prompt,
      width: work.width,
      height: work.height,
      steps: p.steps,
      guidance,
      seeds: p.seeds,
      init: init && { image: init, strength: p.strength },
      signal: hooks.signal,
      onProgress: (e) => progress(0.05 + 0.9 * ((e.sample + (e.phase === 'denoise' ? e.step / Math.max(1, e.steps) : 0)) / Math.max(1, e.samples)), `Image ${e.sample + 1} of ${e.samples}: ${e.phase} ${e.step}/${e.steps}`),
    },
    await ctx.generative.sessions(),
  )
  const samples: { seed: number; image: RgbaImage }[] = []
  const plain: { seed: number; image: RgbaImage }[] = []
  for (const [i, img] of out.images.entries()) {
    const sized = img.width === p.width && img.height === p.height ? img : await resizeRgba(img, p.width, p.height)
    const looked = applyLook(sized, p.post_process)
    samples.push({ seed: p.seeds[i], image: p.title ? withTitle(looked, p.title, p.seeds[i]) : looked })
    plain.push({ seed: p.seeds[i], image: looked })
  }
  // a cover also keeps its picture without the title (same seed), after the titled ones
  if (p.title) samples.push(...plain)
  const timings = { total: Math.round(performance.now() - t0) }
  const engines = { background: `diffusion:${p.model}` }
  return {
    images: { step1: samples[0].image, samples },
    engines,
    timings,
    record: {
      kind: p.job_kind,
      parameters: { ...p, guidance },
      engines,
      timings_ms: timings,
      notes: { working_size: `${work.width}x${work.height}`, scheduler: out.info.scheduler, scheduler_note: out.info.schedulerNote, cfg: out.info.cfg, mode: out.info.mode },
    },
  }
}
