import type { IncomingMessage, ServerResponse } from 'node:http'
import type { BusyResponse, GenerateResponse } from '../../../shared/api-responses'
import { generateRequestSchema, type GenerateRequest } from '../../../shared/generate-request'
import { fail, type Failure } from '../../../shared/result'
import { validate } from '../../../shared/validate'
import type { JobService, NewJob } from '../jobs/job-service'
import { sendError, sendFailure, sendJson } from './http-util'
import { decodeImageField, type ImageInput } from './image-input'
import { readJsonBody } from './read-body'

type FontCheck = (name: string) => Promise<Failure | null>

/**
 * POST /generate: every check that can be made without running the engine is made here, so bad
 * input is a 4xx at once rather than a failed job later: JSON, fields and rules (schema), base64 and
 * image headers (format, size, bombs), the font's existence; then the job is queued or refused busy.
 */
export async function handleGenerate(req: IncomingMessage, res: ServerResponse, jobs: JobService, checkFont: FontCheck): Promise<void> {
  const body = await readJsonBody(req)
  if (!body.ok) return sendError(res, body.status, body.code, body.detail)
  if (typeof body.value !== 'object' || body.value === null || Array.isArray(body.value))
    return sendFailure(res, fail('invalid_request', 'body: must be a JSON object with the request fields (see GET /help/parameters)', [{ field: '(body)', rule: 'must be a JSON object' }]))

  const parsed = validate(generateRequestSchema, body.value)
  if (!parsed.ok) return sendFailure(res, parsed)
  const r = parsed.value

  const images: Partial<Record<'product' | 'step1' | 'step2' | 'mask', ImageInput>> = {}
  const fields = [['product', 'product_image'], ['step1', 'step1_image'], ['step2', 'step2_image'], ['mask', 'mask_image']] as const
  for (const [name, field] of fields) {
    const value = r[field]
    if (value === null || value === undefined) continue
    const decoded = decodeImageField(field, value)
    if (!decoded.ok) return sendFailure(res, decoded)
    images[name] = decoded.value
  }
  const s1 = images.step1?.info
  const m = images.mask?.info
  if (s1 && m && s1.width !== null && m.width !== null && (s1.width !== m.width || s1.height !== m.height)) {
    const rule = `${m.width}x${m.height} does not match step1_image (${s1.width}x${s1.height})`
    return sendFailure(res, fail('invalid_image', `mask_image: ${rule}`, [{ field: 'mask_image', rule }]))
  }
  if (r.font_name) {
    const problem = await checkFont(r.font_name)
    if (problem) return sendFailure(res, problem)
  }

  // Only the inputs the requested steps use are kept (nanoCocoa ignored the others too).
  const used: NewJob['inputs'] = {}
  if (images.product && r.start_step === 1) used.product = images.product
  if (images.step1 && r.start_step >= 2) used.step1 = images.step1
  if (images.step2 && r.start_step === 3) used.step2 = images.step2
  if (images.mask && r.start_step >= 2) used.mask = images.mask

  const submitted = await jobs.submit({ params: withoutImages(r), inputs: used, productHasAlpha: images.product && used.product ? images.product.info.hasAlpha : null })
  if (!submitted.ok) {
    const s = submitted.retryAfter
    const busy: BusyResponse = { status: 'busy', message: `Busy. Retry after ${s}s`, retry_after: s }
    return sendJson(res, 503, busy, { 'Retry-After': String(s) })
  }
  const answer: GenerateResponse = { job_id: submitted.job_id, status: 'started', state: submitted.state, queue_position: submitted.queue_position }
  sendJson(res, 200, answer)
}

function withoutImages(r: GenerateRequest): NewJob['params'] {
  const { product_image: _p, step1_image: _s1, step2_image: _s2, mask_image: _m, ...rest } = r
  return rest
}
