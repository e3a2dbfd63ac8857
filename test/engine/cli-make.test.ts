import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/run-cli'
import { drawProductPhoto } from '../helpers/synthetic-product'

let dir: string
let cutoutPng: string
let photoPng: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'adstudio-cli-'))
  cutoutPng = join(dir, 'bottle-cutout.png')
  photoPng = join(dir, 'bottle-photo.png')
  await writeFile(cutoutPng, (await drawProductPhoto({ width: 500, height: 700, transparent: true })).png)
  await writeFile(photoPng, (await drawProductPhoto({ width: 600, height: 600, backdrop: 'gradient' })).png)
})

/** 1-D binary erosion along x (stride 1) or y (stride = width). */
function erode(m: Uint8Array, w: number, h: number, r: number, stride: number): Uint8Array {
  const out = new Uint8Array(m.length)
  const len = stride === 1 ? w : h
  for (let i = 0; i < m.length; i++) {
    const pos = stride === 1 ? i % w : Math.floor(i / w)
    let ok = 1
    for (let d = -r; d <= r && ok; d++) {
      const p = pos + d
      if (p < 0 || p >= len || !m[i + d * stride]) ok = 0
    }
    out[i] = ok
  }
  return out
}

async function rawRgb(path: string) {
  const { data, info } = await sharp(path).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  return { data, width: info.width, height: info.height }
}

describe('adstudio make --stop-step 1', () => {
  it('writes step1.png, mask.png and job.json; the product interior is the resampled original', async () => {
    const out = join(dir, 'ad1')
    const run = await runCli(['make', '--product', cutoutPng, '--out', out, '--size', '1080x1350', '--bg-prompt', 'marble', '--seed', '7', '--stop-step', '1'])
    expect(run.stderr).not.toMatch(/internal error/)
    expect(run.code).toBe(0)
    const job = JSON.parse(await readFile(join(out, 'job.json'), 'utf8'))
    expect(job.parameters).toMatchObject({ seed: 7, width: 1080, height: 1350, bg_prompt: 'marble', stop_step: 1 })
    expect(job.parameters.product_image).toBeUndefined()
    expect(job.engines.cutout).toBe('alpha')
    for (const k of ['background', 'placement', 'step1', 'total']) expect(job.timings_ms[k]).toBeGreaterThan(0)
    const [bx, by, bw, bh] = job.product_box as number[]
    const [sx, sy, sw, sh] = job.product_source_box as number[]
    expect(bx).toBeGreaterThanOrEqual(0)
    expect(by).toBeGreaterThanOrEqual(0)
    expect(bx + bw).toBeLessThanOrEqual(1080)
    expect(by + bh).toBeLessThanOrEqual(1350)
    // the bottle spans 32% of the photo's width and 68% of its height
    expect(sw).toBeGreaterThan(500 * 0.3)
    expect(sh).toBeGreaterThan(700 * 0.66)

    const step1 = await rawRgb(join(out, 'step1.png'))
    expect([step1.width, step1.height]).toEqual([1080, 1350])
    const mask = await sharp(join(out, 'mask.png')).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true })
    expect([mask.info.width, mask.info.height, mask.info.channels]).toEqual([1080, 1350, 1])

    // Independent reference: the original's pixels in product_source_box, resampled to product_box.
    const ref = await sharp(cutoutPng).extract({ left: sx, top: sy, width: sw, height: sh }).resize(bw, bh, { fit: 'fill', kernel: 'lanczos3' }).raw().toBuffer()
    // Interior: opaque with every pixel within `inset` (a square window) opaque too: beyond the
    // 3 px light-wrap rim and the resampling kernel's reach into the edge.
    const inset = 5
    const opaque = Uint8Array.from(mask.data, (v) => (v === 255 ? 1 : 0))
    const interior = erode(erode(opaque, 1080, 1350, inset, 1), 1080, 1350, inset, 1080)
    let compared = 0
    let maxDiff = 0
    for (let y = 0; y < bh; y++) {
      for (let x = 0; x < bw; x++) {
        if (!interior[(by + y) * 1080 + bx + x]) continue
        compared++
        for (let c = 0; c < 3; c++) {
          const a = step1.data[((by + y) * 1080 + bx + x) * 3 + c]
          const b = ref[(y * bw + x) * 4 + c]
          maxDiff = Math.max(maxDiff, Math.abs(a - b))
        }
      }
    }
    expect(compared).toBeGreaterThan(bw * bh * 0.3)
    expect(maxDiff).toBe(0)
  })

  it('gives the same pixels for the same seed', async () => {
    const a = join(dir, 'same-a')
    const b = join(dir, 'same-b')
    for (const out of [a, b]) expect((await runCli(['make', '--product', cutoutPng, '--out', out, '--seed', '42', '--stop-step', '1', '--size', '512x512'])).code).toBe(0)
    expect((await readFile(join(a, 'step1.png'))).equals(await readFile(join(b, 'step1.png')))).toBe(true)
  })

  it('segments a photo without alpha with ISNet', async () => {
    const out = join(dir, 'ad-photo')
    const run = await runCli(['make', '--product', photoPng, '--out', out, '--stop-step', '1', '--size', '768x768'])
    expect(run.code).toBe(0)
    const job = JSON.parse(await readFile(join(out, 'job.json'), 'utf8'))
    expect(job.engines.cutout).toBe('isnet-medium')
    // The mask cache (per photo bytes + model) is shared by test runs: the first run on a machine
    // computes the mask, later ones find it; a second make of the same photo always finds it.
    expect(['computed', 'cached']).toContain(job.notes.mask)
    if (job.notes.mask === 'computed') expect(job.timings_ms.segmentation).toBeGreaterThan(0)
    const again = join(dir, 'ad-photo-again')
    expect((await runCli(['make', '--product', photoPng, '--out', again, '--stop-step', '1', '--size', '768x768'])).code).toBe(0)
    const second = JSON.parse(await readFile(join(again, 'job.json'), 'utf8'))
    expect(second.notes.mask).toBe('cached')
    expect((await readFile(join(again, 'mask.png'))).equals(await readFile(join(out, 'mask.png')))).toBe(true)
  })
})

describe('adstudio bad input: exit 2 with a message naming the file or option', () => {
  it.each([
    [['make', '--out', 'x'], /--product: required/],
    [['make', '--product', '/nonexistent/p.png', '--out', 'x'], /--product \/nonexistent\/p.png: no such file/],
    [['make', '--product', 'PHOTO', '--out', 'x', '--size', '10x10'], /--size \(width\): must be at least 256/],
    [['make', '--product', 'PHOTO', '--out', 'x', '--size', 'big'], /--size: must look like 1024x1024/],
    [['make', '--product', 'PHOTO', '--out', 'x', '--mode', 'multiply'], /--mode: must be one of "overlay", "blend", "behind"/],
    [['make', '--product', 'PHOTO', '--out', 'x', '--seed', 'abc'], /--seed: must be a number/],
    [['make', '--product', 'PHOTO', '--out', 'x', '--font', '../../etc/passwd.ttf'], /--font: must not contain '\.\.'/],
    [['make', '--product', 'PHOTO', '--out', 'x', '--start-step', '2'], /--step1: is required when start_step is 2 or 3/],
    [['make', '--product', 'PHOTO', '--out', 'x', '--colour', 'red'], /Unknown option '--colour'/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('%j', async (args, message) => {
    const run = await runCli(args.map((a) => (a === 'PHOTO' ? cutoutPng : a)))
    expect(run.stderr).toMatch(message)
    expect(run.code).toBe(2)
  })

  it('a file that is not an image names product_image', async () => {
    const bad = join(dir, 'notes.png')
    await writeFile(bad, 'these are my notes, not a picture')
    const run = await runCli(['make', '--product', bad, '--out', join(dir, 'bad')])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/product_image: not an image/)
  })
})

describe('adstudio segment', () => {
  it('writes one 8-bit mask per input, the input’s size, named after it; a bad file fails alone', async () => {
    const outDir = join(dir, 'masks')
    const bad = join(dir, 'broken.jpg')
    await writeFile(bad, Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x01]))
    const run = await runCli(['segment', cutoutPng, photoPng, bad, '--out-dir', outDir])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/broken\.jpg/)
    for (const [name, w, h] of [['bottle-cutout', 500, 700], ['bottle-photo', 600, 600]] as const) {
      const meta = await sharp(join(outDir, `${name}.png`)).metadata()
      expect([meta.width, meta.height, meta.channels, meta.depth]).toEqual([w, h, 1, 'uchar'])
      // a real cut-out: the bottle (about a fifth of the frame) opaque, the corners transparent
      const px = await sharp(join(outDir, `${name}.png`)).toColourspace('b-w').raw().toBuffer()
      expect(px[0]).toBe(0)
      expect(px[Math.round(h * 0.7) * w + Math.round(w / 2)]).toBe(255)
      const share = px.reduce((n, v) => n + (v >= 128 ? 1 : 0), 0) / px.length
      expect(share).toBeGreaterThan(0.12)
      expect(share).toBeLessThan(0.3)
    }
  })
})
