import type { IncomingMessage, ServerResponse } from 'node:http'
import type { JobEvent } from '../../../shared/job-events'
import type { ModelEvent } from '../../../shared/models-contract'

/** Past this much unsent data a client is too slow to follow and is cut off (it can reconnect). */
const MAX_BACKLOG_BYTES = 8 * 1024 * 1024
const HEARTBEAT_MS = 15_000

type Subscribe<E> = (listener: (e: E) => void) => () => void

/**
 * GET /events: job and model events as server-sent events (`event: job.progress`, `data: {...}`),
 * optionally for one job (`?job_id=`, which leaves model events out). A comment every 15 s keeps
 * proxies and idle timers from closing it.
 */
export function openEventStream(
  req: IncomingMessage,
  res: ServerResponse,
  subscribe: Subscribe<JobEvent>,
  jobId: string | null,
  subscribeModels?: Subscribe<ModelEvent>,
): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
    'X-Content-Type-Options': 'nosniff',
  })
  res.write('retry: 2000\n: connected\n\n')
  let n = 0
  const send = (e: JobEvent | ModelEvent) => {
    if (res.writableLength > MAX_BACKLOG_BYTES) return void res.destroy()
    res.write(`id: ${++n}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`)
  }
  const unsubscribe = subscribe((e) => {
    if (jobId && e.job_id !== jobId) return
    send(e)
  })
  const unsubscribeModels = jobId ? undefined : subscribeModels?.(send)
  const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS)
  const close = () => {
    clearInterval(heartbeat)
    unsubscribe()
    unsubscribeModels?.()
  }
  req.on('close', close)
  res.on('close', close)
  res.on('error', close)
}
