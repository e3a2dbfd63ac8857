import { readFile } from 'node:fs/promises'
import { randomInt } from 'node:crypto'
import { isFinished } from '../../../shared/job-status'
import { IMAGE_JOB_PLAN, imageJobParamsSchema, type ImageJobParamsInput } from '../../../shared/image-job'
import { validate } from '../../../shared/validate'
import type { JobService } from '../jobs/job-service'
import type { LiveJob } from '../jobs/job-view'
import { listInstalled } from '../models/model-store'
import { ApiError } from './http-util'
import type { ImageInput } from './image-input'

/**
 * The host side of the text-to-image and image-to-image job kinds, shared by the image API
 * families: which installed model a request's `model` means, submitting the job, and waiting for it.
 */

/** Names scripts written for hosted services send; each means the default installed diffusion model unless the user maps it. */
export const DEFAULT_ALIASES = ['dall-e-2', 'dall-e-3', 'gpt-image-1', 'stable-diffusion-3', 'flux-schnell', 'v2.1', 'v2.0', 'karlo'] as const

/** The model suggested when none is installed (small, fast; see models/catalog.json). */
export const SUGGESTED_MODEL = 'sd-turbo'

export interface ModelChoice {
  /** The installed model id that runs. */
  id: string
  /** The name the request used (an alias or the id). */
  requested: string
}

export interface DiffusionModels {
  installed: string[]
  /** alias → installed id */
  aliases: Record<string, string>
}

/** The installed diffusion models and the aliases that resolve now (user's first, then the defaults). */
export async function diffusionModels(modelsDir: string, userAliases: Record<string, string> = {}): Promise<DiffusionModels> {
  const installed = (await listInstalled(modelsDir)).filter((m) => m.status === 'ready' && m.manifest?.kind === 'diffusion').map((m) => m.id)
  const aliases: Record<string, string> = {}
  if (installed.length) {
    const preferred = installed.includes(SUGGESTED_MODEL) ? SUGGESTED_MODEL : installed[0]
    for (const a of DEFAULT_ALIASES) aliases[a] = preferred
  }
  for (const [a, id] of Object.entries(userAliases)) if (installed.includes(id)) aliases[a] = id
  return { installed, aliases }
}

export const noModelMessage = () =>
  `no diffusion model is installed: run \`adstudio models pull ${SUGGESTED_MODEL}\` (or POST /models/${SUGGESTED_MODEL}/pull, or the Models screen of the app); images are never faked`

/** `model` → an installed id, or a 400 naming the field, the installed ids and the aliases. */
export async function chooseModel(field: string, requested: string | undefined, modelsDir: string, userAliases?: Record<string, string>): Promise<ModelChoice> {
  const m = await diffusionModels(modelsDir, userAliases)
  if (m.installed.length === 0) throw new ApiError(400, 'model_not_installed', `${field}: ${noModelMessage()}`, [{ field, rule: 'needs an installed diffusion model' }])
  const name = requested ?? Object.keys(m.aliases)[0]
  if (m.installed.includes(name)) return { id: name, requested: name }
  if (m.aliases[name]) return { id: m.aliases[name], requested: name }
  const rule = `unknown model "${name.slice(0, 100)}": use an installed diffusion model (${m.installed.join(', ')}) or an alias (${Object.keys(m.aliases).join(', ')})`
  throw new ApiError(400, 'model_not_installed', `${field}: ${rule}`, [{ field, rule }])
}

/** A random seed per image when the request gives none (recorded, so each image can be made again). */
export const randomSeeds = (n: number) => Array.from({ length: n }, () => randomInt(0, 2 ** 32 - 1))

/** Queues a text-to-image or image-to-image job; 503 busy when the queue is full. */
export async function submitImageJob(jobs: JobService, params: Omit<ImageJobParamsInput, keyof typeof IMAGE_JOB_PLAN>, init?: ImageInput): Promise<string> {
  const checked = validate(imageJobParamsSchema, { ...params, ...IMAGE_JOB_PLAN })
  if (!checked.ok) throw ApiError.from(checked)
  const r = await jobs.submit({ params: checked.value, inputs: init ? { step1: { bytes: init.bytes, ext: init.ext } } : {}, productHasAlpha: null })
  if (!r.ok) throw new ApiError(503, 'busy', `Busy. Retry after ${r.retryAfter}s`, undefined, { 'Retry-After': String(r.retryAfter) })
  return r.job_id
}

/** Resolves when the job has finished, or with null after `ms` (the job goes on). */
export function waitForJob(jobs: JobService, id: string, ms: number): Promise<LiveJob | null> {
  return new Promise((resolve) => {
    const done = () => {
      const j = jobs.get(id)
      return j && isFinished(j.stored.status) ? j : undefined
    }
    const now = done()
    if (now) return resolve(now)
    const timer = setTimeout(() => finish(null), ms)
    const off = jobs.on((e) => {
      if (e.job_id === id && e.type === 'job.finished') finish(done() ?? null)
    })
    function finish(j: LiveJob | null) {
      clearTimeout(timer)
      off()
      resolve(j)
    }
  })
}

/** The job's images in seed order: {index, seed} and a reader of the PNG bytes. */
export function jobSamples(jobs: JobService, j: LiveJob): { index: number; seed: number; read: () => Promise<Buffer> }[] {
  return j.stored.samples.map((s) => ({ index: s.index, seed: s.seed, read: () => readFile(jobs.store.samplePath(j.stored.job_id, s.index)) }))
}
