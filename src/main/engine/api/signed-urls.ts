import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Image URLs the image APIs hand out carry a signature (`?exp=<unix s>&sig=<HMAC-SHA256>`) keyed by
 * the API token, so a script can download the picture the way it would from a hosted service, with
 * no Authorization header; the signature covers the path and the expiry and works for GET/HEAD only.
 */
export const SIGNED_URL_TTL_S = 24 * 3600

const ONLY = /^\/(jobs\/[^/]+\/(images|samples)\/[^/]+\.png|story\/files\/[^/]+\.png)$/

const mac = (token: string, path: string, exp: number) => createHmac('sha256', token).update(`${path}\n${exp}`).digest('base64url')

/**
 * `path` (e.g. /jobs/{id}/samples/1.png) → an absolute signed URL, valid for a day from `issuedMs`
 * (the job's creation: every answer about a job gives the same URL).
 */
export function signedUrl(origin: string, path: string, token: string, issuedMs: number): string {
  const exp = Math.floor(issuedMs / 1000) + SIGNED_URL_TTL_S
  return `${origin}${path}?exp=${exp}&sig=${mac(token, path, exp)}`
}

/** Whether a request URL carries a valid, unexpired signature for its own path. */
export function signatureValid(rawUrl: string, token: string, now = Date.now()): boolean {
  let u: URL
  try {
    u = new URL(rawUrl, 'http://127.0.0.1')
  } catch {
    return false
  }
  const exp = Number(u.searchParams.get('exp'))
  const sig = u.searchParams.get('sig') ?? ''
  if (!ONLY.test(u.pathname) || !Number.isInteger(exp) || exp * 1000 < now) return false
  const want = Buffer.from(mac(token, u.pathname, exp))
  const got = Buffer.from(sig)
  return got.length === want.length && timingSafeEqual(got, want)
}
