import fastifySwagger from '@fastify/swagger'
import type { FastifyInstance } from 'fastify'
import { jsonSchemaTransform } from 'fastify-type-provider-zod'

/**
 * GET /openapi.json: an OpenAPI 3.1 document built from the routes' zod schemas by @fastify/swagger,
 * so it cannot drift from what the server validates. Registered before the routes (it collects
 * them as they are added).
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Ad Studio local engine API',
        version,
        description: 'nanoCocoa-compatible job API and the model manager. Every request needs "Authorization: Bearer <token>" (printed by `adstudio serve`).',
        license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  })
  app.get('/openapi.json', { schema: { hide: true } }, async (_req, reply) => void reply.send(app.swagger()))
}
