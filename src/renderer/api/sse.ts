import { jobEventSchema, type JobEvent } from '../../shared/job-events'
import { modelEventSchema, type ModelEvent } from '../../shared/models-contract'

/**
 * GET /events read with fetch rather than EventSource: EventSource cannot send the bearer token.
 * Reconnects with a growing delay (1 s doubling to 15 s) and says whether it is connected, which the
 * browser client turns into the engine status the UI shows.
 */
export interface EventStreamOptions {
  url: string
  token: string
  onEvent: (e: JobEvent) => void
  /** Model download events, sent on the same stream (`model.progress`, `model.state`). */
  onModelEvent?: (e: ModelEvent) => void
  onState: (connected: boolean, retryInMs: number | null, detail: string | null) => void
  fetchImpl?: typeof fetch
}

export function openEventStream(opts: EventStreamOptions): () => void {
  const abort = new AbortController()
  const doFetch = opts.fetchImpl ?? fetch.bind(globalThis)
  let delay = 1000

  const run = async () => {
    while (!abort.signal.aborted) {
      let detail: string | null = null
      try {
        const res = await doFetch(opts.url, { headers: { Authorization: `Bearer ${opts.token}`, Accept: 'text/event-stream' }, signal: abort.signal })
        if (!res.ok || !res.body) throw new Error(`GET /events answered ${res.status}`)
        opts.onState(true, null, null)
        delay = 1000
        await readEvents(res.body, opts.onEvent, opts.onModelEvent)
        detail = 'the event stream ended'
      } catch (e) {
        if (abort.signal.aborted) return
        detail = (e as Error).message
      }
      opts.onState(false, delay, detail)
      await new Promise((r) => setTimeout(r, delay))
      delay = Math.min(delay * 2, 15_000)
    }
  }
  void run()
  return () => abort.abort()
}

async function readEvents(body: ReadableStream<Uint8Array>, onEvent: (e: JobEvent) => void, onModelEvent?: (e: ModelEvent) => void): Promise<void> {
  const reader = body.pipeThrough(new TextDecoderStream() as unknown as ReadableWritablePair<string, Uint8Array>).getReader()
  let buffer = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) return
    buffer += value.replace(/\r\n/g, '\n')
    let end: number
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trimStart())
        .join('\n')
      if (!data) continue // comments and heartbeats
      try {
        const json: unknown = JSON.parse(data)
        const type = (json as { type?: unknown } | null)?.type
        if (typeof type === 'string' && type.startsWith('model.')) {
          const parsed = modelEventSchema.safeParse(json)
          if (parsed.success) onModelEvent?.(parsed.data)
        } else {
          const parsed = jobEventSchema.safeParse(json)
          if (parsed.success) onEvent(parsed.data)
        }
      } catch {
        // a malformed block is skipped; the next one may be fine
      }
    }
  }
}
