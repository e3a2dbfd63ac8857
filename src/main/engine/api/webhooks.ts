import { randomUUID } from 'node:crypto'
import { Webhook } from 'standardwebhooks'

/**
 * Webhook deliveries: the body POSTed as JSON, signed per Standard Webhooks (headers webhook-id,
 * webhook-timestamp and webhook-signature `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`), retried
 * with backoff on a non-2xx answer or no answer, a bounded number of times. Only loopback hosts and
 * hosts the user allow-listed are called: the server never reaches out to the network by itself.
 */

export interface WebhookSettings {
  /** `whsec_<base64>` (Standard Webhooks' format). */
  secret: string
  /** Host names allowed besides loopback. */
  allowHosts?: string[]
  /** Waits before the retries; their count + 1 is the number of tries (default 1, 2, 4, 8 s). */
  retryDelaysMs?: number[]
  timeoutMs?: number
}

export interface Delivery {
  url: string
  delivered: boolean
  gave_up: boolean
  attempts: { at: number; status: number | null; error: string | null }[]
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1'])

/** Why a webhook URL is refused, or null. */
export function webhookUrlProblem(url: string, allowHosts: readonly string[] = []): string | null {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return 'must be an absolute http(s) URL'
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `must be an http or https URL (got ${u.protocol})`
  if (u.username || u.password) return 'must not carry a user name or password'
  const host = u.hostname.toLowerCase()
  if (!LOOPBACK.has(host) && !allowHosts.map((h) => h.toLowerCase()).includes(host))
    return `host ${host.slice(0, 100)} is not allowed: webhooks go to loopback (127.0.0.1, localhost) or hosts allow-listed with \`adstudio serve --webhook-allow <host>\``
  return null
}

/** Delivers `body` to `delivery.url`, recording each attempt in `delivery` as it happens. */
export async function deliver(delivery: Delivery, body: unknown, settings: WebhookSettings): Promise<void> {
  const payload = JSON.stringify(body)
  const id = `msg_${randomUUID()}`
  const delays = settings.retryDelaysMs ?? [1000, 2000, 4000, 8000]
  const hook = new Webhook(settings.secret)
  for (let attempt = 0; attempt <= delays.length; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, delays[attempt - 1]))
    const now = new Date()
    const record: Delivery['attempts'][number] = { at: Math.floor(now.getTime() / 1000), status: null, error: null }
    delivery.attempts.push(record)
    try {
      const res = await fetch(delivery.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(settings.timeoutMs ?? 10_000),
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'AdStudio-Webhooks/1',
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
          'webhook-signature': hook.sign(id, now, payload),
        },
        body: payload,
      })
      record.status = res.status
      await res.body?.cancel()
      if (res.ok) {
        delivery.delivered = true
        return
      }
      record.error = `answered ${res.status}`
    } catch (e) {
      record.error = (e as Error).message.slice(0, 200)
    }
  }
  delivery.gave_up = true
}
