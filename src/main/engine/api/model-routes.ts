import type { FastifyInstance, FastifyReply } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { errorResponseSchema } from '../../../shared/api-responses'
import { modelImportRequestSchema } from '../../../shared/models-contract'
import { fail, type Result } from '../../../shared/result'
import type { ModelService } from '../models/model-service'
import { ApiError, sendFailure } from './http-util'

/**
 * The model manager over HTTP: the same ModelService the desktop app answers IPC with, so both see
 * the same catalogue, downloads and events (those go out on GET /events as model.progress and
 * model.state). Ids come from the path and are checked by the service: `..%2F` is a bad id, never a path.
 */

/** Small bodies only: an import request is a path and an id. */
const IMPORT_BODY_LIMIT = 64 * 1024

const idParams = z.object({ id: z.string().describe('a catalogue or imported model id') })
const errors = { 400: errorResponseSchema, 404: errorResponseSchema, 503: errorResponseSchema }

function answer<T>(reply: FastifyReply, status: number, r: Result<T>): void {
  if (r.ok) reply.code(status).send(r.value)
  else sendFailure(reply, r)
}

export function modelRoutes(models: ModelService | undefined) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>()
    // Without a model manager the routes exist (so their methods are known) and answer 404.
    app.addHook('preValidation', async () => {
      if (!models) throw new ApiError(404, 'not_found', 'this server has no model manager')
    })
    const m = () => models!
    app.get('/models', { schema: { summary: 'The model catalogue merged with what is installed', tags: ['models'] } }, async (_req, reply) => answer(reply, 200, await m().list()))
    app.post('/models/import', {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: { summary: 'Register a model folder or .onnx file already on this machine', tags: ['models'], body: modelImportRequestSchema, response: errors },
      preValidation: async (req) => {
        if (req.body === undefined || typeof req.body !== 'object' || req.body === null || Array.isArray(req.body))
          throw ApiError.from(fail('invalid_request', 'body: must be a JSON object {path, id?}', [{ field: '(body)', rule: 'must be a JSON object' }]))
      },
      handler: async (req, reply) => answer(reply, 201, await m().import(req.body)),
    })
    app.post('/models/:id/pull', { schema: { summary: 'Start or resume a catalogue model download', tags: ['models'], params: idParams, response: errors } }, async (req, reply) =>
      answer(reply, 202, await m().pull(req.params.id)),
    )
    app.delete('/models/:id/pull', { schema: { summary: 'Cancel a download (the next pull resumes it)', tags: ['models'], params: idParams, response: errors } }, async (req, reply) =>
      answer(reply, 200, await m().cancel(req.params.id)),
    )
    app.post('/models/:id/verify', { schema: { summary: 'Re-check an installed model', tags: ['models'], params: idParams, response: errors } }, async (req, reply) =>
      answer(reply, 200, await m().verify(req.params.id)),
    )
    app.delete('/models/:id', { schema: { summary: 'Delete a downloaded model or forget an import', tags: ['models'], params: idParams, response: errors } }, async (req, reply) =>
      answer(reply, 200, await m().remove(req.params.id)),
    )
  }
}
