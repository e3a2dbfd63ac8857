import type { GenerateResponse } from '../../../shared/api-responses'
import { generateRequestSchema } from '../../../shared/generate-request'
import { fail, type Failure } from '../../../shared/result'
import { validate } from '../../../shared/validate'
import { decodeImageField, type ImageInput } from '../api/image-input'
import { EngineError } from '../errors'
import { defaultModelsDir } from '../models/model-dirs'
import { resolveInstalledModel } from '../models/model-store'
import { stripImages } from '../pipeline/job-parameters'
import type { JobService, NewJob } from './job-service'

export type FontCheck = (name: string) => Promise<Failure | null>

export type Acceptance =
  | { kind: 'accepted'; response: GenerateResponse }
  | { kind: 'busy'; retryAfter: number }
  | { kind: 'refused'; failure: Failure }

const BUILT_IN_ENGINES = new Set(['builtin', 'isnet-medium', 'isnet-small'])

/** A request naming an engine model that is not installed is refused now, not failed later. */
async function missingModel(field: string, id: string, modelsDir: string): Promise<Failure | null> {
  if (BUILT_IN_ENGINES.has(id)) return null
  try {
    await resolveInstalledModel(modelsDir, id)
    return null
  } catch (e) {
    const rule = e instanceof EngineError ? e.message : String(e)
    return fail('model_not_installed', `${field}: ${rule}`, [{ field, rule }])
  }
}

const IMAGE_FIELDS = [
  ['product', 'product_image'],
  ['step1', 'step1_image'],
  ['step2', 'step2_image'],
  ['mask', 'mask_image'],
] as const

/**
 * POST /generate's rules, shared by the HTTP route and the desktop app's IPC so both accept and
 * refuse exactly the same requests: every check that can be made without running the engine is
 * made here (schema, base64 and image headers — format, size, bombs —, the mask's size, the font's
 * existence), so bad input is refused at once rather than failing a job later; then the job is
 * queued, or refused busy.
 */
export async function acceptGenerateRequest(
  jobs: JobService,
  body: unknown,
  checkFont: FontCheck,
  modelsDir: string = defaultModelsDir(),
  priority?: NewJob['priority'],
): Promise<Acceptance> {
  const refuse = (failure: Failure): Acceptance => ({ kind: 'refused', failure })
  const parsed = validate(generateRequestSchema, body)
  if (!parsed.ok) return refuse(parsed)
  const r = parsed.value

  const images: Partial<Record<(typeof IMAGE_FIELDS)[number][0], ImageInput>> = {}
  for (const [name, field] of IMAGE_FIELDS) {
    const value = r[field]
    if (value === null || value === undefined) continue
    const decoded = decodeImageField(field, value)
    if (!decoded.ok) return refuse(decoded)
    images[name] = decoded.value
  }
  const s1 = images.step1?.info
  const m = images.mask?.info
  if (s1 && m && s1.width !== null && m.width !== null && (s1.width !== m.width || s1.height !== m.height)) {
    const rule = `${m.width}x${m.height} does not match step1_image (${s1.width}x${s1.height})`
    return refuse(fail('invalid_image', `mask_image: ${rule}`, [{ field: 'mask_image', rule }]))
  }
  if (r.font_name) {
    const problem = await checkFont(r.font_name)
    if (problem) return refuse(problem)
  }
  for (const field of ['segmentation_model', 'bg_engine', 'text_engine'] as const) {
    const problem = await missingModel(field, r[field], modelsDir)
    if (problem) return refuse(problem)
  }

  // Only the inputs the requested steps use are kept (nanoCocoa ignored the others too).
  const used: NewJob['inputs'] = {}
  if (images.product && r.start_step === 1) used.product = images.product
  if (images.step1 && r.start_step >= 2) used.step1 = images.step1
  if (images.step2 && r.start_step === 3) used.step2 = images.step2
  if (images.mask && r.start_step >= 2) used.mask = images.mask

  const submitted = await jobs.submit({ params: stripImages(r), inputs: used, productHasAlpha: used.product ? images.product!.info.hasAlpha : null, priority })
  if (!submitted.ok) return { kind: 'busy', retryAfter: submitted.retryAfter }
  return { kind: 'accepted', response: { job_id: submitted.job_id, status: 'started', state: submitted.state, queue_position: submitted.queue_position } }
}
