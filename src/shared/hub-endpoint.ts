/**
 * The rule for a model download endpoint (Hugging Face or a mirror such as https://hf-mirror.com),
 * shared by the settings schema in main and the Settings screen so both refuse the same values with
 * the same words. Plain code on the global URL class: the renderer may import it (no Node, no zod).
 */

export const MAX_HUB_ENDPOINT_CHARS = 2048

/** The setting's field name, so every message about it names it the same way. */
export const HUB_ENDPOINT_FIELD = 'modelsEndpoint'

/** Why `value` cannot be an endpoint, as a rule ("must ..."); null when it can. */
export function hubEndpointProblem(value: string): string | null {
  if (value.length > MAX_HUB_ENDPOINT_CHARS) return `must be at most ${MAX_HUB_ENDPOINT_CHARS} characters`
  const mustBeUrl = 'must be an http or https URL, e.g. https://hf-mirror.com'
  // URL() would quietly trim spaces and drop an empty "?" or "#": the text itself is checked too.
  if (value.trim() !== value || /\s/.test(value)) return mustBeUrl
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return mustBeUrl
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) return mustBeUrl
  // Credentials would be written to settings.json in plain text and sent to every mirror: a token belongs in HF_TOKEN.
  if (url.username || url.password || /^[a-z][a-z0-9+.-]*:\/\/[^/]*@/i.test(value)) return 'must not contain a user name or password (set HF_TOKEN for a token)'
  // File URLs are built by appending paths: a query or fragment would end up in the middle of them.
  if (value.includes('?') || value.includes('#')) return 'must not have a query (?) or fragment (#)'
  return null
}

/** The same check as a message naming the field, e.g. `modelsEndpoint: must be an http or https URL, ...`. */
export function hubEndpointError(value: string): string | null {
  const problem = hubEndpointProblem(value)
  return problem ? `${HUB_ENDPOINT_FIELD}: ${problem}` : null
}
