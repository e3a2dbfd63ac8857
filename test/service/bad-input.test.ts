import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorResponseSchema } from '../../src/shared/api-responses'
import { formatMegabytes, LIMITS, MAX_BODY_BYTES } from '../../src/shared/limits'
import { bombPng } from '../helpers/png-header'
import { productB64 } from './helpers/images'
import { client, rawRequest, startServer, TEST_TOKEN, type TestServer } from './helpers/server'

let server: TestServer
let api: ReturnType<typeof client>
let product: string
let tiny: string
let tiny64: string

beforeAll(async () => {
  server = await startServer()
  api = client(server)
  product = await productB64()
  tiny = (await sharp({ create: { width: 16, height: 16, channels: 4, background: '#f00' } }).png().toBuffer()).toString('base64')
  tiny64 = (await sharp({ create: { width: 64, height: 64, channels: 3, background: '#fff' } }).png().toBuffer()).toString('base64')
})
afterAll(async () => {
  await server.stop()
})

interface Case {
  name: string
  /** A JSON-able body, or raw text/bytes sent as is. */
  body: unknown
  headers?: Record<string, string>
  status: number
  detail: RegExp
  field?: string
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64')
/** A GIF header claiming 65535x65535 pixels. */
const gifBomb = () => Buffer.from('GIF89a\xff\xff\xff\xff\x00\x00\x00;', 'latin1').toString('base64')

/** Each case is answered with its 4xx and a message naming the field and the rule. */
const cases = (): Case[] => [
  // --- the body itself
  { name: 'malformed JSON', body: '{"start_step": 1,', status: 400, detail: /malformed JSON/ },
  { name: 'JSON array', body: '[1,2]', status: 400, detail: /must be a JSON object/ },
  { name: 'JSON null', body: 'null', status: 400, detail: /must be a JSON object/ },
  { name: 'JSON string', body: '"make me an ad"', status: 400, detail: /must be a JSON object/ },
  { name: 'JSON number', body: '42', status: 400, detail: /must be a JSON object/ },
  { name: 'empty body', body: '', status: 400, detail: /empty/ },
  { name: 'invalid UTF-8', body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), status: 400, detail: /UTF-8/ },
  { name: 'text/plain body', body: '{}', headers: { 'Content-Type': 'text/plain' }, status: 415, detail: /application\/json/ },
  { name: 'form-encoded body (curl -d default)', body: 'start_step=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, status: 415, detail: /application\/json/ },
  { name: 'multipart body', body: '--x\r\n\r\n--x--', headers: { 'Content-Type': 'multipart/form-data; boundary=x' }, status: 415, detail: /application\/json/ },
  // --- types and ranges
  { name: 'product_box outside the canvas', body: { product_box: [0.7, 0.1, 0.5, 0.5] }, status: 400, detail: /product_box: must lie inside the canvas/, field: 'product_box' },
  { name: 'text_box of zero size', body: { text_box: [0.1, 0.1, 0, 0.2] }, status: 400, detail: /text_box: must have a width and height/, field: 'text_box' },
  { name: 'view not an option', body: { view: 'side' }, status: 400, detail: /view/, field: 'view' },
  { name: 'start_step as a string', body: { start_step: '1' }, status: 400, detail: /start_step: must be a number/, field: 'start_step' },
  { name: 'start_step fractional', body: { start_step: 1.5 }, status: 400, detail: /start_step: must be an integer/, field: 'start_step' },
  { name: 'start_step 0', body: { start_step: 0 }, status: 400, detail: /start_step: must be at least 1/, field: 'start_step' },
  { name: 'start_step 4', body: { start_step: 4 }, status: 400, detail: /start_step: must be at most 3/, field: 'start_step' },
  { name: 'stop_step before start_step', body: { start_step: 2, stop_step: 1, step1_image: product, text_content: 'x' }, status: 400, detail: /stop_step: must be at least start_step/, field: 'stop_step' },
  { name: 'text_content a number', body: { text_content: 5 }, status: 400, detail: /text_content: must be a string/, field: 'text_content' },
  { name: 'text_content too long', body: { text_content: 'x'.repeat(501) }, status: 400, detail: /text_content: must be at most 500 characters/, field: 'text_content' },
  { name: 'bg_prompt too long', body: { bg_prompt: 'y'.repeat(2001) }, status: 400, detail: /bg_prompt: must be at most 2000 characters/, field: 'bg_prompt' },
  { name: 'bg_prompt an object', body: { bg_prompt: { en: 'beach' } }, status: 400, detail: /bg_prompt: must be a string/, field: 'bg_prompt' },
  { name: 'composition_mode unknown', body: { composition_mode: 'sideways' }, status: 400, detail: /composition_mode: must be one of "overlay", "blend", "behind"/, field: 'composition_mode' },
  { name: 'text_position unknown', body: { text_position: 'left' }, status: 400, detail: /text_position: must be one of/, field: 'text_position' },
  { name: 'composition_strength above 1', body: { composition_strength: 1.5 }, status: 400, detail: /composition_strength: must be at most 1/, field: 'composition_strength' },
  { name: 'strength negative', body: { strength: -0.1 }, status: 400, detail: /strength: must be at least 0/, field: 'strength' },
  { name: 'guidance_scale above 20', body: { guidance_scale: 25 }, status: 400, detail: /guidance_scale: must be at most 20/, field: 'guidance_scale' },
  { name: 'guidance_scale a word', body: { guidance_scale: 'high' }, status: 400, detail: /guidance_scale: must be a number/, field: 'guidance_scale' },
  { name: 'num_inference_steps 0', body: { num_inference_steps: 0 }, status: 400, detail: /num_inference_steps: must be at least 1/, field: 'num_inference_steps' },
  { name: 'num_inference_steps 51', body: { num_inference_steps: 51 }, status: 400, detail: /num_inference_steps: must be at most 50/, field: 'num_inference_steps' },
  { name: 'seed negative', body: { seed: -1 }, status: 400, detail: /seed: must be at least 0/, field: 'seed' },
  { name: 'seed beyond 32 bits', body: { seed: 2 ** 32 }, status: 400, detail: /seed: must be at most/, field: 'seed' },
  { name: 'width too small', body: { width: 100 }, status: 400, detail: /width: must be at least 256/, field: 'width' },
  { name: 'height too large', body: { height: 8192 }, status: 400, detail: /height: must be at most 2048/, field: 'height' },
  { name: 'width infinite (1e999)', body: '{"width": 1e999}', status: 400, detail: /width:/, field: 'width' },
  { name: 'segmentation_model not installed', body: { segmentation_model: 'u2net' }, status: 400, detail: /segmentation_model: model "u2net" is not installed: run `adstudio models pull u2net`/, field: 'segmentation_model' },
  { name: 'segmentation_model not an id', body: { segmentation_model: '../u2net' }, status: 400, detail: /segmentation_model: must be isnet-medium, isnet-small or an installed model id/, field: 'segmentation_model' },
  { name: 'bg_engine not installed', body: { bg_engine: 'sdxl-turbo' }, status: 400, detail: /bg_engine: model "sdxl-turbo" is not installed/, field: 'bg_engine' },
  { name: 'text_engine path trick', body: { text_engine: '/etc/passwd' }, status: 400, detail: /text_engine: must be "builtin" or an installed model id/, field: 'text_engine' },
  { name: 'samples out of range', body: { samples: 9 }, status: 400, detail: /samples: must be at most 8/, field: 'samples' },
  { name: 'text_style not an id', body: { text_style: 'Gold!' }, status: 400, detail: /text_style: must be a style id/, field: 'text_style' },
  // --- rules between fields
  { name: 'start_step 2 without step1_image', body: { start_step: 2, text_content: 'x' }, status: 400, detail: /step1_image: is required when start_step is 2 or 3/, field: 'step1_image' },
  { name: 'start_step 2 without text_content', body: { start_step: 2, step1_image: product }, status: 400, detail: /text_content: is required when start_step is 2/, field: 'text_content' },
  { name: 'start_step 3 without step2_image', body: { start_step: 3, step1_image: product }, status: 400, detail: /step2_image: is required when start_step is 3/, field: 'step2_image' },
  // --- unknown fields
  { name: 'an unknown field', body: { foo: 1 }, status: 422, detail: /unknown fields: foo/ },
  { name: 'near-miss field names', body: { input_image: product, prompt: 'beach' }, status: 422, detail: /unknown fields: input_image, prompt/ },
  { name: '__proto__ key', body: '{"__proto__": {"admin": true}}', status: 422, detail: /__proto__/ },
  { name: 'constructor key', body: { constructor: 'x' }, status: 422, detail: /constructor/ },
  // --- images
  { name: 'product_image empty', body: { product_image: '' }, status: 400, detail: /product_image: must not be empty/, field: 'product_image' },
  { name: 'product_image a number', body: { product_image: 123 }, status: 400, detail: /product_image: must be a string/, field: 'product_image' },
  { name: 'product_image not base64', body: { product_image: 'not base64!!' }, status: 400, detail: /product_image: must be base64-encoded image data \(character "!"/, field: 'product_image' },
  { name: 'product_image truncated base64', body: { product_image: product.slice(0, 4001) }, status: 400, detail: /product_image: .*truncated/, field: 'product_image' },
  { name: 'product_image base64 text, not an image', body: { product_image: b64('hello, this is not a picture at all') }, status: 400, detail: /product_image: is not an image/, field: 'product_image' },
  { name: 'product_image a PDF', body: { product_image: b64('%PDF-1.4\n1 0 obj<<>>endobj\n') }, status: 400, detail: /product_image: is not an image/, field: 'product_image' },
  { name: 'product_image a 30000x30000 PNG bomb', body: { product_image: bombPng(30000, 30000).toString('base64') }, status: 400, detail: /product_image: 30000x30000 is 900\.0 megapixels; the limit is 50 megapixels/, field: 'product_image' },
  { name: 'product_image a 65535x65535 GIF', body: { product_image: gifBomb() }, status: 400, detail: /product_image: 65535x65535 .* megapixels/, field: 'product_image' },
  { name: 'product_image 16x16', body: { product_image: tiny }, status: 400, detail: /product_image: 16x16 is too small/, field: 'product_image' },
  { name: 'step1_image not an image', body: { start_step: 2, text_content: 'x', step1_image: b64('GIF8 but not really') }, status: 400, detail: /step1_image: is not an image/, field: 'step1_image' },
  { name: 'step2_image bomb', body: { start_step: 3, step1_image: product, step2_image: bombPng(20000, 20000).toString('base64') }, status: 400, detail: /step2_image: 20000x20000/, field: 'step2_image' },
  { name: 'mask_image not an image', body: { start_step: 3, step1_image: product, step2_image: product, mask_image: b64('mask? no.') }, status: 400, detail: /mask_image: is not an image/, field: 'mask_image' },
  { name: 'mask_image of another size than step1_image', body: { start_step: 3, step1_image: product, step2_image: product, mask_image: tiny64 }, status: 400, detail: /mask_image: 64x64 does not match step1_image \(240x320\)/, field: 'mask_image' },
  {
    name: 'product_image over the base64 limit (limits.ts)',
    body: { product_image: 'A'.repeat(LIMITS.maxBase64Chars + 4) },
    status: 400,
    detail: new RegExp(`product_image: must be at most ${LIMITS.maxBase64Chars} base64 characters: the image is larger than 64 MB, the limit`),
    field: 'product_image',
  },
  // --- font_name path tricks
  { name: 'font_name ../ traversal', body: { font_name: '../../etc/passwd.ttf' }, status: 400, detail: /font_name: must not contain '\.\.'/, field: 'font_name' },
  { name: 'font_name absolute path', body: { font_name: '/etc/fonts/x.ttf' }, status: 400, detail: /font_name: must be a path relative to the fonts folder/, field: 'font_name' },
  { name: 'font_name Windows path', body: { font_name: 'C:\\Windows\\Fonts\\arial.ttf' }, status: 400, detail: /font_name: must use forward slashes/, field: 'font_name' },
  { name: 'font_name URL-encoded dots', body: { font_name: 'a/%2e%2e/%2e%2e/x.ttf' }, status: 400, detail: /font_name: must not contain URL-encoded characters/, field: 'font_name' },
  { name: 'font_name with NUL', body: { font_name: 'Nanum\u0000.ttf' }, status: 400, detail: /font_name: must not contain NUL/, field: 'font_name' },
  { name: 'font_name not a font file', body: { font_name: 'NanumGothic/evil.sh' }, status: 400, detail: /font_name: must name a \.ttf/, field: 'font_name' },
  { name: 'font_name full-width dots', body: { font_name: '\uff0e\uff0e/\uff0e\uff0e/etc/x.ttf' }, status: 400, detail: /font_name.*Unicode normalisation/, field: 'font_name' },
  { name: 'font_name unknown font', body: { font_name: 'NoSuch/Font.ttf' }, status: 400, detail: /font_name names an unknown font/, field: 'font_name' },
  { name: 'font_name too long', body: { font_name: `${'a'.repeat(300)}.ttf` }, status: 400, detail: /font_name: must be at most 255 characters/, field: 'font_name' },
]

describe('a corpus of bad requests to POST /generate', () => {
  it('has at least 40 cases', () => {
    expect(cases().length).toBeGreaterThanOrEqual(40)
  })

  it('answers each with the right 4xx and a message naming the field and the rule', async () => {
    const failures: string[] = []
    for (const c of cases()) {
      const raw = typeof c.body === 'string' || Buffer.isBuffer(c.body)
      const r = await api.call('POST', '/generate', raw ? c.body : JSON.stringify(c.body), { 'Content-Type': 'application/json', ...c.headers })
      const parsed = errorResponseSchema.safeParse(r.body)
      if (r.status !== c.status || !parsed.success || !c.detail.test(parsed.data.detail)) {
        failures.push(`${c.name}: got ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`)
        continue
      }
      if (c.field && !parsed.data.issues?.some((i) => i.field === c.field)) failures.push(`${c.name}: issues do not name ${c.field}: ${JSON.stringify(parsed.data.issues)}`)
      if (r.status === 422 && !parsed.data.unknown_fields?.length) failures.push(`${c.name}: 422 without unknown_fields`)
    }
    expect(failures).toEqual([])
  })

  it('answers 413 for a body over the limit (two images at 64 MB fit), reading no further than needed', async () => {
    const big = `{"product_image":"${'A'.repeat(MAX_BODY_BYTES + 1024)}"}`
    const r = await api.call('POST', '/generate', big, { 'Content-Type': 'application/json' })
    expect(r.status).toBe(413)
    expect(r.body.detail).toMatch(new RegExp(`larger than ${formatMegabytes(MAX_BODY_BYTES).replace('.', '\\.')}`))
    // a declared length over the limit is refused before any of the body is read
    const declared = await rawRequest(server.port, {
      method: 'POST',
      path: '/generate',
      headers: { Host: `127.0.0.1:${server.port}`, Authorization: `Bearer ${TEST_TOKEN}`, 'Content-Type': 'application/json', 'Content-Length': String(MAX_BODY_BYTES + 1) },
    })
    expect(declared.status).toBe(413)
  })

  it('stays healthy and accepted none of them', async () => {
    const h = await api.get('/health')
    expect(h.status).toBe(200)
    expect(h.body.status).toBe('healthy')
    expect(h.body.total_jobs).toBe(0)
    expect(server.proc.exitCode).toBeNull()
  })
})
