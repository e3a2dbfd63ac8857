import { readdir, readFile, stat } from 'node:fs/promises'
import { isAbsolute, join } from 'node:path'
import type { ClientResult, ImageRef, JobRequest, KeptImage } from '../../shared/api-client'
import type { GenerateResponse } from '../../shared/api-responses'
import { generateRequestSchema } from '../../shared/generate-request'
import { MAX_IMAGE_BYTES } from '../../shared/ipc-channels'
import { fail, ok, type Failure } from '../../shared/result'
import { validate } from '../../shared/validate'
import { decodeImageField, type ImageInput } from '../engine/api/image-input'
import type { JobService, NewJob } from '../engine/jobs/job-service'

/**
 * POST /generate for IPC: the same rules in the same order as the HTTP route (schema, image headers
 * and limits, font), so the app and the API accept and refuse exactly the same requests. Images come
 * as references: a dropped file's path or a kept job result, read here from disk; only pasted images
 * cross IPC as bytes.
 */
export interface SubmitDeps {
  jobs: JobService
  checkFont: (name: string) => Promise<Failure | null>
}

const FIELDS = [
  ['product', 'product_image'],
  ['step1', 'step1_image'],
  ['step2', 'step2_image'],
  ['mask', 'mask_image'],
] as const
type InputKey = (typeof FIELDS)[number][0]

export async function submitJob(deps: SubmitDeps, req: JobRequest): Promise<ClientResult<GenerateResponse>> {
  const body: Record<string, unknown> = { ...req.params }
  for (const [key, field] of FIELDS) {
    const ref = req[key]
    if (!ref) continue
    const read = await readRef(deps.jobs, ref, field)
    // A kept mask helps 'behind' and 'auto' but is not required: a job without one still re-runs.
    if (!read.ok && key === 'mask' && read.code === 'not_found') continue
    if (!read.ok) return read
    body[field] = Buffer.from(read.value.buffer, read.value.byteOffset, read.value.byteLength).toString('base64')
  }
  const parsed = validate(generateRequestSchema, body)
  if (!parsed.ok) return parsed
  const r = parsed.value

  const images: Partial<Record<InputKey, ImageInput>> = {}
  for (const [key, field] of FIELDS) {
    const value = r[field]
    if (!value) continue
    const decoded = decodeImageField(field, value)
    if (!decoded.ok) return decoded
    images[key] = decoded.value
  }
  const s1 = images.step1?.info
  const m = images.mask?.info
  if (s1 && m && s1.width !== null && m.width !== null && (s1.width !== m.width || s1.height !== m.height)) {
    const rule = `${m.width}x${m.height} does not match step1_image (${s1.width}x${s1.height})`
    return fail('invalid_image', `mask_image: ${rule}`, [{ field: 'mask_image', rule }])
  }
  if (r.font_name) {
    const problem = await deps.checkFont(r.font_name)
    if (problem) return problem
  }
  const used: NewJob['inputs'] = {}
  if (images.product && r.start_step === 1) used.product = images.product
  if (images.step1 && r.start_step >= 2) used.step1 = images.step1
  if (images.step2 && r.start_step === 3) used.step2 = images.step2
  if (images.mask && r.start_step >= 2) used.mask = images.mask
  const { product_image: _p, step1_image: _s1, step2_image: _s2, mask_image: _m, ...params } = r
  const submitted = await deps.jobs.submit({ params, inputs: used, productHasAlpha: used.product ? images.product!.info.hasAlpha : null })
  if (!submitted.ok) return fail('busy', `Busy. Retry after ${submitted.retryAfter}s`)
  return ok({ job_id: submitted.job_id, status: 'started', state: submitted.state, queue_position: submitted.queue_position })
}

/** The bytes behind a reference, size-checked before reading. */
export async function readRef(jobs: JobService, ref: ImageRef, field: string): Promise<ClientResult<Uint8Array>> {
  if (ref.kind === 'bytes') return ok(ref.bytes)
  let file: string | null
  if (ref.kind === 'path') {
    if (!isAbsolute(ref.path)) return fail('invalid_request', `${field}: the file path must be absolute`)
    file = ref.path
  } else {
    if (!jobs.get(ref.jobId)) return fail('not_found', `${field}: job ${ref.jobId} not found`)
    file = await keptImageFile(jobs, ref.jobId, ref.image)
    if (!file) return fail('not_found', `${field}: job ${ref.jobId} has no ${ref.image} image to reuse`)
  }
  try {
    const st = await stat(file)
    if (!st.isFile()) return fail('invalid_image', `${field}: ${file} is not a file`)
    if (st.size > MAX_IMAGE_BYTES) return fail('image_too_large', `${field}: the file is ${(st.size / 1e6).toFixed(0)} MB; the limit is ${(MAX_IMAGE_BYTES / 1e6).toFixed(0)} MB`)
    return ok(new Uint8Array(await readFile(file)))
  } catch (e) {
    return { ok: false, code: 'io_error', message: `${field}: could not read ${file}: ${(e as Error).message}` }
  }
}

/**
 * A job's kept image: its own result (step1.png, step2.png), else the input it was given (a step-2
 * re-run keeps the step-1 image it started from in inputs/), or the product photo it was made from.
 */
export async function keptImageFile(jobs: JobService, jobId: string, image: KeptImage): Promise<string | null> {
  const j = jobs.get(jobId)
  if (!j) return null
  if (image !== 'product' && j.stored.images.includes(image)) return jobs.store.imagePath(jobId, image)
  const input = j.stored.inputs[image]
  if (input) return jobs.store.inputPath(jobId, input)
  // Older job folders: look for inputs/<name>.<ext>.
  const dir = join(jobs.store.dir(jobId), 'inputs')
  const names = await readdir(dir).catch(() => [] as string[])
  const hit = names.find((n) => n.startsWith(`${image}.`))
  return hit ? join(dir, hit) : null
}
