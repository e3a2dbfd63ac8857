import { createParser } from 'eventsource-parser'
import { jobEventSchema, type JobEvent } from '../../shared/job-events'
import { modelEventSchema, type ModelEvent } from '../../shared/models-contract'

/**
 * GET /events read with fetch rather than EventSource: EventSource cannot send the bearer token.
 * The bytes are parsed by eventsource-parser (the WHATWG rules: CR, LF or CRLF line ends, also when
 * a CRLF is split across two network reads; comments; multi-line data). Reconnects with a growing
 * delay (1 s doubling to 15 s) and says whether it is connected, which the browser client turns into
 * the engine status the UI shows. Events sent while the stream was down are lost: `onReconnect`
 * tells the client to read the state again.
 */
export interface EventStreamOptions {
  url: string
  token: string
  onEvent: (e: JobEvent) => void
  /** Model download events, sent on the same stream (`model.progress`, `model.state`). */
  onModelEvent?: (e: ModelEvent) => void
  onState: (connected: boolean, retryInMs: number | null, detail: string | null) => void
  /** Connected again after a drop: whatever happened in between must be read back (GET /jobs). */
  onReconnect?: () => void
  fetchImpl?: typeof fetch
  /** First retry delay, doubling up to 15 s. */
  retryMs?: number
}

export function openEventStream(opts: EventStreamOptions): () => void {
  const abort = new AbortController()
  const doFetch = opts.fetchImpl ?? fetch.bind(globalThis)
  const firstDelay = opts.retryMs ?? 1000
  let delay = firstDelay
  let everConnected = false

  const run = async () => {
    while (!abort.signal.aborted) {
      let detail: string | null = null
      try {
        const res = await doFetch(opts.url, { headers: { Authorization: `Bearer ${opts.token}`, Accept: 'text/event-stream' }, signal: abort.signal })
        if (!res.ok || !res.body) throw new Error(`GET /events answered ${res.status}`)
        opts.onState(true, null, null)
        if (everConnected) opts.onReconnect?.()
        everConnected = true
        delay = firstDelay
        await readEvents(res.body, opts.onEvent, opts.onModelEvent)
        detail = 'the event stream ended'
      } catch (e) {
        if (abort.signal.aborted) return
        detail = (e as Error).message
      }
      if (abort.signal.aborted) return
      opts.onState(false, delay, detail)
      await new Promise((r) => setTimeout(r, delay))
      delay = Math.min(delay * 2, 15_000)
    }
  }
  void run()
  return () => abort.abort()
}

function dispatch(data: string, onEvent: (e: JobEvent) => void, onModelEvent?: (e: ModelEvent) => void): void {
  if (!data) return // heartbeats
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
    // a malformed event is skipped; the next one may be fine
  }
}

async function readEvents(body: ReadableStream<Uint8Array>, onEvent: (e: JobEvent) => void, onModelEvent?: (e: ModelEvent) => void): Promise<void> {
  const parser = createParser({ onEvent: (m) => dispatch(m.data, onEvent, onModelEvent) })
  // TextDecoderStream keeps a UTF-8 character split across reads whole (Hangul is 3 bytes).
  const reader = body.pipeThrough(new TextDecoderStream() as unknown as ReadableWritablePair<string, Uint8Array>).getReader()
  for (;;) {
    const { value, done } = await reader.read()
    if (done) return
    parser.feed(value)
  }
}
