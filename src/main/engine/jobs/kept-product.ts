import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { extname, join } from 'node:path'
import type { JobService } from './job-service'

export interface KeptProduct {
  /** The file in the job's inputs/ folder. */
  path: string
  /** Its extension without the dot (jpg, png, ...), from the name the engine gave it. */
  ext: string
  sha256: string
}

/**
 * The product photo a job keeps in `<job>/inputs/product.<ext>`, or null when it has none (a
 * background-only job, a re-run submitted without one, or a folder that lost the file). Folders
 * written before the hash was recorded get it computed here, once, and saved.
 */
export async function keptProduct(jobs: JobService, jobId: string): Promise<KeptProduct | null> {
  const j = jobs.get(jobId)
  if (!j) return null
  let file = j.stored.inputs.product
  if (!file) {
    // Older or damaged folders: look for inputs/product.<ext> itself.
    const names = await readdir(join(jobs.store.dir(jobId), 'inputs')).catch(() => [] as string[])
    file = names.find((n) => /^product\.[a-z0-9]{1,5}$/.test(n)) ?? null
  }
  if (!file) return null
  const path = jobs.store.inputPath(jobId, file)
  let sha256 = j.stored.product_sha256
  if (!sha256) {
    sha256 = await hashFile(path).catch(() => null)
    if (!sha256) return null // listed in status.json, gone from disk
    j.stored.product_sha256 = sha256
    if (!j.stored.damaged) void jobs.store.saveStatus(j.stored)
  }
  return { path, ext: extname(file).slice(1), sha256 }
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256')
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')))
  })
}
