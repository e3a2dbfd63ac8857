import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { modelsCommand } from '../../src/main/engine/cli/models-command'
import type { Io } from '../../src/main/engine/cli/cli-io'
import { buildBiRefNet } from '../helpers/tiny-onnx/segmentation'
import { writeTinyModelFolder } from '../helpers/tiny-onnx/model-folder'
import { FakeHub } from './helpers/fake-hub'

let root: string
let hub: FakeHub
let catalogPath: string

function capture(): Io & { lines: string[]; errs: string[] } {
  const lines: string[] = []
  const errs: string[] = []
  return { lines, errs, out: (l) => lines.push(l), err: (l) => errs.push(l) }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'adstudio-models-cli-'))
  hub = await new FakeHub().start()
  const model = Buffer.from(buildBiRefNet(64))
  hub.repos.set('test/seg', { commit: 'a'.repeat(40), files: new Map([['onnx/model_fp16.onnx', model], ['README.md', Buffer.from('x')]]), lfs: new Set(['onnx/model_fp16.onnx']) })
  catalogPath = join(root, 'catalog.json')
  await writeFile(
    catalogPath,
    JSON.stringify({
      version: 1,
      models: [
        {
          id: 'seg',
          name: 'Tiny segmenter',
          kind: 'segmentation',
          purpose: 'tests',
          repo: 'test/seg',
          revision: 'main',
          include: ['onnx/model_fp16.onnx'],
          approx_bytes: model.length,
          vram_gb: 1,
          precision: 'fp32',
          providers: ['cpu'],
          license: { id: 'mit', name: 'MIT', commercial: true, url: 'https://example.invalid' },
          verified: 'test',
        },
      ],
    }),
  )
})
afterAll(async () => {
  await hub.stop()
  await rm(root, { recursive: true, force: true })
})

describe('adstudio models', () => {
  it('list, pull, verify, import, remove', async () => {
    const dir = join(root, 'models')
    const common = ['--models-dir', dir, '--catalog', catalogPath]
    let io = capture()
    expect(await modelsCommand(['list', ...common], io)).toBe(0)
    expect(io.lines.join('\n')).toMatch(/seg {2}\[not installed\] {2}segmentation/)
    io = capture()
    expect(await modelsCommand(['pull', 'seg', ...common, '--endpoint', hub.hubUrl], io)).toBe(0)
    expect(io.lines.join('\n')).toMatch(/licence: MIT[\s\S]*installed seg \(1 files/)
    io = capture()
    expect(await modelsCommand(['verify', ...common], io)).toBe(0)
    expect(io.lines).toEqual(['seg: ok (1 files)'])
    const folder = await writeTinyModelFolder(join(root, 'mine'), 'sd-turbo')
    io = capture()
    expect(await modelsCommand(['import', folder, '--id', 'mine', ...common], io)).toBe(0)
    expect(io.lines[0]).toMatch(/imported mine: diffusion \(sd\) at .*mine \(not copied\)/)
    io = capture()
    await modelsCommand(['list', ...common], io)
    expect(io.lines.join('\n')).toMatch(/seg {2}\[ready\][\s\S]*other installed models:\nmine {2}\[ready\] {2}diffusion {2}imported from/)
    io = capture()
    expect(await modelsCommand(['remove', 'mine', ...common], io)).toBe(0)
    expect(io.lines).toEqual(['forgot mine (its folder was yours and stays)'])
  })

  it('clear errors and exit codes', async () => {
    const common = ['--models-dir', join(root, 'm2'), '--catalog', catalogPath]
    let io = capture()
    expect(await modelsCommand(['pull', 'nope', ...common], io)).toBe(2)
    expect(io.errs[0]).toMatch(/no model "nope" in the catalogue \(known: seg\)/)
    io = capture()
    expect(await modelsCommand(['pull', 'seg', ...common, '--endpoint', 'http://127.0.0.1:9'], io)).toBe(1)
    expect(io.errs[0]).toMatch(/cannot reach 127.0.0.1:9/)
    io = capture()
    // The same rule as the desktop setting and `serve --hf-endpoint`.
    expect(await modelsCommand(['pull', 'seg', ...common, '--endpoint', 'https://user:pw@mirror.example'], io)).toBe(2)
    expect(io.errs[0]).toMatch(/--endpoint: must not contain a user name or password/)
    io = capture()
    expect(await modelsCommand(['frob', ...common], io)).toBe(2)
    io = capture()
    expect(await modelsCommand([], io)).toBe(2)
    expect(io.lines[0]).toMatch(/^adstudio models list\|pull/)
    expect(await modelsCommand(['list', '--bogus'], capture())).toBe(2)
  })
})

describe('adstudio models gpu', () => {
  it('reports in plain words (no GPU on this machine, or CUDA when there is one)', async () => {
    const io = capture()
    expect(await modelsCommand(['gpu', '--need', '4'], io)).toBe(0)
    expect(io.lines.at(-1)).toMatch(/^GPU: (yes|no) - .+ \(providers: .*cpu; \d+ ms\)$/)
  })
})
