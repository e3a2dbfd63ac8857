import type { IncomingMessage, ServerResponse } from 'node:http'
import type { BusyResponse } from '../../../shared/api-responses'
import { fail } from '../../../shared/result'
import { acceptGenerateRequest, type FontCheck } from '../jobs/accept-generate'
import type { JobService } from '../jobs/job-service'
import { sendError, sendFailure, sendJson } from './http-util'
import { readJsonBody } from './read-body'

/**
 * POST /generate: the body as JSON, then the shared acceptance rules; busy answers 503 + Retry-After.
 * `modelsDir` is where engine model ids are looked up (the server's, so ids it pulled are found).
 */
export async function handleGenerate(req: IncomingMessage, res: ServerResponse, jobs: JobService, checkFont: FontCheck, modelsDir?: string): Promise<void> {
  const body = await readJsonBody(req)
  if (!body.ok) return sendError(res, body.status, body.code, body.detail)
  if (typeof body.value !== 'object' || body.value === null || Array.isArray(body.value))
    return sendFailure(res, fail('invalid_request', 'body: must be a JSON object with the request fields (see GET /help/parameters)', [{ field: '(body)', rule: 'must be a JSON object' }]))

  const accepted = await acceptGenerateRequest(jobs, body.value, checkFont, modelsDir)
  if (accepted.kind === 'refused') return sendFailure(res, accepted.failure)
  if (accepted.kind === 'busy') {
    const s = accepted.retryAfter
    const busy: BusyResponse = { status: 'busy', message: `Busy. Retry after ${s}s`, retry_after: s }
    return sendJson(res, 503, busy, { 'Retry-After': String(s) })
  }
  sendJson(res, 200, accepted.response)
}
