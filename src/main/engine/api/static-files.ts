import { createReadStream } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import { extname, join, resolve, sep } from 'node:path'
import type { StaticHandler } from './api-server'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
}

/**
 * Serves the built editor (out/renderer) so a browser can open it from `adstudio serve` itself:
 * same origin as the API, so the API's origin check stays strict. Only files under `root`, after
 * decoding and resolving symlinks; anything else is left to the API (which answers 404 or 401).
 */
export function staticFilesFrom(root: string): StaticHandler {
  const base = resolve(root)
  return async (_req, res, path) => {
    let rel: string
    try {
      rel = decodeURIComponent(path)
    } catch {
      return false
    }
    if (rel.includes('\0') || rel.includes('\\')) return false
    if (rel === '/' || rel === '') rel = '/index.html'
    const wanted = resolve(join(base, rel))
    if (wanted !== base && !wanted.startsWith(base + sep)) return false
    const type = TYPES[extname(wanted).toLowerCase()]
    if (!type) return false
    try {
      const real = await realpath(wanted)
      const realBase = await realpath(base)
      if (!real.startsWith(realBase + sep)) return false
      const st = await stat(real)
      if (!st.isFile()) return false
      res.writeHead(200, {
        'Content-Type': type,
        'Content-Length': st.size,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': rel === '/index.html' ? 'no-cache' : 'public, max-age=3600',
      })
      if (_req.method === 'HEAD') res.end()
      else createReadStream(real).pipe(res)
      return true
    } catch {
      return false
    }
  }
}
