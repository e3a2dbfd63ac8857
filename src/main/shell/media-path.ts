import { realpath } from 'node:fs/promises'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { fontNameProblem } from '../../shared/font-name'
import { JOB_IMAGES, sampleFileName } from '../../shared/job-status'
import { LIMITS } from '../../shared/limits'

/**
 * What an `app-media://` URL may name, decided from the URL alone (no disk access), so every rule
 * is unit-tested: job images as `app-media://job/<uuid>/<step1|mask|step2|final>.png` and scene
 * variations as `app-media://job/<uuid>/step1_sample_<1-8>.png` inside the jobs folder, the product
 * photo a job keeps as `app-media://job/<uuid>/product`, fonts as
 * `app-media://font/<font_name>`. Anything else — `..`, `.`, absolute paths,
 * drive letters, backslashes, NUL, encoded separators, unknown hosts or image names — is refused.
 * The protocol handler then re-checks the real path (symlinks) with `isInsideRoot`.
 */

export type MediaTarget =
  | { kind: 'job-image'; jobId: string; path: string; root: string }
  /** The product photo a job keeps: `path` is its inputs/ folder, where the handler finds product.<ext>. */
  | { kind: 'job-product'; jobId: string; path: string; root: string }
  | { kind: 'font'; name: string }
export type MediaCheck = { ok: true; target: MediaTarget } | { ok: false; reason: string }

export const MEDIA_SCHEME = 'app-media'
const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const IMAGE_FILES = new Set([...JOB_IMAGES.map((n) => `${n}.png`), ...Array.from({ length: LIMITS.maxSamples }, (_, i) => sampleFileName(i + 1))])

const refuse = (reason: string): MediaCheck => ({ ok: false, reason })

/** Splits a URL path into decoded segments, refusing anything that could climb or jump roots. */
export function safeSegments(pathname: string): string[] | string {
  if (/%(2f|5c|00)/i.test(pathname)) return 'encoded separators or NUL are not allowed'
  const raw = pathname.split('/').filter((s, i) => !(i === 0 && s === ''))
  const out: string[] = []
  for (const seg of raw) {
    let s: string
    try {
      s = decodeURIComponent(seg)
    } catch {
      return 'malformed escape'
    }
    if (s === '' || s === '.' || s === '..') return "empty, '.' or '..' segment"
    if (s.includes('\\') || s.includes('\0') || s.includes('/')) return 'backslash, NUL or slash inside a segment'
    if (/^[a-zA-Z]:/.test(s)) return 'drive letter'
    out.push(s)
  }
  return out
}

export function checkMediaUrl(url: string, jobsRoot: string): MediaCheck {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return refuse('not a URL')
  }
  if (u.protocol !== `${MEDIA_SCHEME}:`) return refuse(`scheme ${u.protocol} is not ${MEDIA_SCHEME}:`)
  if (u.search || u.username || u.password || u.port) return refuse('query, credentials and ports are not allowed')
  const segs = safeSegments(u.pathname)
  if (typeof segs === 'string') return refuse(segs)

  if (u.hostname === 'job') {
    if (segs.length !== 2) return refuse('expected job/<id>/<image>.png')
    const [jobId, file] = segs
    if (!JOB_ID.test(jobId)) return refuse('not a job id')
    if (file === 'product') {
      const root = resolve(jobsRoot)
      return { ok: true, target: { kind: 'job-product', jobId, path: join(root, jobId, 'inputs'), root } }
    }
    if (!IMAGE_FILES.has(file)) return refuse(`not a job image (${JOB_IMAGES.join(', ')} or step1_sample_1..${LIMITS.maxSamples}, .png)`)
    const root = resolve(jobsRoot)
    const path = join(root, jobId, file)
    if (!isInsideRoot(path, root)) return refuse('outside the jobs folder')
    return { ok: true, target: { kind: 'job-image', jobId, path, root } }
  }
  if (u.hostname === 'font') {
    const name = segs.join('/')
    const problem = fontNameProblem(name)
    if (problem) return refuse(`font name ${problem}`)
    return { ok: true, target: { kind: 'font', name } }
  }
  return refuse(`unknown media host "${u.hostname}"`)
}

/** True when `child` is `root` itself or below it (both resolved; compare real paths for symlinks). */
export function isInsideRoot(child: string, root: string): boolean {
  const rel = relative(resolve(root), resolve(child))
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))
}

/**
 * The file a checked job-image target really is: symlinks are followed, and refused (null) unless
 * the real file still lies inside the real jobs folder. Missing files throw ENOENT.
 */
export async function realJobImagePath(target: { path: string; root: string }): Promise<string | null> {
  const file = await realpath(target.path)
  return isInsideRoot(file, await realpath(target.root)) ? file : null
}
