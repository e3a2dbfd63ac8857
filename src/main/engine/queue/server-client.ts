/** An answer from the API server; `body` is parsed JSON, or the raw bytes for binary answers. */
export interface ServerAnswer {
  status: number
  body: unknown
  bytes?: Buffer
}

export interface ServerClientOptions {
  url: string
  token: string
  /** How long a call keeps retrying while the server cannot be reached (a restart), in ms. */
  retryMs?: number
}

/**
 * The worker's calls to the API server (api/worker-routes.ts), with the worker token. Network
 * failures (the server restarting) are retried with a growing pause for up to `retryMs`; HTTP
 * answers, errors included, are returned as they are.
 */
export class ServerClient {
  readonly url: string
  constructor(private readonly opts: ServerClientOptions) {
    this.url = opts.url.replace(/\/+$/, '')
  }

  async call(method: string, path: string, body?: { json?: unknown; bytes?: Uint8Array }, retryMs = this.opts.retryMs ?? 60_000): Promise<ServerAnswer> {
    const until = Date.now() + retryMs
    for (let pause = 200; ; pause = Math.min(pause * 2, 3000)) {
      try {
        return await this.once(method, path, body)
      } catch (e) {
        if (Date.now() + pause > until) throw new Error(`cannot reach the server at ${this.url}: ${describe(e)}`)
        await new Promise((r) => setTimeout(r, pause))
      }
    }
  }

  private async once(method: string, path: string, body?: { json?: unknown; bytes?: Uint8Array }): Promise<ServerAnswer> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.opts.token}` }
    let payload: string | Uint8Array | undefined
    if (body?.json !== undefined) {
      headers['Content-Type'] = 'application/json'
      payload = JSON.stringify(body.json)
    } else if (body?.bytes) {
      headers['Content-Type'] = 'application/octet-stream'
      payload = body.bytes
    }
    const r = await fetch(`${this.url}${path}`, { method, headers, body: payload as string | undefined, signal: AbortSignal.timeout(120_000) })
    const type = r.headers.get('content-type') ?? ''
    if (type.startsWith('application/json')) return { status: r.status, body: await r.json() }
    const bytes = Buffer.from(await r.arrayBuffer())
    return { status: r.status, body: null, bytes }
  }
}

function describe(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause
  return cause?.code ?? cause?.message ?? (e as Error).message
}
