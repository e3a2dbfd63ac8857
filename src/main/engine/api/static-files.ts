import { open, realpath } from 'node:fs/promises'
import { extname, join, resolve, sep } from 'node:path'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { ApiError } from './http-util'

/**
 * Serves files for GET/HEAD paths that are not API routes. Called before the token check, since a
 * page must load before it can know the token: it must serve public static assets only. Answers
 * true when it handled the request.
 */
export type StaticHandler = (request: FastifyRequest, reply: FastifyReply, path: string) => Promise<boolean>

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

/** Errors that mean "no such file here": the request goes on to the API (404 or 401). */
const ABSENT = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'EACCES', 'EPERM', 'ELOOP', 'ENAMETOOLONG'])

/**
 * Serves the built editor (out/renderer) so a browser can open it from `adstudio serve` itself:
 * same origin as the API, so the API's origin check stays strict. Only files under `root`, after
 * decoding and resolving symlinks; anything else is left to the API (which answers 404 or 401).
 * The file is opened first and its size taken from the open handle, so a file that changes or
 * cannot be read between the checks and the read is answered, never a crash (Fastify streams it
 * and destroys the connection if a read fails midway).
 */
export function staticFilesFrom(root: string): StaticHandler {
  const base = resolve(root)
  return async (request, reply, path) => {
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
    let real: string
    try {
      real = await realpath(wanted)
      if (!real.startsWith((await realpath(base)) + sep)) return false
    } catch {
      return false
    }
    const file = await open(real, 'r').catch((e: NodeJS.ErrnoException) => {
      if (ABSENT.has(e.code ?? '')) return null
      throw new ApiError(503, 'file_unavailable', `${rel.slice(0, 200)} could not be opened (${e.code ?? e.message}); try again`, undefined, { 'Retry-After': '1' })
    })
    if (!file) return false
    try {
      const st = await file.stat()
      if (!st.isFile()) {
        await file.close()
        return false
      }
      reply.code(200).headers({
        'Content-Type': type,
        'Content-Length': String(st.size),
        'Cache-Control': rel === '/index.html' ? 'no-cache' : 'public, max-age=3600',
      })
      if (request.method === 'HEAD' || st.size === 0) {
        await file.close()
        reply.send()
      } else {
        // only the bytes fstat counted, so a file that grows meanwhile still matches Content-Length
        reply.send(file.createReadStream({ end: st.size - 1 }))
      }
      return true
    } catch (e) {
      await file.close().catch(() => undefined)
      throw e
    }
  }
}
