import type { z } from 'zod'
import { formatMegabytes, LIMITS } from './limits'
import { fail, ok, type FieldIssue, type Result } from './result'

/**
 * Parses a value with a schema and answers a Result whose message names every field and the rule
 * it broke, e.g. `guidance_scale: must be at most 20`. Unknown fields get their own code (the API
 * answers them 422 and lists them).
 */
export function validate<S extends z.ZodType>(schema: S, value: unknown): Result<z.output<S>> {
  const parsed = schema.safeParse(value)
  if (parsed.success) return ok(parsed.data)
  const unknown: string[] = []
  const issues: FieldIssue[] = []
  for (const issue of parsed.error.issues) {
    const prefix = issue.path.map(String).join('.')
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) unknown.push(prefix ? `${prefix}.${key}` : key)
      continue
    }
    issues.push({ field: prefix || '(body)', rule: describeIssue(issue) })
  }
  if (unknown.length > 0 && issues.length === 0)
    return fail('unknown_fields', `unknown fields: ${unknown.join(', ')}`, unknown.map((f) => ({ field: f, rule: 'is not a known field' })))
  const all = [...issues, ...unknown.map((f) => ({ field: f, rule: 'is not a known field' }))]
  return fail('invalid_request', all.map((i) => `${i.field}: ${i.rule}`).join('; '), all)
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_big':
      // An image field over its base64 limit: say it in the unit the user knows (limits.ts).
      if (issue.origin === 'string' && issue.maximum === LIMITS.maxBase64Chars)
        return `must be at most ${issue.maximum} base64 characters: the image is larger than ${formatMegabytes(LIMITS.maxInputBytes)}, the limit`
      return issue.origin === 'string'
        ? `must be at most ${issue.maximum} characters`
        : `must be at most ${issue.maximum}${issue.inclusive === false ? ' (exclusive)' : ''}`
    case 'too_small':
      return issue.origin === 'string'
        ? issue.minimum === 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters`
        : `must be at least ${issue.minimum}`
    case 'invalid_type':
      return issue.expected === 'int' ? 'must be an integer' : `must be ${article(issue.expected)}`
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
    default:
      return issue.message
  }
}

const article = (t: string) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`)
