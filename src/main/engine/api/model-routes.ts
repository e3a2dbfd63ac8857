import type { IncomingMessage, ServerResponse } from 'node:http'
import { modelImportRequestSchema } from '../../../shared/models-contract'
import { fail, type Result } from '../../../shared/result'
import { validate } from '../../../shared/validate'
import type { ModelService } from '../models/model-service'
import { discardBody, sendError, sendFailure, sendJson } from './http-util'
import { readJsonBody } from './read-body'
import type { Handler, Route, RouteContext } from './routes'

/**
 * The model manager over HTTP: the same ModelService the desktop app answers IPC with, so both see
 * the same catalogue, downloads and events (those go out on GET /events as model.progress and
 * model.state). Ids come from the path and are checked by the service: `..%2F` is a bad id, never a path.
 */

/** Small bodies only: an import request is a path and an id. */
const IMPORT_BODY_LIMIT = 64 * 1024

/** The handler with the service, or a 404 when this server has no model manager. */
function withModels(h: (req: IncomingMessage, res: ServerResponse, models: ModelService, params: string[]) => Promise<void>): Handler {
  return (req, res, c: RouteContext, params) => {
    if (c.models) return h(req, res, c.models, params)
    if (!req.complete) discardBody(req)
    sendError(res, 404, 'not_found', 'this server has no model manager')
  }
}

function answer<T>(res: ServerResponse, status: number, r: Result<T>): void {
  if (r.ok) sendJson(res, status, r.value)
  else sendFailure(res, r)
}

/** POST routes that take no body still get one read and thrown away, so the connection stays usable. */
const ignoreBody = (req: IncomingMessage) => void (req.complete || discardBody(req))

async function importRoute(req: IncomingMessage, res: ServerResponse, models: ModelService): Promise<void> {
  const body = await readJsonBody(req, IMPORT_BODY_LIMIT)
  if (!body.ok) return sendError(res, body.status, body.code, body.detail)
  if (typeof body.value !== 'object' || body.value === null || Array.isArray(body.value))
    return sendFailure(res, fail('invalid_request', 'body: must be a JSON object {path, id?}', [{ field: '(body)', rule: 'must be a JSON object' }]))
  const parsed = validate(modelImportRequestSchema, body.value)
  if (!parsed.ok) return sendFailure(res, parsed)
  answer(res, 201, await models.import(parsed.value))
}

export const MODEL_ROUTES: Route[] = [
  { method: 'GET', pattern: /^\/models$/, handler: withModels(async (_req, res, m) => answer(res, 200, await m.list())) },
  { method: 'POST', pattern: /^\/models\/import$/, handler: withModels(importRoute) },
  {
    method: 'POST',
    pattern: /^\/models\/([^/]+)\/pull$/,
    handler: withModels(async (req, res, m, [id]) => {
      ignoreBody(req)
      answer(res, 202, await m.pull(id))
    }),
  },
  { method: 'DELETE', pattern: /^\/models\/([^/]+)\/pull$/, handler: withModels(async (_req, res, m, [id]) => answer(res, 200, await m.cancel(id))) },
  {
    method: 'POST',
    pattern: /^\/models\/([^/]+)\/verify$/,
    handler: withModels(async (req, res, m, [id]) => {
      ignoreBody(req)
      answer(res, 200, await m.verify(id))
    }),
  },
  { method: 'DELETE', pattern: /^\/models\/([^/]+)$/, handler: withModels(async (_req, res, m, [id]) => answer(res, 200, await m.remove(id))) },
]
