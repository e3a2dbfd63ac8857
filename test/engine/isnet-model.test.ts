import { copyFile, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ensureIsnetModel, imglyDistDir, verifyIsnetModel } from '../../src/main/engine/ml/isnet-model'

describe('ISNet model assembly from the npm package chunks', () => {
  it('assembles the small model once, with the size resources.json promises, and reuses it', async () => {
    const cache = await mkdtemp(join(tmpdir(), 'isnet-cache-'))
    const first = await ensureIsnetModel('isnet-small', cache)
    expect(first.assembled).toBe(true)
    expect((await stat(first.path)).size).toBe(44_342_436)
    expect(await verifyIsnetModel('isnet-small', first.path)).toBe(true)
    const second = await ensureIsnetModel('isnet-small', cache)
    expect(second).toEqual({ path: first.path, assembled: false })
    expect((await readdir(cache)).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })

  it('refuses a corrupt chunk and leaves no partial file', async () => {
    const dist = await mkdtemp(join(tmpdir(), 'isnet-dist-'))
    const real = imglyDistDir()
    const resources = JSON.parse(await readFile(join(real, 'resources.json'), 'utf8'))
    const chunks: { hash: string }[] = resources['/models/small'].chunks
    await writeFile(join(dist, 'resources.json'), JSON.stringify(resources))
    for (const c of chunks) await copyFile(join(real, c.hash), join(dist, c.hash))
    const victim = join(dist, chunks[3].hash)
    const bytes = await readFile(victim)
    bytes[1000] ^= 0xff
    await writeFile(victim, bytes)
    const cache = await mkdtemp(join(tmpdir(), 'isnet-cache-'))
    await expect(ensureIsnetModel('isnet-small', cache, dist)).rejects.toMatchObject({
      code: 'model_unavailable',
      message: expect.stringContaining('is corrupt'),
    })
    expect(await readdir(cache)).toEqual([])
  })
})
