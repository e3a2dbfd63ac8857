import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { openEventStream } from '../../src/renderer/api/sse'
import { createAppStore } from '../../src/renderer/store/create-store'
import type { ApiClient } from '../../src/shared/api-client'
import type { JobEvent } from '../../src/shared/job-events'
import type { JobSummary } from '../../src/shared/job-status'
import { fakeImages, until } from './fake-api'

/**
 * The browser client's event stream against a real HTTP server on 127.0.0.1, which controls how the
 * bytes are cut into network writes (each write flushed before the next, so the client reads them
 * separately) and when the connection drops.
 */
const servers: Server[] = []
const closers: (() => void)[] = []
afterEach(async () => {
  closers.splice(0).forEach((c) => c())
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => (s.closeAllConnections(), s.close(r)))))
})

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler)
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

// The browser client uses DOM types that the Node test project does not load: imported by a path
// tsc does not follow, typed by the contract it implements.
const HTTP_CLIENT = '../../src/renderer/api/http-client'
type CreateHttpClient = (o: { baseUrl: string; token: string; storage: Storage }) => ApiClient
const loadHttpClient = async () => ((await import(/* @vite-ignore */ HTTP_CLIENT)) as { createHttpClient: CreateHttpClient }).createHttpClient

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))
const progress = (n: number): JobEvent => ({
  type: 'job.progress',
  job_id: 'job-1',
  at: n,
  progress_percent: n * 10,
  current_step: 'step1_background',
  sub_step: `part ${n}`,
  message: `전경 ${n}`,
  elapsed_sec: n,
  eta_seconds: 10 - n,
  step_eta_seconds: 1,
})
const sseHeaders = { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store' }

/** Writes each piece as its own chunk, waiting between them so the client reads them one by one. */
async function writeApart(res: ServerResponse, pieces: (string | Uint8Array)[]): Promise<void> {
  for (const p of pieces) {
    res.write(p)
    await pause(25)
  }
}

describe('event stream parsing', () => {
  it('keeps every event when a CRLF is split across two network reads', async () => {
    const events = [1, 2, 3].map(progress)
    const url = await serve(async (_req, res) => {
      res.writeHead(200, sseHeaders)
      const text = events.map((e) => `id: ${e.at}\r\nevent: ${e.type}\r\ndata: ${JSON.stringify(e)}\r\n\r\n`).join('')
      // Cut after every CR, so each CRLF arrives as "…\r" in one read and "\n…" in the next.
      await writeApart(res, text.split(/(?<=\r)/))
    })
    const got: JobEvent[] = []
    closers.push(openEventStream({ url, token: 't', onEvent: (e) => got.push(e), onState: () => undefined }))
    await until(() => got.length === 3, 5000)
    expect(got).toEqual(events)
  })

  it('bare CR line ends, multi-line data, comments and a UTF-8 character split between reads', async () => {
    const e = progress(4)
    const json = JSON.stringify(e, null, 1)
    const bytes = new TextEncoder().encode(`: hello\r\rdata: ${json.split('\n').join('\rdata: ')}\r\r`)
    const cut = bytes.indexOf(0xec) + 1 // inside 전 (3 bytes)
    const url = await serve(async (_req, res) => {
      res.writeHead(200, sseHeaders)
      await writeApart(res, [bytes.subarray(0, cut), bytes.subarray(cut)])
    })
    const got: JobEvent[] = []
    closers.push(openEventStream({ url, token: 't', onEvent: (x) => got.push(x), onState: () => undefined }))
    await until(() => got.length === 1, 5000)
    expect(got).toEqual([e])
  })
})

describe('event stream reconnect', () => {
  it('sends the bearer token, reconnects after a drop and says so', async () => {
    let connections = 0
    const auth: (string | undefined)[] = []
    const url = await serve(async (req, res) => {
      auth.push(req.headers.authorization)
      const n = ++connections
      res.writeHead(200, sseHeaders)
      res.write(`data: ${JSON.stringify(progress(n))}\n\n`)
      if (n === 1) {
        await pause(30)
        res.destroy()
      }
    })
    const got: number[] = []
    const states: boolean[] = []
    let reconnects = 0
    closers.push(
      openEventStream({ url, token: 'secret', retryMs: 20, onEvent: (e) => got.push(e.at), onState: (c) => states.push(c), onReconnect: () => reconnects++ }),
    )
    await until(() => got.length === 2, 5000)
    expect(got).toEqual([1, 2])
    expect(states).toEqual([true, false, true])
    expect(reconnects).toBe(1)
    expect(auth).toEqual(['Bearer secret', 'Bearer secret'])
  })

  it('a job that finished while the stream was down is shown finished after the reconnect', async () => {
    const job: JobSummary = { job_id: 'job-7', status: 'running', progress_percent: 40, current_step: 'step2_text', sub_step: null, message: 'Drawing the text', start_time: 1, created_at: 1, end_time: null, queue_position: null }
    let connections = 0
    let drop: (() => void) | null = null
    const url = await serve((req, res) => {
      const path = req.url ?? ''
      if (path === '/events') {
        connections++
        res.writeHead(200, sseHeaders)
        res.write(': connected\n\n')
        if (connections === 1) drop = () => res.destroy()
        return
      }
      const json = (status: number, body: unknown) => (res.writeHead(status, { 'Content-Type': 'application/json' }), res.end(JSON.stringify(body)))
      if (path === '/jobs') return json(200, { jobs: [job], total_jobs: 1, active_jobs: 0, completed_jobs: 0, failed_jobs: 0 })
      json(404, { error: 'not_found', message: `no ${path}` })
    })
    const storage = new Map<string, string>()
    const createHttpClient = await loadHttpClient()
    const api = createHttpClient({
      baseUrl: url,
      token: 't',
      storage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) } as unknown as Storage,
    })
    const handle = createAppStore({ api, images: fakeImages, now: () => 5, random: () => 0.5, pollMs: 60_000 })
    closers.push(() => handle.dispose())
    await handle.connect()
    await until(() => handle.store.getState().jobs['job-7']?.summary.status === 'running' && connections === 1, 5000)

    // The job ends while the stream is down: its job.finished is never sent to this client.
    Object.assign(job, { status: 'completed', progress_percent: 100, current_step: null, message: 'Done', end_time: 2 })
    drop!()
    await until(() => connections === 2, 5000)
    await until(() => handle.store.getState().jobs['job-7']?.summary.status === 'completed', 5000)
    expect(handle.store.getState().jobs['job-7']).toMatchObject({ summary: { status: 'completed', progress_percent: 100 }, progress: null })
  })
})
