import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' }

/**
 * The built renderer on one origin with the engine's API, as the browser needs (the API refuses
 * other origins): files from out/renderer, every other path passed through to the engine with the
 * engine's own Host. Stands in until `adstudio serve` can serve the UI itself.
 */
export async function startUiServer(rendererDir: string, engineUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const engine = new URL(engineUrl)
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    const file = normalize(join(rendererDir, path === '/' ? 'index.html' : path))
    if (req.method === 'GET' && file.startsWith(rendererDir + sep) && existsSync(file) && statSync(file).isFile()) {
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' })
      createReadStream(file).pipe(res)
      return
    }
    const headers = { ...req.headers, host: engine.host }
    delete headers.origin
    const up = request({ host: engine.hostname, port: engine.port, method: req.method, path: req.url, headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers)
      r.pipe(res)
    })
    up.on('error', () => (res.headersSent ? res.destroy() : (res.writeHead(502), res.end())))
    req.pipe(up)
    res.on('close', () => up.destroy())
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}
