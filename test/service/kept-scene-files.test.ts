/** Issue 10 §5: a job folder keeps the empty scene and the cutout, so moving the product re-places it over the same scene. */
import { mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { createRgba } from '../../src/main/engine/image/raster'
import { JobImageWriter } from '../../src/main/engine/worker/write-outputs'

describe('job folder: scene.png and cutout.png', () => {
  it('are written beside the step images, the scene opaque and the cutout with its alpha', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'adstudio-kept-'))
    const scene = createRgba(64, 48)
    scene.data.fill(200)
    const cutout = createRgba(20, 30)
    for (let i = 0; i < 20 * 15; i++) cutout.data.set([250, 10, 10, 255], i * 4)
    const images: string[] = []
    const w = new JobImageWriter(dir, { image: (n) => images.push(n), sample: () => undefined })
    w.add({ step1: scene, scene, cutout })
    await w.settle()
    expect((await readdir(dir)).sort()).toEqual(['cutout.png', 'scene.png', 'step1.png'])
    // Only the API's own images are announced; the kept ones are files of the job.
    expect(images).toEqual(['step1'])
    const s = await sharp(join(dir, 'scene.png')).metadata()
    expect([s.width, s.height, s.channels]).toEqual([64, 48, 3])
    const c = await sharp(join(dir, 'cutout.png')).raw().toBuffer({ resolveWithObject: true })
    expect(c.info.channels).toBe(4)
    expect(c.data[3]).toBe(255)
    expect(c.data[(29 * 20) * 4 + 3]).toBe(0)
  })
})
