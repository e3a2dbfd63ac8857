import { existsSync, readFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { startApiServer } from '../api/api-server'
import { staticFilesFrom } from '../api/static-files'
import { loadOrCreateToken, tokenProblem } from '../api/token'
import { JobService } from '../jobs/job-service'
import { envBaseDir } from '../ml/app-dirs'
import { devicePreferenceFromEnv } from '../ml/execution-providers'
import { builtinCatalog, parseCatalog, type Catalog } from '../models/catalog'
import { defaultModelsDir } from '../models/model-dirs'
import { ModelService } from '../models/model-service'
import { SystemMetricsSampler } from '../system/system-metrics'
import { forkWorkerFactory } from '../worker/fork-transport'
import { untilStopSignal, type ExitCode, type Io } from './cli-io'
import { hubEndpointProblem } from '../../../shared/hub-endpoint'
import type { BullRunner } from '../queue/bull-runner'
import { openQueue } from './serve-queue'
import { parseRedisUrl, type RedisTarget } from '../queue/redis-url'

export const SERVE_USAGE = `adstudio serve [--port 8000] [--data <dir>] [--token <t>] [options]

  Runs the local HTTP API (nanoCocoa-compatible: POST /generate, GET /status/{id}, ...) on
  127.0.0.1. Jobs run one at a time in an engine worker process and are kept in <dir>/jobs.
  --port <n>            TCP port (0 picks a free one; default 8000)
  --data <dir>          data folder (default $ADSTUDIO_DATA_DIR or the user data folder)
  --token <t>           API token; default: the stored one, or a new one printed and stored in <dir>/token
  --concurrency <n>     jobs at once, one worker process each (default 1)
  --max-queue <n>       queued jobs before answering 503 busy (default 100)
  --keep <n>            finished jobs kept on disk (default 500)
  --stop-grace-ms <n>   how long a stop may take before the worker is killed (default 5000)
  --ui <dir>            also serve the built editor from <dir> (default out/renderer when built):
                        open http://127.0.0.1:<port>/?token=<token> in a browser
  --models-dir <dir>    where models are pulled and imported (default: ADSTUDIO_MODELS_DIR or the
                        user data folder, as \`adstudio models\`); the engine workers use the same
  --hf-endpoint <url>   Hugging Face endpoint or mirror (default: HF_ENDPOINT or https://huggingface.co)
  --catalog <file>      another model catalogue (same format as models/catalog.json)
  --model-alias <a=id>  map a model name the image APIs receive (dall-e-3, v2.1, ...) to an installed
                        diffusion model id; repeatable (default: every known alias → sd-turbo or the
                        first installed diffusion model)
  --webhook-secret <s>  Standard Webhooks secret (whsec_<base64>) for POST /v1/generate webhooks;
                        default: the one stored in <dir>/webhook-secret, or a new one
  --webhook-allow <h>   a host webhooks may call besides loopback; repeatable
  --queue <redis-url>   run jobs on \`adstudio worker\` processes through a BullMQ queue in Redis
                        (redis://host:port[/db]) instead of the built-in workers; this server keeps
                        job state and images, prints a worker token (stored in <dir>/worker-token)
  --host <address>      listen on this address (default 127.0.0.1); with --queue, workers on other
                        machines need it (e.g. 0.0.0.0): only the worker routes answer them`

const OPTIONS = {
  port: { type: 'string' },
  data: { type: 'string' },
  token: { type: 'string' },
  concurrency: { type: 'string' },
  'max-queue': { type: 'string' },
  keep: { type: 'string' },
  'stop-grace-ms': { type: 'string' },
  ui: { type: 'string' },
  'models-dir': { type: 'string' },
  'hf-endpoint': { type: 'string' },
  catalog: { type: 'string' },
  'model-alias': { type: 'string', multiple: true },
  'webhook-secret': { type: 'string' },
  'webhook-allow': { type: 'string', multiple: true },
  queue: { type: 'string' },
  host: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

/** Where jobs live when --data is not given. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ADSTUDIO_DATA_DIR) return env.ADSTUDIO_DATA_DIR
  if (process.platform === 'win32') return join(envBaseDir(env.APPDATA, join(homedir(), 'AppData', 'Roaming')), 'AdStudio', 'data')
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'AdStudio')
  return join(envBaseDir(env.XDG_DATA_HOME, join(homedir(), '.local', 'share')), 'adstudio')
}

function integer(flag: string, v: string | undefined, def: number, min: number, max: number): number {
  if (v === undefined) return def
  const n = Number(v)
  if (!/^\d+$/.test(v.trim()) || n < min || n > max) throw new UsageError(`--${flag}: must be a whole number from ${min} to ${max} (got "${v}")`)
  return n
}

class UsageError extends Error {}

/** Runs until SIGINT/SIGTERM, then stops the workers and the server; resolves with the exit code. */
export async function serveCommand(argv: string[], io: Io): Promise<ExitCode> {
  let v
  let settings
  try {
    v = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values
    if (v.help) {
      io.out(SERVE_USAGE)
      return 0
    }
    if (v.token !== undefined && tokenProblem(v.token)) throw new UsageError(tokenProblem(v.token)!)
    settings = {
      port: integer('port', v.port, 8000, 0, 65535),
      concurrency: integer('concurrency', v.concurrency, 1, 1, 16),
      maxQueue: integer('max-queue', v['max-queue'], 100, 0, 100_000),
      keep: integer('keep', v.keep, 500, 1, 1_000_000),
      stopGraceMs: integer('stop-grace-ms', v['stop-grace-ms'], 5000, 100, 600_000),
      dataDir: resolve(v.data ?? defaultDataDir()),
      uiDir: v.ui !== undefined ? resolve(v.ui) : builtRendererDir(),
      modelsDir: resolve(v['models-dir'] ?? defaultModelsDir()),
      hfEndpoint: v['hf-endpoint'] === undefined ? undefined : endpointOption(v['hf-endpoint']),
      catalog: v.catalog === undefined ? builtinCatalog() : catalogOption(v.catalog),
      modelAliases: aliasOptions(v['model-alias'] ?? []),
      webhookAllow: v['webhook-allow'] ?? [],
      queue: v.queue === undefined ? null : redisOption(v.queue),
      host: v.host ?? '127.0.0.1',
    }
    if (v['webhook-secret'] !== undefined && !WEBHOOK_SECRET.test(v['webhook-secret']))
      throw new UsageError('--webhook-secret: must be whsec_ followed by base64 of at least 24 bytes (Standard Webhooks)')
    if (v.ui !== undefined && !existsSync(join(settings.uiDir!, 'index.html')))
      throw new UsageError(`--ui: ${settings.uiDir} has no index.html (build the editor with \`npm run build\`)`)
  } catch (e) {
    if (e instanceof UsageError || (e instanceof TypeError && String((e as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`error: ${e.message}\n\n${SERVE_USAGE}`)
      return 2
    }
    throw e
  }

  const log = (level: 'info' | 'warn' | 'error', message: string) => io.err(`${new Date().toISOString()} ${level} ${message}`)
  try {
    await mkdir(settings.dataDir, { recursive: true })
    const token = await loadOrCreateToken(settings.dataDir, v.token)
    const queue = settings.queue ? await openQueue(settings.queue, settings.dataDir, token.token, io) : null
    if (queue && !queue.ok) return 1
    const models = new ModelService({ modelsDir: settings.modelsDir, catalog: settings.catalog, hub: { endpoint: settings.hfEndpoint }, gpuProbe: probeGpuQuietly, log })
    const jobs = await JobService.open({
      dataDir: settings.dataDir,
      // The workers must find the models this server pulls and imports.
      workerFactory: forkWorkerFactory({ env: { ...process.env, ADSTUDIO_MODELS_DIR: settings.modelsDir }, onOutput: (line) => log('info', `[worker] ${line}`) }),
      concurrency: settings.concurrency,
      maxQueue: settings.maxQueue,
      keepFinished: settings.keep,
      stopGraceMs: settings.stopGraceMs,
      log,
      runner: queue?.ok ? queue.runner : undefined,
    })
    const metrics = new SystemMetricsSampler()
    void metrics.warmUp()
    const staticFiles = settings.uiDir ? staticFilesFrom(settings.uiDir) : undefined
    const worker = queue?.ok ? { runner: jobs.runner as BullRunner, token: queue.workerToken } : undefined
    const webhookSecret = await loadOrCreateWebhookSecret(settings.dataDir, v['webhook-secret'])
    const server = await startApiServer(
      { jobs, metrics, token: token.token, version: packageVersion(), log, staticFiles, models, worker, modelAliases: settings.modelAliases, webhooks: { secret: webhookSecret, allowHosts: settings.webhookAllow } },
      settings.port,
      settings.host,
    )
    io.out(`Ad Studio engine API listening on ${server.url}`)
    io.out(`data: ${settings.dataDir}`)
    io.out(`models: ${settings.modelsDir} (from ${models.endpoint})`)
    io.out(token.file ? `token: ${token.token} (${token.generated ? 'new, ' : ''}stored in ${token.file})` : 'token: as given with --token')
    io.out(`try: curl -H "Authorization: Bearer <token>" ${server.url}/health`)
    if (settings.uiDir) io.out(`editor: ${server.url}/?token=<token>`)
    io.out(`api description: ${server.url}/openapi.json; webhooks signed with the secret in ${v['webhook-secret'] === undefined ? join(settings.dataDir, 'webhook-secret') : '--webhook-secret'}`)
    if (queue?.ok) queue.announce(server.url)

    await untilStopSignal(log, 'shutting down')
    await server.close()
    await models.close()
    await jobs.close()
    return 0
  } catch (e) {
    const err = e as NodeJS.ErrnoException
    if (err.code === 'EADDRINUSE') io.err(`error: --port ${settings.port}: already in use (try another port, or 0 for any free one)`)
    else if (err.code === 'EACCES') io.err(`error: permission denied (${err.message})`)
    else io.err(`internal error: ${err.stack ?? err.message}`)
    return err.code === 'EADDRINUSE' ? 2 : 1
  }
}

const WEBHOOK_SECRET = /^whsec_[A-Za-z0-9+/]{32,}={0,2}$/

/** `--model-alias dall-e-3=sdxl-turbo` → {"dall-e-3": "sdxl-turbo"}. */
function aliasOptions(list: string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const item of list) {
    const m = /^([A-Za-z0-9._:-]{1,100})=([a-z0-9][a-z0-9._-]{0,63})$/.exec(item)
    if (!m) throw new UsageError(`--model-alias: must be <alias>=<installed model id>, e.g. dall-e-3=sd-turbo (got "${item.slice(0, 200)}")`)
    out[m[1]] = m[2]
  }
  return out
}

/** The webhook secret: given, else stored in the data folder (owner-only), else a new one stored there. */
async function loadOrCreateWebhookSecret(dataDir: string, given?: string): Promise<string> {
  if (given !== undefined) return given
  const file = join(dataDir, 'webhook-secret')
  const stored = await readFile(file, 'utf8').then((t) => t.trim(), () => '')
  if (WEBHOOK_SECRET.test(stored)) return stored
  const secret = `whsec_${randomBytes(32).toString('base64')}`
  await writeFile(file, `${secret}\n`, { mode: 0o600 })
  return secret
}

/** The same rule as the desktop setting (src/shared/hub-endpoint.ts), so both refuse the same values. */
function endpointOption(v: string): string {
  const problem = hubEndpointProblem(v)
  if (problem) throw new UsageError(`--hf-endpoint: ${problem} (got "${v.slice(0, 200)}")`)
  return v
}

function redisOption(v: string): RedisTarget {
  const t = parseRedisUrl(v)
  if ('problem' in t) throw new UsageError(`--queue: ${t.problem}`)
  return t
}

function catalogOption(file: string): Catalog {
  let json: unknown
  try {
    json = JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    throw new UsageError(`--catalog: ${file} could not be read as JSON (${(e as Error).message})`)
  }
  try {
    return parseCatalog(json)
  } catch (e) {
    throw new UsageError(`--catalog: ${(e as Error).message}`)
  }
}

/**
 * GET /models says whether the GPU can be used. The probe runs here without its trial CUDA session,
 * which would hold a GPU context in the server for its whole life; workers make that check when they load a model.
 */
async function probeGpuQuietly(): Promise<{ usable: boolean; summary: string }> {
  const { probeGpuForReport } = await import('../ml/gpu-probe')
  return probeGpuForReport(devicePreferenceFromEnv())
}

/** out/renderer of this checkout, when `npm run build` has made it. */
function builtRendererDir(): string | null {
  const dir = join(repoRoot(), 'out', 'renderer')
  return existsSync(join(dir, 'index.html')) ? dir : null
}

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 8 && !existsSync(join(dir, 'package.json')); i++) dir = dirname(dir)
  return dir
}

function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 8; i++) {
    const p = join(dir, 'package.json')
    if (existsSync(p)) {
      try {
        const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: string; version?: string }
        if (pkg.name === 'ad-studio' && pkg.version) return pkg.version
      } catch {
        // keep looking
      }
    }
    dir = dirname(dir)
  }
  return '0.0.0'
}
