import { readdir, readFile } from 'node:fs/promises'
import { extname, join } from 'node:path'
import { protocol } from 'electron'
import { checkMediaUrl, MEDIA_SCHEME, realJobImagePath } from './media-path'

/**
 * app-media:// — job images from the data folder and font files for previews, nothing else. Must be
 * registered as privileged before the app is ready (registerMediaScheme) so fetch() and <img> work
 * on it; the handler itself after ready (handleMediaProtocol).
 */
export function registerMediaScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true } }])
}

const TYPES: Record<string, string> = {
  // The product photo a job keeps is in the format it was given in.
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
  '.tif': 'image/tiff',
  '.heic': 'image/heif',
  '.png': 'image/png', '.ttf': 'font/ttf', '.otf': 'font/otf', '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttc': 'font/collection' }
/**
 * The page (file://) reads these with fetch() and FontFace, which are CORS requests. The scheme
 * exists only inside this app's session, so no web page can reach it whatever this header says.
 */
const HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache', 'Access-Control-Allow-Origin': '*' }

const answer = (status: number, text: string) => new Response(text, { status, headers: { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } })

export interface MediaRoots {
  jobsRoot: () => string
  /** The font file a font_name resolves to (the engine's resolver, which keeps to its font roots). */
  resolveFont: (name: string) => Promise<string | null>
  log: (message: string) => void
}

export function handleMediaProtocol(roots: MediaRoots): void {
  protocol.handle(MEDIA_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, 'read-only')
    const checked = checkMediaUrl(request.url, roots.jobsRoot())
    if (!checked.ok) {
      roots.log(`app-media refused ${request.url.slice(0, 200)}: ${checked.reason}`)
      return answer(403, 'refused')
    }
    try {
      const t = checked.target
      let file: string
      if (t.kind === 'job-product') {
        const name = (await readdir(t.path).catch(() => [] as string[])).find((n) => /^product\.[a-z0-9]{1,5}$/.test(n))
        if (!name) return answer(404, 'not found')
        const real = await realJobImagePath({ path: join(t.path, name), root: t.root })
        if (!real) return answer(403, 'refused')
        file = real
      } else if (t.kind === 'job-image') {
        // Symlinks are followed only if they still land inside the jobs folder.
        const real = await realJobImagePath(t)
        if (!real) return answer(403, 'refused')
        file = real
      } else {
        const resolved = await roots.resolveFont(t.name)
        if (!resolved) return answer(404, 'no such font')
        file = resolved
      }
      const type = TYPES[extname(file).toLowerCase()]
      if (!type) return answer(403, 'refused')
      const bytes = await readFile(file)
      return new Response(request.method === 'HEAD' ? null : bytes, { status: 200, headers: { ...HEADERS, 'Content-Type': type, 'Content-Length': String(bytes.byteLength) } })
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      return code === 'ENOENT' ? answer(404, 'not found') : answer(500, 'could not read')
    }
  })
}
