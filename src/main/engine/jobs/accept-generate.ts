import { open, readFile } from 'node:fs/promises'
import type { GenerateResponse } from '../../../shared/api-responses'
import { generateRequestSchema } from '../../../shared/generate-request'
import { sniffImage } from '../../../shared/image-sniff'
import { fail, type Failure } from '../../../shared/result'
import { validate } from '../../../shared/validate'
import { decodeImageField, type ImageInput } from '../api/image-input'
import { EngineError } from '../errors'
import { defaultModelsDir } from '../models/model-dirs'
import { resolveInstalledModel } from '../models/model-store'
import { stripImages } from '../pipeline/job-parameters'
import type { JobService, NewJob } from './job-service'
import { keptProduct, sha256Of } from './kept-product'
import { keptSceneInputs } from './kept-scene-source'

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
  ['productMask', 'product_mask'],
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

  // Only the inputs the requested steps use are kept (nanoCocoa ignored the others too), except the
  // product photo: a job keeps the photo it belongs to, so it can be reopened and re-run whole.
  const used: NewJob['inputs'] = {}
  // scene_from: the kept empty scene goes into the new job's inputs; its job's photo is placed unless another is named.
  let extraInputs: NewJob['extraInputs']
  if (r.scene_from) {
    const scene = await keptSceneInputs(jobs, r.scene_from, r)
    if (!scene.ok) return refuse(scene)
    extraInputs = scene.value
  }
  const productFrom = r.product_from ?? (r.scene_from && !images.product ? r.scene_from : null)
  let productSha256: string | null = null
  let productHasAlpha: boolean | null = null
  if (images.product) {
    used.product = images.product
    productSha256 = sha256Of(images.product.bytes)
    productHasAlpha = images.product.info.hasAlpha
  } else if (productFrom) {
    const kept = await keptProduct(jobs, productFrom)
    // A re-run only keeps the photo for the record (steps 2 and 3 never read it): a source job made
    // without one leaves it without one. A new scene asked for that photo and cannot go on without it.
    if (!kept && r.start_step === 1) {
      const field = r.product_from ? 'product_from' : 'scene_from'
      const rule = jobs.get(productFrom) ? `job ${productFrom} has no product photo (send product_image)` : `job ${productFrom} not found`
      return refuse(fail('invalid_request', `${field}: ${rule}`, [{ field, rule }]))
    }
    if (kept) {
      used.product = { linkFrom: kept.path, ext: kept.ext }
      productSha256 = kept.sha256
      productHasAlpha = r.start_step === 1 ? await photoHasAlpha(kept.path) : null
    }
  }
  if (images.productMask && r.start_step === 1) {
    // The photo it masks: the one sent, or the one kept by the job named in product_from (a corrected
    // cutout of a reopened job). Loaded only for a request that carries a mask: the check decodes PNGs
    // with sharp, which the desktop app's main process (and the API server) otherwise never loads.
    const photo = images.product?.bytes ?? (used.product && 'linkFrom' in used.product ? await readFile(used.product.linkFrom).catch(() => null) : null)
    if (photo) {
      const { productMaskProblem } = await import('../steps/segment/product-mask')
      const problem = await productMaskProblem(images.productMask.bytes, photo)
      if (problem) return refuse(problem)
    }
  }
  if (images.step1 && r.start_step >= 2) used.step1 = images.step1
  // With scene_from, a step-2 layer is the copy kept as it is: only placement and composition run.
  if (images.step2 && (r.start_step === 3 || (r.scene_from && r.stop_step === 3))) used.step2 = images.step2
  if (images.mask && r.start_step >= 2) used.mask = images.mask
  // At start_step 1 the job's mask input is the product's own (product_mask, on the photo).
  if (images.productMask && r.start_step === 1) used.mask = images.productMask

  // product_from is a pointer, kept in status.json; request.json stays a request the worker re-checks.
  const { product_from: _productFrom, ...params } = stripImages(r)
  const submitted = await jobs.submit({ params, inputs: used, productHasAlpha, productSha256, productFrom, extraInputs, priority })
  if (!submitted.ok) return { kind: 'busy', retryAfter: submitted.retryAfter }
  return { kind: 'accepted', response: { job_id: submitted.job_id, status: 'started', state: submitted.state, queue_position: submitted.queue_position } }
}

/** Whether a kept photo has an alpha channel, from its header (decides the cutout engine's ETA key). */
async function photoHasAlpha(path: string): Promise<boolean> {
  const head = await readHead(path, 1 << 16)
  return head ? (sniffImage(head)?.hasAlpha ?? false) : false
}

async function readHead(path: string, n: number): Promise<Uint8Array | null> {
  const fh = await open(path, 'r').catch(() => null)
  if (!fh) return null
  try {
    const buf = new Uint8Array(n)
    const { bytesRead } = await fh.read(buf, 0, n, 0)
    return buf.subarray(0, bytesRead)
  } finally {
    await fh.close()
  }
}
