import type { FastifyReply, FastifyRequest } from 'fastify'
import { ApiError, COMMON_HEADERS, discardBody } from './http-util'
import { signatureValid } from './signed-urls'
import { bearerMatches } from './token'

export interface GuardOptions {
  token: string
  /** The port the server listens on (known once it listens). */
  port: () => number
}

/**
 * The onRequest hook in front of every route: the Host and Origin checks, then the bearer token.
 * Paths that match no route skip the token here: the not-found handler serves the static editor
 * first (a page must load before it can know the token) and asks for the token itself.
 */
export function guardHook(opts: GuardOptions) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    reply.headers(COMMON_HEADERS)
    // Routes for remote engine workers (worker-routes.ts) check the worker token themselves; they are
    // called from other machines (any Host) and never from a browser page.
    if ((request.routeOptions.config as { workerAuth?: boolean } | undefined)?.workerAuth) return
    const problem = hostOrOriginProblem(request, opts.port())
    if (problem) throw refuse(request, problem)
    if (request.is404) return
    // a signed image URL handed out by an image API (signed-urls.ts) stands in for the token
    if ((request.method === 'GET' || request.method === 'HEAD') && signatureValid(request.url, opts.token)) return
    if (!bearerMatches(request.headers.authorization, opts.token)) throw refuse(request, unauthorized())
  }
}

/**
 * Another site's page must not drive the API through the user's browser (DNS rebinding or a
 * cross-origin form); pages served by this server itself are same-origin and pass.
 */
function hostOrOriginProblem(request: FastifyRequest, port: number): ApiError | null {
  const own = [`127.0.0.1:${port}`, `localhost:${port}`]
  if (!own.includes((request.headers.host ?? '').toLowerCase()))
    return new ApiError(421, 'misdirected_request', 'this server only answers requests addressed to 127.0.0.1 or localhost')
  const origin = request.headers.origin
  if (origin !== undefined && !own.some((h) => origin.toLowerCase() === `http://${h}`))
    return new ApiError(403, 'forbidden_origin', `requests from other origins are not allowed (${origin.slice(0, 100)})`)
  return null
}

export const unauthorized = () =>
  new ApiError(401, 'unauthorized', 'Not authenticated: send the header "Authorization: Bearer <token>" (adstudio serve prints the token)', undefined, { 'WWW-Authenticate': 'Bearer' })

/** A refusal before the body was read: the body is read and thrown away (bounded), then answered. */
export function refuse(request: FastifyRequest, e: ApiError): ApiError {
  discardBody(request.raw)
  return e
}
