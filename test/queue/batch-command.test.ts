import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/run-cli'
import { drawProductPhoto } from '../helpers/synthetic-product'
import { outputName, parseSizes, planItems } from '../../src/main/engine/cli/batch-plan'
import { startServer, TEST_TOKEN, type TestServer } from '../service/helpers/server'

/**
 * `adstudio batch`: two good product photos (cut-outs with their own alpha, so no model runs) and
 * one damaged file in a folder, at 256×256.
 */
let photos: string

beforeAll(async () => {
  photos = await mkdtemp(join(tmpdir(), 'adstudio-batch-in-'))
  for (const [name, w, h] of [['bottle', 240, 320], ['box', 300, 260]] as const)
    await writeFile(join(photos, `${name}.png`), (await drawProductPhoto({ width: w, height: h, transparent: true })).png)
  // a PNG signature and then nothing: refused by the decoder
  await writeFile(join(photos, 'broken.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]))
  await writeFile(join(photos, 'notes.txt'), 'not a photo: ignored')
})

const common = ['--sizes', '256x256', '--text', 'Sale', '--bg-prompt', 'marble table', '--seed', '3']

describe('batch plan', () => {
  it('names outputs from the pattern and refuses sizes out of range or names that clash', () => {
    expect(outputName('{name}_{size}', '/a/shoe.jpg', 1080, 1080, 1)).toBe('shoe_1080x1080')
    expect(outputName('../{name}', '/a/shoe.jpg', 1, 1, 1)).toBe('__shoe')
    expect(parseSizes('1080x1080, 1200x628')).toEqual([{ width: 1080, height: 1080 }, { width: 1200, height: 628 }])
    expect(parseSizes('100x100')).toEqual({ problem: '--sizes: 100x100: each side must be from 256 to 2048 px' })
    expect(planItems(['/a/x.png', '/b/x.png'], [{ width: 256, height: 256 }], '{name}')).toEqual({ problem: expect.stringMatching(/gives "x" for both/) })
  })
})

describe('adstudio batch (engine here)', () => {
  let out: string
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'adstudio-batch-out-'))
  })

  it('a folder with a damaged photo: it is reported, the others are made', async () => {
    const r = await runCli(['batch', photos, '--out', out, ...common])
    expect(r.code, r.stderr).toBe(1)
    expect(r.stdout).toContain('3 photo(s) × 1 size(s) = 3 ad(s); 0 already in')
    expect(r.stdout).toContain('batch: 2 made, 0 skipped (already done), 1 failed')
    expect(r.stdout).toMatch(/broken\.png \(256x256\): .+/)
    expect(r.stderr).toMatch(/\[3\/3\] 100% · 1 failed · ETA 0:00/)
    expect((await readdir(out)).sort()).toEqual(['bottle_256x256.png', 'box_256x256.png'])
    const m = await sharp(await readFile(join(out, 'box_256x256.png'))).metadata()
    expect([m.format, m.width, m.height]).toEqual(['png', 256, 256])
  })

  it('a rerun skips what is done and tries only the failed one', async () => {
    const r = await runCli(['batch', photos, '--out', out, ...common])
    expect(r.stdout).toContain('2 already in')
    expect(r.stdout).toContain('1 to make')
    expect(r.stdout).toContain('batch: 0 made, 2 skipped (already done), 1 failed')
  })
})

describe('adstudio batch --server', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer()
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('submits each ad to the server with the batch priority and saves its final image', async () => {
    const out = await mkdtemp(join(tmpdir(), 'adstudio-batch-srv-'))
    const r = await runCli(['batch', join(photos, 'bottle.png'), join(photos, 'broken.png'), '--out', out, '--server', server.url, '--token', TEST_TOKEN, '--name', '{n}-{name}', ...common])
    expect(r.stdout).toContain(`to make on ${server.url}`)
    // the damaged photo is refused by the server's checks at submission
    expect(r.stdout).toMatch(/broken\.png \(256x256\): .+/)
    expect(r.stdout).toContain('batch: 1 made, 0 skipped (already done), 1 failed')
    expect(await readdir(out)).toEqual(['1-bottle.png'])
    const m = await sharp(await readFile(join(out, '1-bottle.png'))).metadata()
    expect([m.format, m.width, m.height]).toEqual(['png', 256, 256])
    const jobs = (await (await fetch(`${server.url}/jobs`, { headers: { Authorization: `Bearer ${TEST_TOKEN}` } })).json()) as unknown
    expect(JSON.stringify(jobs)).toContain('completed')
  })

  it('refuses --format other than png and a missing token', async () => {
    const a = await runCli(['batch', photos, '--out', '/tmp/x', '--server', server.url, '--token', TEST_TOKEN, '--format', 'jpeg'])
    expect(a.code).toBe(2)
    expect(a.stderr).toMatch(/--format: with --server/)
    const b = await runCli(['batch', photos, '--out', '/tmp/x', '--server', server.url], { ADSTUDIO_TOKEN: '' })
    expect(b.code).toBe(2)
    expect(b.stderr).toMatch(/--token: required with --server/)
  })
})
