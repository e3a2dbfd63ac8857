import { rm } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { defaultModelsDir } from '../models/model-dirs'
import { QUEUE_NAME } from '../queue/bull-runner'
import { parseRedisUrl, probeRedis } from '../queue/redis-url'
import { startRemoteWorker } from '../queue/remote-worker'
import { ServerClient } from '../queue/server-client'
import { forkWorkerFactory } from '../worker/fork-transport'
import { untilStopSignal, type ExitCode, type Io } from './cli-io'

export const WORKER_USAGE = `adstudio worker --queue redis://host:port[/db] --server <url> --token <worker token> [options]

  Runs engine workers for a server started with \`adstudio serve --queue\`: takes jobs from the
  BullMQ queue in Redis, fetches their inputs from the server and sends progress and images back
  over HTTP (no shared disk). Start as many as you like, on any machine that reaches both.
  --queue <url>         the Redis the server uses (redis://host:port[/db])
  --server <url>        the API server (what \`adstudio serve\` printed, e.g. http://127.0.0.1:8000)
  --token <t>           the worker token the server printed (stored in its <data>/worker-token)
  --concurrency <n>     jobs at once, one engine process each (default 1)
  --models-dir <dir>    where this machine keeps its models (default: ADSTUDIO_MODELS_DIR or the
                        user data folder)
  --device <d>          auto | gpu | cpu (default: ADSTUDIO_DEVICE or auto)
  --lock-ms <n>         how long a job stays with a worker that stopped answering before another
                        worker takes it over (default 30000)`

const OPTIONS = {
  queue: { type: 'string' },
  server: { type: 'string' },
  token: { type: 'string' },
  concurrency: { type: 'string' },
  'models-dir': { type: 'string' },
  device: { type: 'string' },
  'lock-ms': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

class UsageError extends Error {}

const DEVICE_PREFERENCES = ['auto', 'gpu', 'cpu'] as const

function whole(flag: string, v: string | undefined, def: number, min: number, max: number): number {
  if (v === undefined) return def
  const n = Number(v)
  if (!/^\d+$/.test(v.trim()) || n < min || n > max) throw new UsageError(`--${flag}: must be a whole number from ${min} to ${max} (got "${v}")`)
  return n
}

function settingsOf(argv: string[]) {
  const v = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values
  if (v.help) return null
  if (!v.queue) throw new UsageError('--queue: required (the redis:// URL the server was started with)')
  if (!v.server) throw new UsageError('--server: required (the URL adstudio serve printed)')
  if (!v.token) throw new UsageError('--token: required (the worker token adstudio serve printed)')
  const target = parseRedisUrl(v.queue)
  if ('problem' in target) throw new UsageError(`--queue: ${target.problem}`)
  let server: URL
  try {
    server = new URL(v.server)
  } catch {
    throw new UsageError(`--server: must be a URL like http://127.0.0.1:8000 (got "${v.server.slice(0, 200)}")`)
  }
  if (server.protocol !== 'http:' && server.protocol !== 'https:') throw new UsageError(`--server: must start with http:// or https:// (got "${server.protocol}")`)
  const device = v.device ?? process.env.ADSTUDIO_DEVICE ?? 'auto'
  if (!(DEVICE_PREFERENCES as readonly string[]).includes(device)) throw new UsageError(`--device: must be one of ${DEVICE_PREFERENCES.join(', ')} (got "${device}")`)
  return {
    target,
    server: server.href.replace(/\/+$/, ''),
    token: v.token,
    concurrency: whole('concurrency', v.concurrency, 1, 1, 16),
    lockMs: whole('lock-ms', v['lock-ms'], 30_000, 1000, 3_600_000),
    modelsDir: resolve(v['models-dir'] ?? defaultModelsDir()),
    device,
  }
}

/** Runs until SIGINT/SIGTERM; exits 1 at once when Redis or the server cannot be reached. */
export async function workerCommand(argv: string[], io: Io): Promise<ExitCode> {
  let s
  try {
    s = settingsOf(argv)
  } catch (e) {
    if (e instanceof UsageError || (e instanceof TypeError && String((e as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`error: ${e.message}\n\n${WORKER_USAGE}`)
      return 2
    }
    throw e
  }
  if (!s) {
    io.out(WORKER_USAGE)
    return 0
  }
  const log = (level: 'info' | 'warn' | 'error', message: string) => io.err(`${new Date().toISOString()} ${level} ${message}`)

  const probe = await probeRedis(s.target)
  if (!probe.ok) {
    io.err(`error: --queue: ${probe.problem} (is redis-server running there?)`)
    return 1
  }
  const client = new ServerClient({ url: s.server, token: s.token })
  let hello
  try {
    hello = await client.call('GET', '/worker/hello', undefined, 0)
  } catch (e) {
    io.err(`error: --server: ${(e as Error).message} (is adstudio serve --queue running there?)`)
    return 1
  }
  if (hello.status === 401) {
    io.err(`error: --token: the server at ${s.server} does not accept this worker token (use the one \`adstudio serve --queue\` printed, from its <data>/worker-token)`)
    return 1
  }
  if (hello.status !== 200) {
    io.err(`error: --server: ${s.server} answered ${hello.status} to /worker/hello: is it an adstudio server started with --queue?`)
    return 1
  }
  const h = hello.body as { version: string; queue: string }

  const name = `${hostname()}:${process.pid}`
  const tmpRoot = join(tmpdir(), `adstudio-worker-${process.pid}`)
  const worker = await startRemoteWorker({
    redis: s.target,
    queueName: h.queue ?? QUEUE_NAME,
    client,
    name,
    concurrency: s.concurrency,
    factory: forkWorkerFactory({
      env: { ...process.env, ADSTUDIO_MODELS_DIR: s.modelsDir, ADSTUDIO_DEVICE: s.device },
      onOutput: (line) => log('info', `[engine] ${line}`),
    }),
    tmpRoot,
    lockMs: s.lockMs,
    log,
  })
  io.out(`Ad Studio worker ${name}`)
  io.out(`queue: ${s.target.display} (Redis ${probe.version}), BullMQ queue "${h.queue}"`)
  io.out(`server: ${s.server} (Ad Studio ${h.version})`)
  io.out(`engines: ${s.concurrency} on device ${s.device}, models in ${s.modelsDir}`)

  await untilStopSignal(log, 'shutting down (a running job goes to another worker)')
  await worker.close()
  await rm(tmpRoot, { recursive: true, force: true }).catch(() => undefined)
  return 0
}
