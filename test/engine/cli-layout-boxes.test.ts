/**
 * Issue 10 §1 and §5 through the real CLI: job.json records the layout (product and text boxes as
 * fractions, the floor and contact lines); --product-box / --text-box override it; the empty scene
 * and the cutout are kept so --scene-from re-places the product over the same scene pixels.
 */
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/run-cli'
import { drawProductPhoto } from '../helpers/synthetic-product'

let dir: string
let cutoutPng: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'adstudio-layout-'))
  cutoutPng = join(dir, 'bottle-cutout.png')
  await writeFile(cutoutPng, (await drawProductPhoto({ width: 500, height: 700, transparent: true })).png)
})

async function raw(path: string) {
  const { data, info } = await sharp(path).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  return { data, width: info.width, height: info.height }
}

describe('layout boxes and the kept scene (CLI)', () => {
  it('records the layout and grounding, honours --product-box and --text-box, re-places over scene.png', async () => {
    const a = join(dir, 'a')
    const run = await runCli(['make', '--product', cutoutPng, '--out', a, '--size', '1200x628', '--bg-prompt', 'marble', '--seed', '5', '--text', 'SALE 50%'])
    expect(run.stderr).not.toMatch(/internal error/)
    expect(run.code).toBe(0)
    const job = JSON.parse(await readFile(join(a, 'job.json'), 'utf8'))
    expect(job.layout.kind).toBe('banner')
    // Product on the right, copy on the left; both recorded as fractions.
    expect(job.layout.product_box[0]).toBeGreaterThanOrEqual(0.45)
    expect(job.layout.text_box[0] + job.layout.text_box[2]).toBeLessThanOrEqual(job.layout.product_box[0] + 1e-3)
    expect(Math.abs(job.layout.grounding.gap_px)).toBeLessThanOrEqual(2)
    expect(job.layout.grounding.floor_line).toBe(Math.round(job.scene.layout.groundY))
    expect((await stat(join(a, 'scene.png'))).size).toBeGreaterThan(0)
    expect((await stat(join(a, 'cutout.png'))).size).toBeGreaterThan(0)

    // Move and shrink the product, put the copy at the bottom left: over the same scene.
    const b = join(dir, 'b')
    const pb = [0.05, 0.1, 0.3, 0.6]
    const tb = [0.45, 0.72, 0.5, 0.2]
    const rerun = await runCli(['make', '--scene-from', a, '--out', b, '--text', 'SALE 50%', '--seed', '5', '--product-box', pb.join(','), '--text-box', tb.join(',')])
    expect(rerun.stderr).not.toMatch(/internal error/)
    expect(rerun.code).toBe(0)
    const job2 = JSON.parse(await readFile(join(b, 'job.json'), 'utf8'))
    expect(job2.parameters.product_box).toEqual(pb)
    const [x, y, w, h] = job2.layout.product_box
    // Inside the requested box (±1 px), standing on its bottom edge.
    expect(x).toBeGreaterThanOrEqual(pb[0] - 1 / 1200)
    expect(x + w).toBeLessThanOrEqual(pb[0] + pb[2] + 1 / 1200)
    expect(y).toBeGreaterThanOrEqual(pb[1] - 2 / 628)
    expect(Math.abs(job2.layout.grounding.floor_line - Math.round((pb[1] + pb[3]) * 628))).toBeLessThanOrEqual(1)
    const [tx, ty, tw, th] = job2.layout.text_box
    expect(tx).toBeGreaterThanOrEqual(tb[0] - 1e-3)
    expect(ty).toBeGreaterThanOrEqual(tb[1] - 1e-3)
    expect(tx + tw).toBeLessThanOrEqual(tb[0] + tb[2] + 1e-3)
    expect(ty + th).toBeLessThanOrEqual(tb[1] + tb[3] + 1e-3)
    // Same scene: the kept scene.png is byte-for-byte the scene of the re-run, and far from the
    // product, its shadow and the text the re-run's step 1 shows those same pixels.
    const s1 = await raw(join(a, 'scene.png'))
    const s2 = await raw(join(b, 'scene.png'))
    expect(Buffer.compare(s1.data, s2.data)).toBe(0)
    const step1 = await raw(join(b, 'step1.png'))
    let same = 0
    let n = 0
    for (let yy = 20; yy < 200; yy++) {
      for (let xx = 800; xx < 1180; xx++) {
        const i = (yy * 1200 + xx) * 3
        n++
        if (Math.abs(step1.data[i] - s1.data[i]) <= 1 && Math.abs(step1.data[i + 1] - s1.data[i + 1]) <= 1) same++
      }
    }
    expect(same / n).toBeGreaterThan(0.99)
  }, 120_000)

  it('refuses a box outside the canvas or of zero size, naming the flag', async () => {
    const out = join(dir, 'bad')
    const r1 = await runCli(['make', '--product', cutoutPng, '--out', out, '--product-box', '0.8,0.1,0.5,0.5'])
    expect(r1.code).toBe(2)
    expect(r1.stderr).toMatch(/--product-box: must lie inside the canvas/)
    const r2 = await runCli(['make', '--product', cutoutPng, '--out', out, '--text-box', '0.1,0.1,0,0.5'])
    expect(r2.code).toBe(2)
    expect(r2.stderr).toMatch(/--text-box: must have a width and height/)
  })
})
