import { execFile, execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../../helpers/fixtures'
import { buildBiRefNet } from '../../helpers/tiny-onnx/segmentation'
import { projectNode, SHIPPED_NODE_MAJOR } from '../../../bin/project-node.mjs'

const run = promisify(execFile)
const own = projectNode()
const major = (v: string) => Number(v.replace(/^v/, '').split('.')[0])

/** The first `node` on a plain system PATH that is not the shipped major (CI images often have one). */
function olderSystemNode(): string | null {
  for (const p of ['/usr/bin/node', '/usr/local/bin/node']) {
    if (!existsSync(p)) continue
    try {
      const v = String(execFileSync(p, ['--version'])).trim()
      if (major(v) !== SHIPPED_NODE_MAJOR) return p
    } catch {
      // not runnable: look further
    }
  }
  return null
}

describe('one runtime: the Node that Electron 45 embeds', () => {
  it('the tests run on the shipped Node major, which satisfies engines', () => {
    console.log(`tests run on Node ${process.version} (${process.execPath})`)
    const engines = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).engines.node as string
    expect(engines).toBe('>=22.12')
    const [maj, min] = process.versions.node.split('.').map(Number)
    expect(maj > 22 || (maj === 22 && min >= 12)).toBe(true)
    expect(maj).toBe(SHIPPED_NODE_MAJOR)
  })

  it.runIf(own)('the project brings its own Node from the npm registry', async () => {
    const { stdout } = await run(own!.bin, ['--version'])
    expect(stdout.trim()).toBe(`v${own!.version}`)
    expect(major(own!.version)).toBe(SHIPPED_NODE_MAJOR)
  })

  const older = own ? olderSystemNode() : null
  it.runIf(older)('bin/run-ts.mjs started by an older system Node re-runs on the project Node, exit code kept', async () => {
    const script = join(REPO_ROOT, 'test/unit/runtime/print-runtime.ts')
    const env = { ...process.env, ADSTUDIO_NODE_SWITCHED: '', ADSTUDIO_SYSTEM_NODE: '' }
    const ok = await run(older!, [join(REPO_ROOT, 'bin/run-ts.mjs'), script], { env })
    expect(ok.stdout.trim()).toBe(`v${own!.version}`)
    const failed = await run(older!, [join(REPO_ROOT, 'bin/run-ts.mjs'), script, '7'], { env }).catch((e: { code: number; stdout: string }) => e)
    expect((failed as { code: number }).code).toBe(7)
    expect((failed as { stdout: string }).stdout.trim()).toBe(`v${own!.version}`)
  })

  it('the native modules load and work on this Node (N-API)', async () => {
    const sharp = (await import('sharp')).default
    const png = await sharp({ create: { width: 4, height: 3, channels: 4, background: '#ff0000' } }).png().toBuffer()
    expect((await sharp(png).metadata()).width).toBe(4)

    const { createCanvas } = await import('@napi-rs/canvas')
    const canvas = createCanvas(5, 5)
    const g = canvas.getContext('2d')
    g.fillStyle = '#00ff00'
    g.fillRect(0, 0, 5, 5)
    expect(Array.from(g.getImageData(2, 2, 1, 1).data)).toEqual([0, 255, 0, 255])

    const ort = await import('onnxruntime-node')
    // the stand-in's output is 4 x the channel mean
    const session = await ort.InferenceSession.create(buildBiRefNet(2))
    const x = new ort.Tensor('float32', Float32Array.from([1, 2, 3, 4, 3, 2, 1, 0, 2, 2, 2, 2]), [1, 3, 2, 2])
    const out = await session.run({ input_image: x })
    expect(Array.from(out.output_image.data as Float32Array)).toEqual([8, 8, 8, 8])
    await session.release()
  })
})
