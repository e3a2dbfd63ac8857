/**
 * ISNet's raw probability for a photo, kept on disk between test runs (keyed by the model and the
 * photo's pixels), so the scored set costs one inference per image once per machine, not per run.
 * The crop pass of small products goes through the same cache.
 */
import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Mask, RgbaImage } from '../../../src/main/engine/image/raster'
import type { EngineContext } from '../../../src/main/engine/pipeline/engine-context'

export const PROB_CACHE_DIR = join(tmpdir(), 'adstudio-test-cache', 'raw-prob')

export interface CountingSegmenter {
  segment(photo: RgbaImage): Promise<Mask>
  /** Inferences actually run (cache misses). */
  runs: number
}

export function cachedSegmenter(ctx: EngineContext, model: string): CountingSegmenter {
  const self: CountingSegmenter = {
    runs: 0,
    async segment(photo: RgbaImage): Promise<Mask> {
      const key = createHash('sha256').update(`${model}:${photo.width}x${photo.height}:`).update(photo.data).digest('hex').slice(0, 32)
      const file = join(PROB_CACHE_DIR, `${key}.u16`)
      const n = photo.width * photo.height
      const hit = await readFile(file).catch(() => null)
      if (hit && hit.length === n * 2) {
        const u16 = new Uint16Array(hit.buffer, hit.byteOffset, n)
        const data = new Float32Array(n)
        for (let i = 0; i < n; i++) data[i] = u16[i] / 65535
        return { width: photo.width, height: photo.height, data }
      }
      self.runs++
      const prob = await (await ctx.segmenter(model)).segment(photo)
      const u16 = new Uint16Array(n)
      for (let i = 0; i < n; i++) u16[i] = Math.round(Math.min(1, Math.max(0, prob.data[i])) * 65535)
      await mkdir(PROB_CACHE_DIR, { recursive: true })
      const tmp = `${file}.${process.pid}.tmp`
      await writeFile(tmp, u16)
      await rename(tmp, file)
      // The caller sees exactly what a later cache hit returns.
      const data = new Float32Array(n)
      for (let i = 0; i < n; i++) data[i] = u16[i] / 65535
      return { width: photo.width, height: photo.height, data }
    },
  }
  return self
}
