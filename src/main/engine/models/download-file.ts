/**
 * One file, resumably: bytes go to `<dest>.part`, a cut connection resumes with an HTTP Range
 * request (also across app restarts), the SHA-256 is computed as the bytes are written, and only a
 * verified file is renamed into place (atomic on one volume). A cancel keeps the .part for later.
 */
import { createHash, type Hash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, open, rename, rm, stat, truncate } from 'node:fs/promises'
import { dirname } from 'node:path'
import { EngineError } from '../errors'
import { httpGet } from './http-get'

export interface FileJob {
  url: string
  headers: Record<string, string>
  dest: string
  /** Expected size and hashes when known (from the listing or the catalogue). */
  size: number | null
  sha256: string | null
  gitBlobId: string | null
  /** What to call the file in messages. */
  label: string
}

export interface DownloadOptions {
  signal?: AbortSignal
  onBytes?: (delta: number) => void
  /** Resumes after a failure before giving up. */
  retries?: number
  retryDelayMs?: number
  idleTimeoutMs?: number
  /** Turns an HTTP failure into a user-facing error (401/403/404/gated). */
  httpError?: (status: number, headers: import('node:http').IncomingHttpHeaders) => EngineError
}

export interface DownloadResult {
  size: number
  sha256: string
  resumedFrom: number
  attempts: number
}

async function hashFile(path: string, h: Hash): Promise<void> {
  for await (const c of createReadStream(path)) h.update(c as Buffer)
}

async function gitBlobSha1(path: string, size: number): Promise<string> {
  const h = createHash('sha1').update(`blob ${size}\0`)
  await hashFile(path, h)
  return h.digest('hex')
}

const unquote = (v: unknown) => (typeof v === 'string' ? v.replace(/^W\//, '').replace(/"/g, '') : null)

export async function downloadFile(job: FileJob, o: DownloadOptions = {}): Promise<DownloadResult> {
  const part = `${job.dest}.part`
  await mkdir(dirname(job.dest), { recursive: true })
  let have = (await stat(part).catch(() => null))?.size ?? 0
  if (job.size !== null && have > job.size) {
    await truncate(part, 0)
    have = 0
  }
  const resumedFrom = have
  let expectedSize = job.size
  let expectedSha = job.sha256
  let hash = createHash('sha256')
  if (have > 0) await hashFile(part, hash)
  const retries = o.retries ?? 5
  let attempts = 0
  for (;;) {
    attempts++
    if (o.signal?.aborted) throw stopped(job, have)
    try {
      if (expectedSize !== null && have === expectedSize) break
      const res = await httpGet(job.url, { headers: { ...job.headers, ...(have > 0 ? { range: `bytes=${have}-` } : {}) }, signal: o.signal, idleTimeoutMs: o.idleTimeoutMs })
      const linked = unquote(res.firstHeaders['x-linked-etag'])
      if (!expectedSha && linked && /^[0-9a-f]{64}$/.test(linked)) expectedSha = linked
      const linkedSize = Number(res.firstHeaders['x-linked-size'])
      if (expectedSize === null && Number.isFinite(linkedSize) && linkedSize > 0) expectedSize = linkedSize
      if (res.status === 416) {
        res.body.resume()
        // Range past the end: the part is complete if the size agrees, else start over.
        if (expectedSize !== null && have === expectedSize) break
        await truncate(part, 0)
        have = 0
        hash = createHash('sha256')
        continue
      }
      if (res.status !== 200 && res.status !== 206) {
        res.body.resume()
        if (res.status >= 500 || res.status === 429) throw new Error(`HTTP ${res.status}`)
        throw o.httpError?.(res.status, res.firstHeaders) ?? new EngineError('model_unavailable', `${job.label}: HTTP ${res.status}`)
      }
      const range = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(String(res.headers['content-range'] ?? ''))
      if (res.status === 200 || !range || Number(range[1]) !== have) {
        // The server sent the whole file (or another range): start the part over.
        have = 0
        hash = createHash('sha256')
        await truncate(part, 0).catch(() => undefined)
      }
      if (expectedSize === null) {
        const total = range && range[2] !== '*' ? Number(range[2]) : res.status === 200 ? Number(res.headers['content-length']) : NaN
        if (Number.isFinite(total)) expectedSize = total
      }
      const fh = await open(part, have > 0 ? 'a' : 'w')
      try {
        // Each chunk is hashed only after it is written, so hash and file never disagree on a cut.
        for await (const chunk of res.body) {
          const b = chunk as Buffer
          await fh.write(b)
          hash.update(b)
          have += b.length
          o.onBytes?.(b.length)
        }
        await fh.sync()
      } finally {
        await fh.close()
      }
      if (expectedSize !== null && have < expectedSize) throw new Error(`connection closed at ${have} of ${expectedSize} bytes`)
      break
    } catch (e) {
      if (o.signal?.aborted) throw stopped(job, have)
      if (e instanceof EngineError) throw e
      if (attempts > retries)
        throw new EngineError('model_unavailable', `${job.label}: download failed after ${attempts} attempts (${e instanceof Error ? e.message : String(e)}); run pull again to resume`)
      // Re-read how much actually reached the disk; the hash is rebuilt if it disagrees.
      const onDisk = (await stat(part).catch(() => null))?.size ?? 0
      if (onDisk !== have) {
        have = onDisk
        hash = createHash('sha256')
        if (have > 0) await hashFile(part, hash)
      }
      await new Promise((r) => setTimeout(r, (o.retryDelayMs ?? 500) * 2 ** Math.min(attempts - 1, 5)))
    }
  }
  const sha256 = hash.digest('hex')
  if (expectedSize !== null && have !== expectedSize) return corrupt(job, part, `${have} bytes, expected ${expectedSize}`)
  if (expectedSha && sha256 !== expectedSha) return corrupt(job, part, `SHA-256 ${sha256.slice(0, 12)}…, expected ${expectedSha.slice(0, 12)}…`)
  if (!expectedSha && job.gitBlobId) {
    const blob = await gitBlobSha1(part, have)
    if (blob !== job.gitBlobId) return corrupt(job, part, `git blob ${blob.slice(0, 12)}…, expected ${job.gitBlobId.slice(0, 12)}…`)
  }
  await rename(part, job.dest)
  return { size: have, sha256, resumedFrom, attempts }
}

function stopped(job: FileJob, have: number): EngineError {
  return new EngineError('stopped', `download of ${job.label} cancelled; ${(have / 1e6).toFixed(1)} MB kept, pull again to resume`)
}

async function corrupt(job: FileJob, part: string, why: string): Promise<never> {
  await rm(part, { force: true })
  throw new EngineError('model_unavailable', `${job.label} arrived corrupt (${why}); the partial file was deleted, pull again to retry`)
}
