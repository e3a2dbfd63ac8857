import type { FastifyReply } from 'fastify'
import type { BusyResponse } from '../../../shared/api-responses'
import { fail } from '../../../shared/result'
import { acceptGenerateRequest } from '../jobs/accept-generate'
import type { JobService } from '../jobs/job-service'
import { checkFontName } from './font-access'
import { sendFailure } from './http-util'

/**
 * POST /generate: the parsed JSON body (undefined when empty), then the shared acceptance rules;
 * busy answers 503 + Retry-After. `modelsDir` is where engine model ids are looked up (the
 * server's, so ids it pulled are found).
 */
export async function handleGenerate(body: unknown, reply: FastifyReply, jobs: JobService, modelsDir?: string): Promise<void> {
  if (body === undefined) return sendFailure(reply, fail('invalid_request', 'body: must be a JSON object (the request body is empty)', [{ field: '(body)', rule: 'must not be empty' }]))
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return sendFailure(reply, fail('invalid_request', 'body: must be a JSON object with the request fields (see GET /help/parameters)', [{ field: '(body)', rule: 'must be a JSON object' }]))

  // `X-Job-Priority: batch` (adstudio batch --server) queues behind the editor's jobs.
  const priority = reply.request.headers['x-job-priority'] === 'batch' ? 'batch' : 'editor'
  const accepted = await acceptGenerateRequest(jobs, body, checkFontName, modelsDir, priority)
  if (accepted.kind === 'refused') return sendFailure(reply, accepted.failure)
  if (accepted.kind === 'busy') {
    const s = accepted.retryAfter
    const busy: BusyResponse = { status: 'busy', message: `Busy. Retry after ${s}s`, retry_after: s }
    return void reply.code(503).header('Retry-After', String(s)).send(busy)
  }
  return void reply.send(accepted.response)
}
