import { readdir, readFile, stat } from 'node:fs/promises'
import { isAbsolute, join } from 'node:path'
import type { ClientResult, ImageRef, JobRequest, KeptImage } from '../../shared/api-client'
import type { GenerateResponse } from '../../shared/api-responses'
import { MAX_IMAGE_BYTES } from '../../shared/ipc-channels'
import { sampleIndexOf } from '../../shared/job-status'
import { fail, ok, type Failure } from '../../shared/result'
import { acceptGenerateRequest } from '../engine/jobs/accept-generate'
import type { JobService } from '../engine/jobs/job-service'

/**
 * POST /generate for IPC through the same acceptance rules as the HTTP route
 * (acceptGenerateRequest), so the app and the API accept and refuse exactly the same requests. Images come
 * as references: a dropped file's path or a kept job result, read here from disk; only pasted images
 * cross IPC as bytes.
 */
export interface SubmitDeps {
  jobs: JobService
  checkFont: (name: string) => Promise<Failure | null>
}

const FIELDS = [
  ['product', 'product_image'],
  ['productMask', 'product_mask'],
  ['step1', 'step1_image'],
  ['step2', 'step2_image'],
  ['mask', 'mask_image'],
] as const

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
  const accepted = await acceptGenerateRequest(deps.jobs, body, deps.checkFont)
  if (accepted.kind === 'refused') return accepted.failure
  if (accepted.kind === 'busy') return fail('busy', `Busy. Retry after ${accepted.retryAfter}s`)
  return ok(accepted.response)
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
 * re-run keeps the step-1 image it started from in inputs/), or the product photo it was made from;
 * `sample-<n>` only ever names a scene variation the job has written.
 */
export async function keptImageFile(jobs: JobService, jobId: string, image: KeptImage): Promise<string | null> {
  const j = jobs.get(jobId)
  if (!j) return null
  if (image.startsWith('sample-')) {
    const index = sampleIndexOf(image)
    return index !== null && j.stored.samples.some((s) => s.index === index) ? jobs.store.samplePath(jobId, index) : null
  }
  if (image !== 'product' && image !== 'step1' && image !== 'step2' && image !== 'mask') return null
  if (image !== 'product' && j.stored.images.includes(image)) return jobs.store.imagePath(jobId, image)
  const input = j.stored.inputs[image]
  if (input) return jobs.store.inputPath(jobId, input)
  // Older job folders: look for inputs/<name>.<ext>.
  const dir = join(jobs.store.dir(jobId), 'inputs')
  const names = await readdir(dir).catch(() => [] as string[])
  const hit = names.find((n) => n.startsWith(`${image}.`))
  return hit ? join(dir, hit) : null
}
