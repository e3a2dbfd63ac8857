import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { planProviders } from '../../src/main/engine/ml/execution-providers'
import { readOnnxSignature } from '../../src/main/engine/ml/onnx-signature'
import { ort, type LoadedSession } from '../../src/main/engine/ml/ort-session'
import { modelBytes, ModelSessions } from '../../src/main/engine/ml/session-pool'
import { validateModelPath } from '../../src/main/engine/models/validate-model'
import { GraphBuilder } from '../helpers/tiny-onnx/graph-builder'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'adstudio-sessions-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function externalModel(sub: string): Promise<string> {
  const g = new GraphBuilder()
  g.op('Add', [g.input('x', 'float32', [2]), g.init([2], [10, 20])], {}, 'y')
  g.output('y', 'float32', [2])
  const { graph, data } = g.toModelWithExternalData('model.onnx_data')
  const p = join(dir, sub, 'model.onnx')
  await import('node:fs/promises').then((fs) => fs.mkdir(join(dir, sub), { recursive: true }))
  await writeFile(p, graph)
  await writeFile(join(dir, sub, 'model.onnx_data'), data)
  return p
}

describe('sessions', () => {
  it('load from the file path so external weights beside the graph are found', async () => {
    const p = await externalModel('ext')
    const s = new ModelSessions(planProviders('cpu'))
    const y = await s.use(p, async ({ session, provider }) => {
      expect(provider).toBe('cpu')
      return (await session.run({ x: new ort.Tensor('float32', Float32Array.of(1, 2), [2]) })).y.data
    })
    expect(Array.from(y as Float32Array)).toEqual([11, 22])
    expect(await modelBytes(p)).toBe((await stat(p)).size + 8)
    expect((await readOnnxSignature(p)).externalFiles).toEqual(['model.onnx_data'])
    await rm(join(dir, 'ext', 'model.onnx_data'))
    expect((await validateModelPath(join(dir, 'ext'))).problems).toContain('model.onnx: its weights file model.onnx_data is missing beside model.onnx')
  })

  it('keep budget: least recently used sessions are released first; everything on dispose', async () => {
    const released: string[] = []
    const fake = (path: string): LoadedSession =>
      ({ session: { release: async () => void released.push(path) }, provider: 'cpu', note: '', loadMs: 1 }) as unknown as LoadedSession
    const a = await externalModel('a')
    const b = await externalModel('b')
    const size = await modelBytes(a)
    const s = new ModelSessions(planProviders('cpu'), { keepBytes: size * 1.5, load: async (p) => fake(p) })
    await s.use(a, async () => undefined)
    expect(s.openPaths).toEqual([a])
    await s.use(a, async () => undefined)
    expect(s.events.at(-1)?.kind).toBe('reuse')
    // Room is made before a load: the idle session goes first, so VRAM never holds both.
    await s.use(b, async () => undefined)
    expect(released).toEqual([a])
    expect(s.openPaths).toEqual([b])
    // Models needed together are loaded together, then trimmed back to the budget.
    await s.useAll([a, b], async () => expect(s.openPaths.sort()).toEqual([a, b].sort()))
    expect(s.openPaths.length).toBe(1)
    await s.dispose()
    expect(s.openPaths).toEqual([])
    expect(s.events.map((e) => e.kind)).toEqual(['load', 'reuse', 'release', 'load', 'release', 'load', 'load', 'release', 'release'])
  })
})
