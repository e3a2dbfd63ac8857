/**
 * The ad copy through the real CLI: copy with emoji is refused before step 1 spends time on a
 * scene (exit 2, the field and the characters named, nothing written), and a mixed Hangul/Latin
 * line from a kept scene gets all its words into job.json and onto step2.png.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/run-cli'
import { drawProductPhoto } from '../helpers/synthetic-product'

let dir: string
let cutout: string
let scene: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'adstudio-cli-text-'))
  cutout = join(dir, 'bottle.png')
  await writeFile(cutout, (await drawProductPhoto({ width: 400, height: 560, transparent: true })).png)
  scene = join(dir, 'scene.png')
  await sharp({ create: { width: 1080, height: 1080, channels: 3, background: '#d8d2c8' } }).png().toFile(scene)
})

describe('adstudio make: the ad text', () => {
  it('refuses emoji before step 1, naming text_content and the characters', async () => {
    const out = join(dir, 'emoji')
    const run = await runCli(['make', '--product', cutout, '--text', '세일 🍌 SALE', '--out', out])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/text_content: "🍌" \(U\+1F34C\) cannot be drawn/)
    expect(run.stderr).toMatch(/emoji/)
    expect(existsSync(join(out, 'step1.png'))).toBe(false)
  })

  it('draws "NEW 신상 바나나 SALE" whole over a kept scene: job.json and step2.png agree', async () => {
    const out = join(dir, 'mixed')
    const run = await runCli(['make', '--start-step', '2', '--step1', scene, '--text', 'NEW 신상 바나나 SALE', '--text-style', 'clean', '--out', out])
    expect(run.code, run.stderr).toBe(0)
    const job = JSON.parse(await readFile(join(out, 'job.json'), 'utf8'))
    expect(job.text.lines.join(' ')).toBe('NEW 신상 바나나 SALE')
    expect(job.text.missing).toEqual([])
    // The letters' box spans the widest line (over half an em per character, spaces included;
    // the cut layer of issue 15 spanned 3.1 em for the 8 characters of "바나나 SALE"), inside step2.png.
    const meta = await sharp(join(out, 'step2.png')).metadata()
    const [gx, , gw] = job.text.glyphBox
    expect(gx + gw).toBeLessThanOrEqual(meta.width!)
    const longest = Math.max(...job.text.lines.map((l: string) => [...l].length))
    expect(gw).toBeGreaterThan(job.text.fontSize * 0.55 * longest)
  })
})
