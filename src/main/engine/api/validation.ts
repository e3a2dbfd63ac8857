import type { FastifySchemaCompiler } from 'fastify'
import type { z } from 'zod'
import { validate } from '../../../shared/validate'
import { ApiError } from './http-util'

/**
 * Request validation with the project's zod rules (src/shared/validate.ts): a refusal names every
 * field and the rule it broke, and unknown fields get their own code. The ApiError reaches the
 * error formatter of the route's API family, which gives it that family's shape.
 */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const r = validate(schema, data)
    return r.ok ? { value: r.value } : { error: ApiError.from(r) }
  }

/** For routes whose handler validates by rules shared with the CLI and IPC: the schema only documents. */
export const passThrough: FastifySchemaCompiler<unknown> = () => (data) => ({ value: data })

/**
 * Responses are sent as JSON as they are: response schemas document the routes in /openapi.json
 * (and are checked by the contract tests), they never turn an answer into a 500.
 */
export const plainSerializerCompiler = () => (data: unknown) => JSON.stringify(data)
