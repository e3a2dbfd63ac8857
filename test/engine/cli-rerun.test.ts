import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { PARAMS_KEY } from '../../src/main/engine/image/export-image'
import { readPngText } from '../../src/main/engine/image/png-chunks'
import { runCli } from '../helpers/run-cli'
import { drawProductPhoto } from '../helpers/synthetic-product'

let dir: string
let product: string
let full: string

const rgba = async (p: string) => (await sharp(p).ensureAlpha().raw().toBuffer({ resolveWithObject: true }))

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'adstudio-rerun-'))
  product = join(dir, 'bottle.png')
  await writeFile(product, (await drawProductPhoto({ width: 400, height: 560, transparent: true })).png)
  full = join(dir, 'full')
  const run = await runCli(['make', '--product', product, '--out', full, '--size', '640x640', '--seed', '5', '--text', '맛있는 소스\\n50% 할인', '--text-style-prompt', '네온 핑크', '--mode', 'behind', '--position', 'center'])
  expect(run.stderr).not.toMatch(/error/)
  expect(run.code).toBe(0)
})

describe('a full built-in ad', () => {
  it('writes every step, a transparent text layer and the parameters inside final.png', async () => {
    expect((await readdir(full)).sort()).toEqual(['cutout.png', 'final.png', 'job.json', 'mask.png', 'scene.png', 'step1.png', 'step2.png', 'step2_edges.png'])
    const job = JSON.parse(await readFile(join(full, 'job.json'), 'utf8'))
    expect(job.text.lines).toEqual(['맛있는 소스', '50% 할인'])
    expect(job.text.style.id).toBe('neon')
    expect(job.composition.legibility.contrastAfter).toBeGreaterThanOrEqual(job.composition.legibility.guard === 'none' ? 4.5 : 0)
    for (const k of ['step1', 'step2', 'step3', 'total']) expect(job.timings_ms[k]).toBeGreaterThan(0)

    const layer = await rgba(join(full, 'step2.png'))
    let clear = 0
    let solid = 0
    for (let i = 3; i < layer.data.length; i += 4) {
      if (layer.data[i] === 0) clear++
      if (layer.data[i] === 255) solid++
    }
    expect(clear).toBeGreaterThan(layer.data.length / 4 / 10)
    expect(solid).toBeGreaterThan(100)

    const embedded = JSON.parse(readPngText(await readFile(join(full, 'final.png')))[PARAMS_KEY])
    expect(embedded).toMatchObject({ seed: 5, text_content: '맛있는 소스\n50% 할인', composition_mode: 'behind' })
  })

  it('behind mode leaves the product pixels untouched', async () => {
    const s1 = await rgba(join(full, 'step1.png'))
    const fin = await rgba(join(full, 'final.png'))
    const mask = await sharp(join(full, 'mask.png')).toColourspace('b-w').raw().toBuffer()
    let inside = 0
    let changedInside = 0
    let changedOutside = 0
    for (let i = 0; i < mask.length; i++) {
      const diff = [0, 1, 2].some((c) => s1.data[i * 4 + c] !== fin.data[i * 4 + c])
      if (mask[i] === 255) {
        inside++
        if (diff) changedInside++
      } else if (diff) changedOutside++
    }
    expect(inside).toBeGreaterThan(1000)
    expect(changedInside).toBe(0)
    expect(changedOutside).toBeGreaterThan(1000) // the text is there, around the product
  })
})

describe('re-running single steps', () => {
  it('--start-step 2 regenerates text and composition over the kept step 1', async () => {
    const out = join(dir, 'text-only')
    const run = await runCli(['make', '--start-step', '2', '--step1', join(full, 'step1.png'), '--mask', join(full, 'mask.png'), '--text', 'New Arrival', '--text-style', 'chrome', '--position', 'auto', '--out', out])
    expect(run.stderr).not.toMatch(/error/)
    expect(run.code).toBe(0)
    expect((await readdir(out)).sort()).toEqual(['final.png', 'job.json', 'step2.png', 'step2_edges.png'])
    const job = JSON.parse(await readFile(join(out, 'job.json'), 'utf8'))
    expect(job.text.style.id).toBe('chrome')
    expect(job.timings_ms.step1).toBeUndefined()
    // auto keeps the text off the product it now knows about
    expect(job.composition.productCoverage).toBeLessThanOrEqual(0.05)
  })

  it('--start-step 3 only recomposes, and the step-2 layer keeps its transparency', async () => {
    const out = join(dir, 'recompose')
    const run = await runCli(['make', '--start-step', '3', '--step1', join(full, 'step1.png'), '--step2', join(full, 'step2.png'), '--mode', 'overlay', '--position', 'top', '--out', out, '--format', 'jpeg', '--quality', '95'])
    expect(run.code).toBe(0)
    expect((await readdir(out)).sort()).toEqual(['final.jpg', 'job.json'])
    const job = JSON.parse(await readFile(join(out, 'job.json'), 'utf8'))
    const [tx, ty, tw, th] = job.composition.textBox as number[]
    expect(job.composition.position).toBe('top')
    const s1 = await rgba(join(full, 'step1.png'))
    const fin = await rgba(join(out, 'final.jpg'))
    // Far below the text (and any guard plate around it) the scene shows through unchanged, up
    // to JPEG's error: a layer that lost its alpha would paint its whole rectangle.
    let worst = 0
    for (let y = Math.min(639, ty + th + 60); y < 640; y++) {
      for (let x = 0; x < 640; x++) {
        for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(s1.data[(y * 640 + x) * 4 + c] - fin.data[(y * 640 + x) * 4 + c]))
      }
    }
    expect(worst).toBeLessThan(24)
    expect(tx).toBeGreaterThanOrEqual(0)
    expect(tw).toBeGreaterThan(100)
  })

  it('refuses a mask that does not match step 1, naming it', async () => {
    const small = join(dir, 'small-mask.png')
    await sharp({ create: { width: 100, height: 100, channels: 3, background: '#fff' } }).png().toFile(small)
    const run = await runCli(['make', '--start-step', '2', '--step1', join(full, 'step1.png'), '--mask', small, '--text', 'x', '--out', join(dir, 'bad-mask')])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/mask_image: 100x100 does not match step1_image \(640x640\)/)
  })

  it('an unknown font name is a bad-input error naming font_name', async () => {
    const run = await runCli(['make', '--product', product, '--text', 'x', '--font', 'NoSuch/Font.ttf', '--size', '256x256', '--out', join(dir, 'bad-font')])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/font_name/)
  })
})
