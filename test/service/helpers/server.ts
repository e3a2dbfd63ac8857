import { spawn, type ChildProcess } from 'node:child_process'
import { request as httpRequest } from 'node:http'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { REPO_ROOT } from '../../helpers/fixtures'

export const TEST_TOKEN = 'service-test-token-0123456789'

export interface TestServer {
  url: string
  port: number
  dataDir: string
  proc: ChildProcess
  /** Everything the server printed (stdout and stderr). */
  output: () => string
  /** Sends a signal to the server process and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

export interface StartOptions {
  dataDir?: string
  args?: string[]
  env?: NodeJS.ProcessEnv
  token?: string | null
}

/** Starts the real server (`adstudio serve`, through the package's bin) as its own process on a free port. */
export async function startServer(opts: StartOptions = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'adstudio-svc-')))
  const token = opts.token === undefined ? TEST_TOKEN : opts.token
  const args = ['bin/adstudio.mjs', 'serve', '--port', '0', '--data', dataDir, ...(token ? ['--token', token] : []), ...(opts.args ?? [])]
  const proc = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ADSTUDIO_CACHE_DIR: join(tmpdir(), 'adstudio-test-cache'), ADSTUDIO_MODELS_DIR: join(dataDir, 'models'), ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  proc.stdout!.on('data', (d) => (out += d))
  proc.stderr!.on('data', (d) => (out += d))
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000)
    const check = () => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    }
    proc.stdout!.on('data', check)
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening:\n${out}`)))
  })
  // The worker loads the engine (seconds on a busy machine): tests start timing once it is ready.
  if (token) {
    const until = Date.now() + 30_000
    for (;;) {
      const h = (await fetch(`${url}/health`, { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.json())) as { workers?: { state: string }[] }
      if (h.workers?.every((w) => w.state === 'idle')) break
      if (Date.now() > until) throw new Error(`the worker did not become ready:\n${out}`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  return {
    url,
    port: Number(new URL(url).port),
    dataDir,
    proc,
    output: () => out,
    stop: async (signal = 'SIGTERM') => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal)
      return exited
    },
  }
}

export interface ApiAnswer<T = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  status: number
  headers: Headers
  body: T
}

/** A small client for the API with the test token (or another one, or none). */
export function client(server: { url: string }, token: string | null = TEST_TOKEN) {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer> => {
    const h: Record<string, string> = { ...headers }
    if (token) h.Authorization = `Bearer ${token}`
    let payload: string | Buffer | undefined
    if (body !== undefined) {
      payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body)
      h['Content-Type'] ??= 'application/json'
    }
    const res = await fetch(server.url + path, { method, headers: h, body: payload })
    const type = res.headers.get('content-type') ?? ''
    const parsed = type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer())
    return { status: res.status, headers: res.headers, body: parsed }
  }
  return {
    get: (path: string, headers?: Record<string, string>) => call('GET', path, undefined, headers),
    post: (path: string, body?: unknown, headers?: Record<string, string>) => call('POST', path, body, headers),
    delete: (path: string) => call('DELETE', path),
    call,
  }
}

/** A raw request with full control of the headers (fetch forbids setting Host). */
export function rawRequest(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      let body = ''
      res.on('data', (d) => (body += d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end(opts.body)
  })
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs` (with `detail()`). */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000, everyMs = 50, detail?: () => string): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const v = await check()
    if (v !== undefined) return v
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${detail ? `\n${detail()}` : ''}`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}

type Api = ReturnType<typeof client>

/** Polls /status (without images) until the job is in one of `states`; returns every answer seen. */
export async function waitForState(api: Api, id: string, states: string[], timeoutMs = 20_000) {
  const seen: any[] = [] // eslint-disable-line @typescript-eslint/no-explicit-any
  const last = await waitFor(`job ${id} to be ${states.join('/')}`, async () => {
    const r = await api.get(`/status/${id}?images=false`)
    seen.push(r.body)
    return states.includes(r.body.status) ? r.body : undefined
  }, timeoutMs, 50, () => `last status: ${JSON.stringify(seen.at(-1))}`)
  return { last, seen }
}
