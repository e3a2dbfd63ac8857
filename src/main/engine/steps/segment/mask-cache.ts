/**
 * The product's mask belongs to the photo, not to one job: computed once per photo and model and
 * kept on disk (8-bit grey PNG at the photo's size) in the cache folder, so "New background",
 * another size or seed, a batch re-run and the next app start all skip segmentation. Shared by
 * processes: entries are written to a temporary name and renamed, readers see whole files only.
 * Bounded in size: the least recently used entries go first (a hit refreshes its time).
 */
import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import type { Mask } from '../../image/raster'

/**
 * Part of every key: a change to the refinement that changes masks bumps it, so masks made by an
 * older pipeline are never served (they age out of the cache).
 */
export const MASK_PIPELINE_VERSION = 'r2'

/** 256 MB: ~2000 masks of 12 MP photos (a mask PNG compresses to a few dozen KB to ~1 MB). */
export const DEFAULT_MASK_CACHE_BYTES = 256 * 1024 * 1024

export class MaskCache {
  constructor(
    readonly dir: string,
    readonly maxBytes: number = DEFAULT_MASK_CACHE_BYTES,
  ) {}

  /** The key: the photo file's bytes, the model id and the pipeline version. */
  static key(photoBytes: Uint8Array, model: string): string {
    const digest = createHash('sha256').update(photoBytes).digest('hex').slice(0, 40)
    return `${digest}-${model.replace(/[^a-z0-9._-]/gi, '_')}-${MASK_PIPELINE_VERSION}`
  }

  private path(key: string): string {
    return join(this.dir, `${key}.png`)
  }

  /** The kept mask, or null (absent, of another size, or unreadable: then it is recomputed). */
  async get(key: string, width: number, height: number): Promise<Mask | null> {
    const file = this.path(key)
    const bytes = await readFile(file).catch(() => null)
    if (!bytes) return null
    try {
      const { data, info } = await sharp(bytes).extractChannel(0).raw().toBuffer({ resolveWithObject: true })
      if (info.width !== width || info.height !== height) return null
      const out = new Float32Array(width * height)
      for (let i = 0; i < out.length; i++) out[i] = data[i] / 255
      const now = new Date()
      await utimes(file, now, now).catch(() => undefined)
      return { width, height, data: out }
    } catch {
      return null
    }
  }

  /** Stores the mask, then trims the cache to its bound. Failures are not the job's problem. */
  async put(key: string, mask: Mask): Promise<boolean> {
    try {
      await mkdir(this.dir, { recursive: true })
      const u8 = Buffer.from(Uint8Array.from(mask.data, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255)))
      const png = await sharp(u8, { raw: { width: mask.width, height: mask.height, channels: 1 } }).png({ compressionLevel: 3 }).toBuffer()
      const file = this.path(key)
      const tmp = `${file}.${process.pid}.${Date.now()}.tmp`
      await writeFile(tmp, png)
      await rename(tmp, file)
      await this.trim()
      return true
    } catch {
      return false
    }
  }

  /** Deletes the least recently used entries until the cache fits its bound. */
  async trim(): Promise<number> {
    const names = await readdir(this.dir).catch(() => [] as string[])
    const entries: { file: string; size: number; mtime: number }[] = []
    for (const name of names) {
      if (!name.endsWith('.png')) continue
      const file = join(this.dir, name)
      const s = await stat(file).catch(() => null)
      if (s) entries.push({ file, size: s.size, mtime: s.mtimeMs })
    }
    let total = entries.reduce((a, e) => a + e.size, 0)
    entries.sort((a, b) => a.mtime - b.mtime)
    let removed = 0
    for (const e of entries) {
      if (total <= this.maxBytes) break
      await rm(e.file, { force: true })
      total -= e.size
      removed++
    }
    return removed
  }
}
