import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { generateRequestSchema } from '../../../shared/generate-request'
import { validate } from '../../../shared/validate'
import { EngineError } from '../errors'
import { encodeMaskPng, encodePng } from '../image/encode'
import { encodeExport } from '../image/export-image'
import { defaultCacheDir } from '../ml/app-dirs'
import { EngineContext } from '../pipeline/engine-context'
import { readKeptScene } from '../pipeline/kept-scene'
import { runJob, stripImages, type JobImages } from '../pipeline/run-job'
import { sampleFileName } from '../../../shared/job-status'
import { writeFileAtomic } from '../storage/atomic-write'
import { productMaskProblem } from '../steps/segment/product-mask'
import { AD_OPTIONS, adFieldsFrom, exportChoice } from './ad-options'
import { describeIssues, numeric, parseBox, parseSize } from './cli-fields'
import { readInputFile, reportError, type ExitCode, type Io } from './cli-io'

export const MAKE_USAGE = `adstudio make --product <img> --out <dir> [options]

  --product <img>          product photo (PNG, JPEG, WebP, AVIF, TIFF, GIF)
  --product-mask <png>     the product's mask on that photo instead of segmentation: 8-bit grey,
                           the photo's size, 0 = background, 255 = product, greys = soft edge
  --cutout-edits <json>    hand corrections of the cutout (a JSON file: the cutout_edits list,
                           see GET /help/parameters), applied to the product's mask
  --out <dir>              folder for step1.png, mask.png, step2.png, final.png, job.json
  --bg-prompt <s>          scene words, English or Korean ("marble", "나무 테이블", "beach")
  --bg-negative-prompt <s>
  --text <s>               ad copy; "\\n" starts a new line
  --text-style <id>        text style preset (overrides --text-style-prompt)
  --text-style-prompt <s>  text look in words ("gold metallic", "네온 핑크")
  --font <rel/path>        font under the fonts folder, e.g. NanumGothic/NanumGothic-Bold.ttf
  --mode overlay|blend|behind
  --position top|center|bottom|auto
  --size WxH               output size, 256..2048 per side (default 1024x1024)
  --seed <n>               same seed, same pixels
  --model isnet-medium|isnet-small|<id>   segmentation model (an installed BiRefNet too)
  --bg-engine builtin|<id>  scene engine: procedural studio, or an installed diffusion model
  --text-engine builtin|<id> letters: vector 3D, or an installed ControlNet restyling them
  --samples <1-8>          scene variations to choose from (diffusion engines)
  --format png|jpeg|webp   final image format (default png, with the parameters embedded)
  --quality <1-100>        JPEG/WebP quality (default 90)
  --view auto|front|top    camera view of the photo (top: a flat lay on a surface seen from above)
  --product-box x,y,w,h    where the product goes, fractions of the canvas (default: the layout for the size)
  --text-box x,y,w,h       where the copy goes, fractions of the canvas
  --scene-from <dir>       place the product again over a kept empty scene (<dir>/scene.png + job.json)
  --start-step 1|2|3  --stop-step 1|2|3
  --step1 <file>  --step2 <file>  --mask <file>   kept results for re-runs (mask: the step-1 mask.png)`

const OPTIONS = {
  ...AD_OPTIONS,
  product: { type: 'string' },
  'product-mask': { type: 'string' },
  'cutout-edits': { type: 'string' },
  out: { type: 'string' },
  size: { type: 'string' },
  'start-step': { type: 'string' },
  'stop-step': { type: 'string' },
  step1: { type: 'string' },
  step2: { type: 'string' },
  mask: { type: 'string' },
  samples: { type: 'string' },
  'product-box': { type: 'string' },
  view: { type: 'string' },
  'text-box': { type: 'string' },
  'scene-from': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

/** The --cutout-edits file: JSON, checked by the request schema like the API's field. */
async function readEditsFile(path: string): Promise<unknown> {
  const text = Buffer.from(await readInputFile(path, '--cutout-edits')).toString('utf8')
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new EngineError('invalid_request', `--cutout-edits: ${path} is not JSON (${(e as Error).message})`, 'cutout_edits')
  }
}

export async function makeCommand(argv: string[], io: Io): Promise<ExitCode> {
  let ctx: EngineContext | null = null
  try {
    const { values: v } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false })
    if (v.help) {
      io.out(MAKE_USAGE)
      return 0
    }
    if (!v.out) throw new EngineError('invalid_request', '--out: required (the folder to write the ad into)', 'out')
    const size = parseSize(v.size)
    if (size && 'error' in size) throw new EngineError('invalid_request', size.error, 'size')
    const raw: Record<string, unknown> = {
      start_step: numeric(v['start-step']),
      stop_step: numeric(v['stop-step']),
      ...adFieldsFrom(v),
      // Re-placing over a kept scene takes the kept cutout unless another product is given.
      product_image: v.product ?? (v['scene-from'] ? join(v['scene-from'], 'cutout.png') : undefined),
      product_mask: v['product-mask'],
      cutout_edits: v['cutout-edits'] === undefined ? undefined : await readEditsFile(v['cutout-edits']),
      step1_image: v.step1,
      step2_image: v.step2,
      mask_image: v.mask,
      samples: numeric(v.samples),
      product_box: parseBox(v['product-box']),
      view: v.view,
      text_box: parseBox(v['text-box']),
      ...(size ?? {}),
    }
    for (const k of Object.keys(raw)) if (raw[k] === undefined) delete raw[k]
    // Image fields hold file paths here; the schema checks presence and the required-if rules.
    const parsed = validate(generateRequestSchema, raw)
    if (!parsed.ok) {
      io.err(`error: ${parsed.issues ? describeIssues(parsed.issues) : parsed.message}`)
      return 2
    }
    const req = parsed.value
    if (req.start_step === 1 && !req.product_image)
      throw new EngineError('invalid_request', '--product: required (the product photo to make the ad from)', 'product_image')
    const images: JobImages = {}
    if (req.product_image && req.start_step === 1) images.product = await readInputFile(req.product_image, '--product')
    if (req.step1_image) images.step1 = await readInputFile(req.step1_image, '--step1')
    if (req.step2_image) images.step2 = await readInputFile(req.step2_image, '--step2')
    if (req.mask_image && req.start_step >= 2) images.mask = await readInputFile(req.mask_image, '--mask')
    if (req.product_mask && images.product) {
      // At start_step 1 the job's mask is the product's own, on the photo (see JobImages.mask).
      const mask = await readInputFile(req.product_mask, '--product-mask')
      const problem = await productMaskProblem(mask, images.product)
      if (problem) throw new EngineError(problem.code, problem.message.replace(/^product_mask:/, '--product-mask:'), 'product_mask')
      images.mask = mask
    }
    if (v['scene-from']) images.keptScene = await readKeptScene(v['scene-from'])
    const choice = exportChoice(v)
    if ('problem' in choice) throw new EngineError('invalid_request', choice.problem, choice.flag)
    const { format, quality } = choice

    ctx = new EngineContext({ cacheDir: defaultCacheDir(), device: 'auto' })
    const result = await runJob(stripImages(req), images, ctx, {
      onProgress: (e) => io.err(`[${e.step}] ${e.message}…`),
    })
    const written: string[] = []
    if (result.step1 && result.ranSteps.includes(1)) {
      await writeFileAtomic(join(v.out, 'step1.png'), await encodePng(result.step1, { opaque: true }))
      written.push('step1.png')
    }
    if (result.mask && result.ranSteps.includes(1)) {
      await writeFileAtomic(join(v.out, 'mask.png'), await encodeMaskPng(result.mask))
      written.push('mask.png')
    }
    for (const [name, img] of [['scene.png', result.scene], ['cutout.png', result.cutout]] as const) {
      if (!img || !result.ranSteps.includes(1)) continue
      await writeFileAtomic(join(v.out, name), await encodePng(img, name === 'scene.png' ? { opaque: true } : {}))
      written.push(name)
    }
    if (result.step2 && result.ranSteps.includes(2)) {
      await writeFileAtomic(join(v.out, 'step2.png'), await encodePng(result.step2))
      written.push('step2.png')
    }
    if (result.step2Edges && result.step2) {
      const edges = { width: result.step2.width, height: result.step2.height, data: Float32Array.from(result.step2Edges, (e) => e / 255) }
      await writeFileAtomic(join(v.out, 'step2_edges.png'), await encodeMaskPng(edges))
      written.push('step2_edges.png')
    }
    // Named as the job folder names them (sample 1 is step 1 itself), so a CLI folder and a job read alike.
    if ((result.samples?.length ?? 0) > 1)
      for (const [i, sample] of result.samples!.entries()) {
        await writeFileAtomic(join(v.out, sampleFileName(i + 1)), await encodePng(sample.image, { opaque: true }))
        written.push(sampleFileName(i + 1))
      }
    if (result.final) {
      const name = `final.${format === 'jpeg' ? 'jpg' : format}`
      await writeFileAtomic(join(v.out, name), await encodeExport(result.final, { format, quality, parameters: result.record.parameters }))
      written.push(name)
    }
    await writeFileAtomic(join(v.out, 'job.json'), `${JSON.stringify(result.record, null, 2)}\n`)
    written.push('job.json')
    if (result.stoppedEarly) io.err(`note: ${result.stoppedEarly}`)
    io.out(`wrote ${written.join(', ')} to ${v.out} in ${(result.record.timings_ms.total / 1000).toFixed(2)} s (seed ${result.record.parameters.seed})`)
    return 0
  } catch (e) {
    if (e instanceof TypeError && 'code' in e && String((e as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS')) {
      io.err(`error: ${e.message}\n\n${MAKE_USAGE}`)
      return 2
    }
    return reportError(io, e)
  } finally {
    await ctx?.dispose()
  }
}
