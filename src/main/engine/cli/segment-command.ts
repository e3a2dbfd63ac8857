import { basename, extname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { generateRequestSchema } from '../../../shared/generate-request'
import { validate } from '../../../shared/validate'
import { EngineError } from '../errors'
import { decodeImage } from '../image/decode'
import { encodeMaskPng } from '../image/encode'
import { defaultCacheDir } from '../ml/app-dirs'
import { EngineContext } from '../pipeline/engine-context'
import { computeMatte } from '../pipeline/product-cutout'
import { Stopwatch } from '../pipeline/stopwatch'
import { writeFileAtomic } from '../storage/atomic-write'
import { readInputFile, reportError, type ExitCode, type Io } from './cli-io'

export const SEGMENT_USAGE = `adstudio segment <img>... --out-dir <dir> [--model isnet-medium|isnet-small|<installed id>]

  Writes one 8-bit mask PNG per input into <dir>, the input's size, named <input name>.png.
  A photo with its own transparency keeps it; others are segmented and refined.`

export async function segmentCommand(argv: string[], io: Io): Promise<ExitCode> {
  let ctx: EngineContext | null = null
  try {
    const { values: v, positionals } = parseArgs({
      args: argv,
      options: { 'out-dir': { type: 'string' }, model: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    })
    if (v.help) {
      io.out(SEGMENT_USAGE)
      return 0
    }
    if (positionals.length === 0) throw new EngineError('invalid_request', 'segment: give at least one image file', 'images')
    if (!v['out-dir']) throw new EngineError('invalid_request', '--out-dir: required (the folder for the masks)', 'out-dir')
    const checked = validate(generateRequestSchema, { segmentation_model: v.model ?? 'isnet-medium' })
    if (!checked.ok) throw new EngineError('invalid_request', `--model: ${checked.issues?.[0]?.rule ?? checked.message}`, 'model')
    const model = checked.value.segmentation_model
    ctx = new EngineContext({ cacheDir: defaultCacheDir(), device: 'auto' })
    const used = new Set<string>()
    let failures = 0
    for (const file of positionals) {
      try {
        const bytes = await readInputFile(file, 'image')
        const decoded = await decodeImage(bytes, file)
        const sw = new Stopwatch()
        const { matte, source, notes } = await computeMatte(decoded, ctx, model, sw, { photoBytes: bytes })
        const name = uniqueName(basename(file, extname(file)), used)
        await writeFileAtomic(join(v['out-dir'], `${name}.png`), await encodeMaskPng(matte))
        io.out(`${file} -> ${join(v['out-dir'], `${name}.png`)} (${source}${notes.mask === 'cached' ? ', cached mask' : ''}, ${decoded.image.width}x${decoded.image.height}, ${sw.timings.segmentation ?? 0} ms)`)
      } catch (e) {
        // One bad file must not stop the batch; the exit code still says something failed.
        if (!(e instanceof EngineError)) throw e
        failures++
        io.err(`error: ${e.message}`)
      }
    }
    return failures > 0 ? 2 : 0
  } catch (e) {
    if (e instanceof TypeError && String((e as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS')) {
      io.err(`error: ${e.message}\n\n${SEGMENT_USAGE}`)
      return 2
    }
    return reportError(io, e)
  } finally {
    await ctx?.dispose()
  }
}

function uniqueName(stem: string, used: Set<string>): string {
  let name = stem
  for (let i = 2; used.has(name); i++) name = `${stem}-${i}`
  used.add(name)
  return name
}
