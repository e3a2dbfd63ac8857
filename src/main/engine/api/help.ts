import { z } from 'zod'
import { ERROR_CODES } from '../../../shared/error-codes'
import { generateRequestSchema } from '../../../shared/generate-request'
import { JOB_STATES, STEP_NAMES } from '../../../shared/job-status'
import { formatMegabytes } from '../../../shared/limits'
import { MAX_BODY_BYTES } from './read-body'

/**
 * GET /help and GET /help/parameters. The parameter reference is generated from the request schema
 * itself (types, defaults, ranges, enums through JSON Schema; the cross-field rules by asking the
 * schema what it refuses), so it cannot disagree with what POST /generate accepts.
 */

/** What each field is for, where the schema does not say (`.describe()` in the schema wins). */
const FIELD_NOTES: Record<string, string> = {
  start_step: '1: whole pipeline, 2: from the text (needs step1_image), 3: composition only (needs step1_image and step2_image)',
  stop_step: 'last step to run (1..3, at least start_step)',
  text_content: 'the ad copy; null makes a background-only ad. "\\n" starts a new line',
  product_image: 'product photo, base64 (PNG, JPEG, WebP, AVIF, TIFF, GIF); a photo with its own transparency skips segmentation',
  product_mask:
    'Ad Studio extension of the nanoCocoa request: the product\'s mask on product_image (start_step 1), base64 8-bit grey PNG at the photo\'s size, 0 = background, 255 = product, greys = soft edge; replaces segmentation for that photo and is recorded in job.json (notes.mask = supplied). Refused with 400 naming product_mask when its size differs from the photo, when it cannot be decoded, or when it has no product pixels (none at 128 or above); needs product_image',
  cutout_edits:
    'Ad Studio extension: hand corrections of the cutout (start_step 1), applied in order to the product\'s mask in photo pixels: {kind: "brush", mode: "restore"|"erase", radius, hardness 0..1, points: [[x, y], ...], snap: stop at the photo\'s edges} or {kind: "region", mode, at: [x, y], tolerance: null for the connected part of the mask under the point, or an RGB distance for a flood by colour}',
  bg_prompt: 'scene words in English or Korean ("marble table, soft light", "나무 테이블")',
  bg_negative_prompt: 'what the scene should not have',
  bg_composition_prompt: 'extra words for harmonising product and scene (generative engines)',
  bg_composition_negative_prompt: 'negative words for harmonising (generative engines)',
  step1_image: 'a step-1 result (step1_result of an earlier job), base64; required from start_step 2',
  text_model_prompt: 'text look in words ("gold metallic", "neon pink", "stone carved", "chrome")',
  negative_prompt: 'what the text should not look like (generative engines)',
  font_name: 'a font from GET /fonts, as a path relative to the fonts folder, e.g. NanumGothic/NanumGothicBold.ttf',
  text_style: 'a text style preset id; overrides what text_model_prompt picks',
  step2_image: 'a step-2 text layer (step2_result of an earlier job, transparent PNG), base64; required for start_step 3; with scene_from it is the copy kept as it is (step 2 does not run; job.json notes.text_kept)',
  product_from: 'instead of product_image: the job_id of an earlier job whose kept product photo this job uses (GET /jobs/{id}/inputs/product)',
  scene_from:
    'Ad Studio extension: the job_id of an earlier job whose kept empty scene (its scene.png, with the light, layout and floor line of its job.json) the product is placed over, with start_step 1: only placement and composition run, the new job\'s scene.png is byte-identical to that job\'s, and job.json records scene.kept_from. Send product_box to move or resize the product; without product_image or product_from, that job\'s product photo is placed. Refused with 400 naming scene_from when the job is unknown, when it keeps no empty scene (a job that did not finish step 1, a scene made by a diffusion engine, or one with a podium under the product), when its size differs from width and height, with start_step 2 or 3, or with samples above 1',
  mask_image: 'the product mask of step1_image (mask.png of an earlier job), base64; lets behind and auto see the product in re-runs',
  composition_mode: 'overlay: text on top; blend: text merged into the scene; behind: text passes behind the product',
  text_position: 'top, center, bottom, or auto (the free area that keeps the product visible)',
  composition_prompt: 'custom words for the composition (generative engines)',
  composition_negative_prompt: 'negative words for the composition (generative engines)',
  composition_strength: 'how strongly the composition pass may change the image (generative engines)',
  strength: 'inpainting strength (generative engines)',
  guidance_scale: 'prompt guidance of generative engines',
  num_inference_steps: 'denoising steps of generative engines',
  seed: 'same seed and inputs, same pixels; null picks one (reported in job.json)',
  width: 'output width in pixels',
  height: 'output height in pixels',
  segmentation_model: 'cut-out model used when the photo has no transparency of its own: isnet-medium, isnet-small, or an installed segmentation model (e.g. birefnet-lite)',
  bg_engine: 'step 1 scene: builtin (procedural studio, no downloads) or an installed diffusion model id (adstudio models list)',
  text_engine: 'step 2 letters: builtin (vector 3D text) or an installed ControlNet id; falls back to the vector text if the letters would not survive',
  samples: 'scene variations to generate with a diffusion engine (seed, seed+1, ...); the first becomes step 1',
}

interface JsonSchemaProp {
  type?: string
  anyOf?: JsonSchemaProp[]
  default?: unknown
  minimum?: number
  maximum?: number
  minLength?: number
  maxLength?: number
  enum?: unknown[]
  pattern?: string
  description?: string
}

export interface ParameterDoc {
  name: string
  type: string
  nullable: boolean
  default?: unknown
  minimum?: number
  maximum?: number
  min_length?: number
  max_length?: number
  allowed?: unknown[]
  pattern?: string
  description: string
}

let cached: { parameters: ParameterDoc[]; rules: string[]; json_schema: unknown } | null = null

export function parametersHelp(): { parameters: ParameterDoc[]; rules: string[]; unknown_fields: string; json_schema: unknown } {
  cached ??= build()
  return { ...cached, unknown_fields: 'refused with 422, listing them (nanoCocoa ignored them silently)' }
}

function build() {
  const schema = z.toJSONSchema(generateRequestSchema, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, JsonSchemaProp> }
  const parameters = Object.entries(schema.properties).map(([name, p]): ParameterDoc => {
    const variants = p.anyOf ?? [p]
    const main = variants.find((v) => v.type !== 'null') ?? p
    const doc: ParameterDoc = {
      name,
      type: main.type ?? 'any',
      nullable: variants.some((v) => v.type === 'null'),
      description: p.description ?? main.description ?? FIELD_NOTES[name] ?? '',
    }
    if ('default' in p) doc.default = p.default
    if (main.minimum !== undefined) doc.minimum = main.minimum
    if (main.maximum !== undefined) doc.maximum = main.maximum
    if (main.minLength !== undefined) doc.min_length = main.minLength
    if (main.maxLength !== undefined) doc.max_length = main.maxLength
    if (main.enum) doc.allowed = main.enum
    if (main.pattern) doc.pattern = main.pattern
    return doc
  })
  return { parameters, rules: crossFieldRules(), json_schema: schema }
}

/** The rules between fields, learned by showing the schema requests that break each kind. */
function crossFieldRules(): string[] {
  const probes = [{ start_step: 2 }, { start_step: 3 }, { start_step: 2, stop_step: 1, step1_image: 'x' }, { product_mask: 'x' }]
  const rules = new Set<string>()
  for (const probe of probes) {
    const r = generateRequestSchema.safeParse(probe)
    for (const issue of r.success ? [] : r.error.issues) if (issue.code === 'custom') rules.add(`${issue.path.join('.')} ${issue.message}`)
  }
  return [...rules]
}

export function generalHelp(version: string) {
  return {
    name: 'Ad Studio local engine API (nanoCocoa-compatible)',
    version,
    openapi: '/openapi.json',
    authentication: 'every request needs the header "Authorization: Bearer <token>"; the token is printed by `adstudio serve` and stored in <data>/token',
    endpoints: [
      { method: 'POST', path: '/generate', description: 'start a job; answers {job_id, status: "started"}, or 503 busy with Retry-After' },
      { method: 'GET', path: '/status/{job_id}', description: 'progress, ETA, metrics and results (base64); ?images=false leaves the images out; samples lists the scene variations as {id, index, seed, image URL}; cutout_check {doubtful, reasons} when a model made the product mask' },
      { method: 'POST', path: '/stop/{job_id}', description: 'stop at the next sub-step; finished jobs are left as they are' },
      { method: 'GET', path: '/jobs', description: 'every job with counts' },
      { method: 'DELETE', path: '/jobs/{job_id}', description: 'delete a finished or queued job and its files (a running one must be stopped first)' },
      { method: 'GET', path: '/jobs/{job_id}/images/{step1|mask|step2|final|product_mask}.png', description: 'one result image as PNG (product_mask: the product\'s mask on the photo, its size, as product_mask takes it)' },
      { method: 'GET', path: '/jobs/{job_id}/inputs/product', description: 'the product photo the job keeps, as sent (re-runs name it with product_from)' },
      { method: 'GET', path: '/jobs/{job_id}/samples/{1-8}.png', description: 'one scene variation as PNG (bg_engine=<diffusion model> with samples > 1; sample 1 is step1)' },
      { method: 'GET', path: '/events', description: 'server-sent events of job progress and model downloads (model.progress, model.state); ?job_id= for one job (no model events); subscribe, then GET /jobs' },
      { method: 'GET', path: '/fonts', description: 'values for font_name' },
      { method: 'GET', path: '/health', description: 'server state, job counts, system metrics, engine worker' },
      { method: 'GET', path: '/help/parameters', description: 'every POST /generate field: type, default, range, rules' },
      { method: 'POST', path: '/v1/images/generations', description: 'OpenAI-compatible image generation (seed 004) on an installed diffusion model; Prefer: respond-async answers {task_id, status: "pending", poll_url} at once' },
      { method: 'GET', path: '/v1/images/generations/{task_id}', description: 'poll an OpenAI-style image task: pending, processing, completed (with data) or failed' },
      { method: 'POST', path: '/v1/images/edits', description: 'OpenAI-compatible image-to-image from an uploaded picture (multipart/form-data: image, prompt, n, size, response_format)' },
      { method: 'POST', path: '/v1/generate', description: 'desk composite (seed 001): image-to-image on initial_image_url (a data: URL or this server’s image URL); webhook_url gets the signed result' },
      { method: 'GET', path: '/result/{task_id}', description: 'a desk task: queued, processing, done (processed_image_url) or failed, with webhook attempts' },
      { method: 'POST', path: '/story/generate', description: 'story illustration (seed 000; POST /generate with a story body does the same): {session_id, game_mode 0-8, user_sentence, status 0-2}' },
      { method: 'GET', path: '/story/sessions/{session_id}', description: 'a story session’s images in order, named {session_id}_{count}_{seq:05d}.png' },
      { method: 'GET', path: '/v1/models', description: 'installed diffusion models and the aliases (dall-e-3, v2.1, ...) that map to them' },
      { method: 'POST', path: '/api/images', description: 'Karlo-style image generation (seed 003): [{id, seed, image URL}], one per seed' },
      { method: 'GET', path: '/openapi.json', description: 'OpenAPI 3.1 description of every endpoint, generated from the request schemas' },
      { method: 'GET', path: '/models', description: 'the model catalogue merged with what is installed: state, size, licence (commercial or not), download progress, last error' },
      { method: 'POST', path: '/models/{id}/pull', description: 'start (or resume) a catalogue model download in the background: 202 with the model; progress on /events' },
      { method: 'DELETE', path: '/models/{id}/pull', description: 'cancel a download; what arrived stays and the next pull resumes it' },
      { method: 'DELETE', path: '/models/{id}', description: 'delete a downloaded model, or forget an import (its folder stays); 503 busy while downloading' },
      { method: 'POST', path: '/models/import', description: 'register a model folder or .onnx file already on this machine: {path, id?} (validated, not copied)' },
      { method: 'POST', path: '/models/{id}/verify', description: 're-check an installed model (sizes, SHA-256, I/O signatures)' },
    ],
    steps: STEP_NAMES,
    states: JOB_STATES,
    workflows: {
      full: 'POST /generate {start_step: 1, product_image, bg_prompt, text_content} → watch /events or poll /status every 1-3 s with ?images=false → GET /status (or /jobs/{id}/images/final.png) when completed',
      text_again: 'POST /generate {start_step: 2, step1_image: <step1_result>, text_content, text_model_prompt}',
      recomposite: 'POST /generate {start_step: 3, step1_image, step2_image, composition_mode, text_position}',
      use_sample: 'POST /generate {start_step: 2, step1_image: <GET /jobs/{id}/samples/{n}.png as base64>, mask_image: <GET /jobs/{id}/images/mask.png as base64>, text_content}',
    },
    errors: {
      400: 'a bad value: the message names the field and the rule',
      401: 'missing or wrong token',
      405: 'the path exists with other methods (listed in the Allow header); HEAD works wherever GET does',
      404: 'unknown job, or a model id not in the catalogue (or not installed)',
      413: `request body over ${formatMegabytes(MAX_BODY_BYTES)}`,
      415: 'body is not JSON (Content-Type must be application/json)',
      422: 'unknown fields (listed in unknown_fields)',
      503: 'queue full: wait Retry-After seconds; or (code busy) a model that is downloading cannot be removed or verified yet',
    },
    error_codes: Object.keys(ERROR_CODES),
  }
}
