import { existsSync } from 'node:fs'
import { mkdir, readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { generateRequestSchema } from '../../../shared/generate-request'
import { validate } from '../../../shared/validate'
import { EngineError } from '../errors'
import { encodeExport, type ExportFormat } from '../image/export-image'
import { defaultCacheDir } from '../ml/app-dirs'
import { EngineContext } from '../pipeline/engine-context'
import { runJob, stripImages } from '../pipeline/run-job'
import { writeFileAtomic } from '../storage/atomic-write'
import { clock, collectInputs, parseSizes, planItems, type BatchItem } from './batch-plan'
import { runOnServer } from './batch-server'
import { AD_OPTIONS, adFieldsFrom, exportChoice } from './ad-options'
import { describeIssues } from './cli-fields'
import type { ExitCode, Io } from './cli-io'

export const BATCH_USAGE = `adstudio batch <folder|files...> --out <dir> [options]

  One ad per product photo and size, like the desktop app's batch. Resumable: an ad already in
  --out is skipped, so a rerun finishes what is left. Prints a progress line with the time left and a
  summary of the photos that failed (exit code 1 when any did).
  --out <dir>              where the ads go (created if missing)
  --sizes <WxH,...>        sizes to make of every photo (default 1024x1024), e.g. 1080x1080,1200x628
  --name <pattern>         output file name: {name} photo name, {size} WxH, {w} {h}, {n} number
                           (default "{name}_{size}")
  --server <url>           submit to a running \`adstudio serve\` (and so to its workers) instead of
                           running the engine here; --token <t> or ADSTUDIO_TOKEN is its API token
  --bg-prompt <s>  --bg-negative-prompt <s>  --text <s>  --text-style <id>  --text-style-prompt <s>
  --font <rel/path>  --mode overlay|blend|behind  --position top|center|bottom|auto  --seed <n>
  --model <id>  --bg-engine <id>  --text-engine <id>   as in \`adstudio make\`
  --format png|jpeg|webp  --quality <1-100>   the ads' format (png only with --server)`

const OPTIONS = {
  out: { type: 'string' },
  sizes: { type: 'string' },
  name: { type: 'string' },
  server: { type: 'string' },
  token: { type: 'string' },
  ...AD_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const

class UsageError extends Error {}

export interface ItemResult {
  ok: boolean
  message: string
}

/** Runs one item; resolves with what happened (never throws for a bad photo). */
export type ItemRunner = (item: BatchItem, file: string) => Promise<ItemResult>

export async function batchCommand(argv: string[], io: Io): Promise<ExitCode> {
  let v
  let positionals: string[]
  try {
    const parsed = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true })
    v = parsed.values
    positionals = parsed.positionals
  } catch (e) {
    io.err(`error: ${(e as Error).message}\n\n${BATCH_USAGE}`)
    return 2
  }
  if (v.help) {
    io.out(BATCH_USAGE)
    return 0
  }
  let ctx: EngineContext | null = null
  try {
    if (!positionals.length) throw new UsageError('give a folder of product photos or photo files')
    if (!v.out) throw new UsageError('--out: required (the folder for the ads)')
    const sizes = parseSizes(v.sizes)
    if ('problem' in sizes) throw new UsageError(sizes.problem)
    const choice = exportChoice(v)
    if ('problem' in choice) throw new UsageError(choice.problem)
    const { format, quality } = choice
    if (v.server && format !== 'png') throw new UsageError('--format: with --server the ads are the server\'s PNGs; leave --format out')
    const token = v.token ?? process.env.ADSTUDIO_TOKEN
    if (v.server && !token) throw new UsageError('--token: required with --server (or set ADSTUDIO_TOKEN): the token adstudio serve printed')

    const params = adFieldsFrom(v)
    for (const k of Object.keys(params)) if (params[k] === undefined) delete params[k]
    // The shared options are checked once, before any photo is touched.
    const check = validate(generateRequestSchema, { ...params, product_image: 'x.png', width: sizes[0].width, height: sizes[0].height })
    if (!check.ok) throw new UsageError(check.issues ? describeIssues(check.issues) : check.message)

    const { files, problems } = await collectInputs(positionals)
    if (problems.length) throw new UsageError(problems.join('; '))
    const items = planItems(files, sizes, v.name ?? '{name}_{size}')
    if ('problem' in items) throw new UsageError(items.problem)
    const out = resolve(v.out)
    await mkdir(out, { recursive: true })
    const ext = format === 'jpeg' ? 'jpg' : format
    const fileOf = (it: BatchItem) => join(out, `${it.name}.${ext}`)
    const todo = items.filter((it) => !existsSync(fileOf(it)))
    const skipped = items.length - todo.length
    io.out(`batch: ${files.length} photo(s) × ${sizes.length} size(s) = ${items.length} ad(s); ${skipped} already in ${out}, ${todo.length} to make${v.server ? ` on ${v.server}` : ''}`)

    let runner: ItemRunner
    if (v.server) runner = (it, file) => runOnServer(v.server!, token!, params, it, file)
    else {
      ctx = new EngineContext({ cacheDir: defaultCacheDir(), device: 'auto' })
      const engine = ctx
      runner = (it, file) => runLocally(engine, params, it, file, format, quality)
    }
    const failures = await runAll(todo, fileOf, runner, v.server ? 8 : 1, io)

    const made = todo.length - failures.length
    io.out(`batch: ${made} made, ${skipped} skipped (already done), ${failures.length} failed`)
    if (failures.length) {
      io.out('failed:')
      for (const f of failures) io.out(`  ${f.item.input} (${f.item.width}x${f.item.height}): ${f.message}`)
      io.out('fix or remove them and run the same command again: finished ads are skipped')
    }
    return failures.length ? 1 : 0
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`error: ${e.message}`)
      return 2
    }
    io.err(`internal error: ${(e as Error).stack ?? e}`)
    return 1
  } finally {
    await ctx?.dispose()
  }
}

/** Runs the items, `parallel` at once, with a progress line after each: done/total, failed, time left. */
async function runAll(todo: BatchItem[], fileOf: (it: BatchItem) => string, run: ItemRunner, parallel: number, io: Io) {
  const failures: { item: BatchItem; message: string }[] = []
  const t0 = Date.now()
  let done = 0
  let next = 0
  const lane = async () => {
    for (let i = next++; i < todo.length; i = next++) {
      const it = todo[i]
      const started = Date.now()
      const r = await run(it, fileOf(it)).catch((e: Error) => ({ ok: false, message: e.message }))
      done++
      if (!r.ok) failures.push({ item: it, message: r.message })
      const perItem = (Date.now() - t0) / 1000 / done
      const left = (todo.length - done) * perItem
      const pct = Math.round((done / todo.length) * 100)
      io.err(`[${done}/${todo.length}] ${pct}% · ${failures.length} failed · ETA ${clock(left)} · ${it.name} ${r.ok ? 'done' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
    }
  }
  await Promise.all(Array.from({ length: Math.min(parallel, Math.max(1, todo.length)) }, lane))
  return failures
}

async function runLocally(ctx: EngineContext, params: Record<string, unknown>, it: BatchItem, file: string, format: ExportFormat, quality: number): Promise<ItemResult> {
  try {
    const parsed = validate(generateRequestSchema, { ...params, product_image: it.input, width: it.width, height: it.height })
    if (!parsed.ok) return { ok: false, message: parsed.issues ? describeIssues(parsed.issues) : parsed.message }
    const bytes = await readFile(it.input)
    const result = await runJob(stripImages(parsed.value), { product: bytes }, ctx, {})
    if (!result.final) return { ok: false, message: result.stoppedEarly ?? 'no final image' }
    await writeFileAtomic(file, await encodeExport(result.final, { format, quality, parameters: result.record.parameters }))
    return { ok: true, message: 'done' }
  } catch (e) {
    return { ok: false, message: e instanceof EngineError ? e.message : `internal error: ${(e as Error).message}` }
  }
}
