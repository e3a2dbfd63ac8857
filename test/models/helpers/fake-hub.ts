/**
 * A local stand-in for the Hugging Face Hub on 127.0.0.1: the listing API with sizes and hashes,
 * /resolve/ URLs that redirect large (LFS) files to a separate "CDN" server with X-Linked-Etag,
 * HTTP Range, and faults on demand (cut connections, corrupt bytes, slow bodies, 404s, gated repos).
 */
import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeRepo {
  commit: string
  files: Map<string, Buffer>
  /** Paths served as LFS files (redirected, sha256 in the listing). */
  lfs?: Set<string>
  gated?: boolean
}

export interface RequestLog {
  server: 'hub' | 'cdn'
  path: string
  range: string | null
  auth: string | null
}

export interface Faults {
  /** path → cut the connection after this many body bytes (once per entry). */
  cutAfter: Map<string, number>
  /** paths served with one flipped byte. */
  corrupt: Set<string>
  /** Milliseconds between 4 KB chunks (for cancel tests); 0 = no delay. */
  slowMs: number
  /** Tokens that accepted gated terms. */
  acceptedTokens: Set<string>
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')
const gitBlob = (b: Buffer) => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex')

export class FakeHub {
  readonly repos = new Map<string, FakeRepo>()
  readonly log: RequestLog[] = []
  readonly faults: Faults = { cutAfter: new Map(), corrupt: new Set(), slowMs: 0, acceptedTokens: new Set() }
  private hub!: Server
  private cdn!: Server
  hubUrl = ''
  private cdnUrl = ''

  async start(): Promise<this> {
    this.hub = createServer((req, res) => void this.onHub(req, res))
    this.cdn = createServer((req, res) => void this.onCdn(req, res))
    await Promise.all([this.hub, this.cdn].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))))
    this.hubUrl = `http://127.0.0.1:${(this.hub.address() as AddressInfo).port}`
    this.cdnUrl = `http://127.0.0.1:${(this.cdn.address() as AddressInfo).port}`
    return this
  }

  async stop(): Promise<void> {
    for (const s of [this.hub, this.cdn]) {
      s.closeAllConnections()
      await new Promise((r) => s.close(r))
    }
  }

  private note(server: 'hub' | 'cdn', req: IncomingMessage): void {
    this.log.push({ server, path: decodeURIComponent(req.url ?? ''), range: req.headers.range ?? null, auth: req.headers.authorization ?? null })
  }

  /** Gated/missing checks shared by the API and file routes; true when it answered. */
  private refuse(req: IncomingMessage, res: ServerResponse, repoName: string, repo: FakeRepo | undefined): boolean {
    if (!repo) {
      res.writeHead(404, { 'x-error-code': 'RepoNotFound', 'x-error-message': 'Repository not found' }).end('not found')
      return true
    }
    if (repo.gated) {
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '')
      if (!token) {
        res.writeHead(401, { 'x-error-code': 'GatedRepo', 'x-error-message': `Access to model ${repoName} is restricted.` }).end()
        return true
      }
      if (!this.faults.acceptedTokens.has(token)) {
        res.writeHead(403, { 'x-error-code': 'GatedRepo', 'x-error-message': `Access to model ${repoName} is restricted and you are not in the authorized list.` }).end()
        return true
      }
    }
    return false
  }

  private async onHub(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.note('hub', req)
    const url = new URL(req.url ?? '/', this.hubUrl)
    const api = /^\/api\/models\/([^/]+\/[^/]+)\/revision\/([^/]+)$/.exec(url.pathname)
    if (api) {
      const repo = this.repos.get(api[1])
      if (this.refuse(req, res, api[1], repo)) return
      const siblings = [...repo!.files].map(([path, b]) =>
        repo!.lfs?.has(path) ? { rfilename: path, size: b.length, blobId: gitBlob(Buffer.from('pointer')), lfs: { sha256: sha256(b), size: b.length, pointerSize: 134 } } : { rfilename: path, size: b.length, blobId: gitBlob(b) },
      )
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: api[1], sha: repo!.commit, gated: repo!.gated ? 'manual' : false, siblings }))
      return
    }
    const file = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname)
    if (!file) return void res.writeHead(404).end()
    const repo = this.repos.get(file[1])
    if (this.refuse(req, res, file[1], repo)) return
    const path = decodeURIComponent(file[3])
    const body = repo!.files.get(path)
    if (!body || (file[2] !== repo!.commit && file[2] !== 'main')) return void res.writeHead(404, { 'x-error-code': body ? 'RevisionNotFound' : 'EntryNotFound' }).end()
    if (repo!.lfs?.has(path)) {
      res.writeHead(302, { location: `${this.cdnUrl}/blob/${file[1]}/${encodeURIComponent(path)}`, 'x-linked-etag': `"${sha256(body)}"`, 'x-linked-size': String(body.length) }).end()
      return
    }
    await this.serve(req, res, path, body)
  }

  private async onCdn(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.note('cdn', req)
    const m = /^\/blob\/([^/]+\/[^/]+)\/(.+)$/.exec(new URL(req.url ?? '/', this.cdnUrl).pathname)
    const path = m ? decodeURIComponent(m[2]) : ''
    const body = m ? this.repos.get(m[1])?.files.get(path) : undefined
    if (!body) return void res.writeHead(404).end()
    await this.serve(req, res, path, body)
  }

  private async serve(req: IncomingMessage, res: ServerResponse, path: string, original: Buffer): Promise<void> {
    let body = original
    if (this.faults.corrupt.has(path)) {
      body = Buffer.from(original)
      body[body.length >> 1] ^= 0xff
    }
    let start = 0
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '')
    if (range) {
      start = Number(range[1])
      if (start >= body.length) return void res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end()
      res.writeHead(206, { 'content-length': body.length - start, 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` })
    } else res.writeHead(200, { 'content-length': body.length })
    const cut = this.faults.cutAfter.get(path)
    if (cut !== undefined) this.faults.cutAfter.delete(path)
    let sent = 0
    for (let o = start; o < body.length; o += 4096) {
      const chunk = body.subarray(o, Math.min(body.length, o + 4096, cut !== undefined ? start + cut : Infinity))
      if (!chunk.length || res.destroyed) break
      res.write(chunk)
      sent += chunk.length
      if (cut !== undefined && sent >= cut) {
        // Let the bytes leave, then drop the connection mid-body.
        await new Promise((r) => setTimeout(r, 20))
        res.socket?.destroy()
        return
      }
      if (this.faults.slowMs) await new Promise((r) => setTimeout(r, this.faults.slowMs))
    }
    res.end()
  }
}
