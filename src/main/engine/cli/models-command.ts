import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { EngineError } from '../errors'
import { probeGpu } from '../ml/gpu-probe'
import { builtinCatalog, findEntry, licenseLine, parseCatalog, type Catalog } from '../models/catalog'
import { defaultModelsDir } from '../models/model-dirs'
import { importModel, listInstalled, removeInstalled, verifyInstalled } from '../models/model-store'
import { pullModel, type PullProgress } from '../models/pull-model'
import { reportError, type ExitCode, type Io } from './cli-io'
import { hubEndpointProblem } from '../../../shared/hub-endpoint'

export const MODELS_USAGE = `adstudio models list|pull|import|verify|remove [options]

  list                      the catalogue (licence, size, VRAM) and what is installed
  pull <id>                 download a catalogue model (resumable; Ctrl-C keeps what arrived)
  import <folder|file>      use a model you already have, in place (validated, not copied)
      --id <id>             its name (default: from the folder name)
  verify [<id>...]          re-check installed models (sizes, SHA-256, I/O signatures)
  remove <id>               delete a download, or forget an import (your folder stays)
  gpu [--need <GB>]         can the GPU be used? what was found, and why not if not

  --models-dir <dir>        where models are recorded (default: ADSTUDIO_MODELS_DIR or the user data folder)
  --endpoint <url>          Hugging Face endpoint or mirror (default: HF_ENDPOINT or https://huggingface.co)
  --catalog <file>          another catalogue file (same format as models/catalog.json)
  Gated repositories need HF_TOKEN set to an access token of an account that accepted their terms.`

const mb = (n: number) => (n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : `${(n / 1e6).toFixed(1)} MB`)

function formatProgress(p: PullProgress): string {
  const pct = p.total ? Math.floor((p.bytes / p.total) * 100) : 0
  const eta = p.etaSec === null ? '?' : p.etaSec >= 90 ? `${Math.round(p.etaSec / 60)} min` : `${Math.round(p.etaSec)} s`
  return `  ${pct}% ${mb(p.bytes)} / ${mb(p.total)}  ${mb(p.speedBps)}/s  ETA ${eta}  [${p.fileIndex + 1}/${p.fileCount}] ${p.file ?? ''}`
}

export async function modelsCommand(argv: string[], io: Io): Promise<ExitCode> {
  try {
    const { values: v, positionals } = parseArgs({
      args: argv,
      options: {
        'models-dir': { type: 'string' },
        endpoint: { type: 'string' },
        catalog: { type: 'string' },
        id: { type: 'string' },
        json: { type: 'boolean' },
        need: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
    })
    const [sub, ...args] = positionals
    if (v.help || !sub) {
      io.out(MODELS_USAGE)
      return sub || v.help ? 0 : 2
    }
    const modelsDir = v['models-dir'] ?? defaultModelsDir()
    const catalog: Catalog = v.catalog ? parseCatalog(JSON.parse(await readFile(v.catalog, 'utf8'))) : builtinCatalog()
    switch (sub) {
      case 'list':
        return await list(catalog, modelsDir, io, v.json ?? false)
      case 'pull':
        return await pull(catalog, modelsDir, args, v.endpoint, io)
      case 'import': {
        if (args.length !== 1) throw new EngineError('invalid_request', 'import: give one folder (or .onnx file)', 'path')
        const { manifest, report } = await importModel(modelsDir, args[0], { id: v.id })
        io.out(`imported ${manifest.id}: ${manifest.kind}${manifest.family ? ` (${manifest.family})` : ''} at ${manifest.path} (not copied)`)
        for (const w of report.warnings) io.out(`  note: ${w}`)
        return 0
      }
      case 'verify': {
        const ids = args.length ? args : (await listInstalled(modelsDir)).map((m) => m.id)
        let bad = 0
        for (const id of ids) {
          const r = await verifyInstalled(modelsDir, id)
          io.out(`${id}: ${r.ok ? `ok (${r.checkedFiles} files)` : 'PROBLEMS'}`)
          for (const p of r.problems) io.out(`  - ${p}`)
          if (!r.ok) bad++
        }
        return bad ? 1 : 0
      }
      case 'remove': {
        if (args.length !== 1) throw new EngineError('invalid_request', 'remove: give one model id', 'model')
        const r = await removeInstalled(modelsDir, args[0])
        io.out(r.deletedFiles ? `removed ${args[0]} (files deleted)` : `forgot ${args[0]} (its folder was yours and stays)`)
        return 0
      }
      case 'gpu': {
        const need = v.need === undefined ? 0 : Number(v.need)
        if (!Number.isFinite(need) || need < 0) throw new EngineError('invalid_request', '--need: a number of GB', 'need')
        const r = await probeGpu({ needVramGb: need })
        for (const f of r.findings) io.out(`  ${f}`)
        io.out(`${r.gpuUsable ? 'GPU: yes' : 'GPU: no'} - ${r.reason} (providers: ${r.plan.providers.join(', ')}; ${r.elapsedMs} ms)`)
        return 0
      }
      default:
        throw new EngineError('invalid_request', `unknown models command "${sub}"\n\n${MODELS_USAGE}`)
    }
  } catch (e) {
    if (e instanceof TypeError && String((e as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS')) {
      io.err(`error: ${e.message}\n\n${MODELS_USAGE}`)
      return 2
    }
    return reportError(io, e)
  }
}

async function list(catalog: Catalog, modelsDir: string, io: Io, json: boolean): Promise<ExitCode> {
  const installed = await listInstalled(modelsDir)
  const byId = new Map(installed.map((m) => [m.id, m]))
  if (json) {
    io.out(JSON.stringify({ models_dir: modelsDir, catalog: catalog.models.map((m) => ({ ...m, installed: byId.get(m.id)?.status ?? null })), installed }, null, 2))
    return 0
  }
  io.out(`models folder: ${modelsDir}\n`)
  for (const m of catalog.models) {
    const st = byId.get(m.id)?.status
    io.out(`${m.id}  [${st ?? 'not installed'}]  ${m.kind}${m.family ? `/${m.family}` : ''}  ~${mb(m.approx_bytes)}  VRAM ~${m.vram_gb} GB  ${m.precision}`)
    io.out(`    ${m.purpose}`)
    io.out(`    ${m.repo}@${m.revision}  licence: ${licenseLine(m)}`)
  }
  const extra = installed.filter((m) => !catalog.models.some((c) => c.id === m.id))
  if (extra.length) io.out('\nother installed models:')
  for (const m of extra) io.out(`${m.id}  [${m.status}]  ${m.manifest?.kind ?? '?'}  ${m.manifest?.source === 'import' ? `imported from ${m.manifest.path}` : ''}`)
  return 0
}

async function pull(catalog: Catalog, modelsDir: string, args: string[], endpoint: string | undefined, io: Io): Promise<ExitCode> {
  if (args.length !== 1) throw new EngineError('invalid_request', 'pull: give one model id (see `adstudio models list`)', 'model')
  const endpointProblem = endpoint === undefined ? null : hubEndpointProblem(endpoint)
  if (endpointProblem) throw new EngineError('invalid_request', `--endpoint: ${endpointProblem} (got "${endpoint!.slice(0, 200)}")`, 'endpoint')
  const entry = findEntry(catalog, args[0])
  io.out(`${entry.id}: ${entry.name} from ${entry.repo}@${entry.revision}, ~${mb(entry.approx_bytes)}`)
  io.out(`licence: ${licenseLine(entry)} (${entry.license.url})`)
  for (const dep of entry.requires ?? []) io.out(`note: works together with ${dep} (pull it too)`)
  const ctrl = new AbortController()
  const onSigint = () => ctrl.abort()
  process.once('SIGINT', onSigint)
  let lastLine = 0
  let skipped: { path: string; size: number | null }[] = []
  try {
    const m = await pullModel(entry, {
      modelsDir,
      hub: endpoint ? { endpoint } : undefined,
      signal: ctrl.signal,
      onProgress: (p) => {
        skipped = p.skipped
        if (p.phase !== 'downloading' || performance.now() - lastLine < 1000) return
        lastLine = performance.now()
        io.err(formatProgress(p))
      },
    })
    io.out(`installed ${m.id} (${m.files.length} files, ${mb(m.files.reduce((s, f) => s + f.size, 0))}) at ${m.path}`)
    // Weight files no graph references (an fp32 copy left beside an fp16 graph) are not fetched.
    if (skipped.length > 0) {
      const saved = skipped.reduce((s, f) => s + (f.size ?? 0), 0)
      io.out(`skipped ${skipped.length} weight file(s) no graph uses (${skipped.map((f) => f.path).join(', ')}): ${mb(saved)} not downloaded`)
    }
    return 0
  } finally {
    process.off('SIGINT', onSigint)
  }
}
