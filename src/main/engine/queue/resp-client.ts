import { connect, type Socket } from 'node:net'
import { createBunRedisClient, RedisConnection } from 'bullmq'
import type { RedisTarget } from './redis-url'

type Reply = string | number | null | Error | Reply[]

/**
 * A small Redis client (RESP2 over TCP, commands pipelined in order) in the shape BullMQ's adapter
 * for Bun's RedisClient drives: `connect()`, `send(command, args)`, `connected`, `close()`,
 * `duplicate()`, and `onconnect`/`onclose` callbacks. BullMQ 6 made ioredis an optional peer
 * dependency and this project does not ship it; BullMQ's adapter does the rest (scripts, blocking
 * pops, transactions, reconnecting with backoff after an unexpected close).
 */
export class RespClient {
  connected = false
  onconnect: (() => void) | null = null
  onclose: ((error?: Error) => void) | null = null
  onerror: ((error: Error) => void) | null = null
  private socket: Socket | null = null
  private pending: { resolve: (r: unknown) => void; reject: (e: Error) => void }[] = []
  private buf: Buffer = Buffer.alloc(0)
  private closedByUs = false

  constructor(readonly target: RedisTarget) {}

  /** BullMQ's adapter reads this only to rebuild a client; duplicate() is used instead. */
  get url(): string {
    return this.target.display
  }

  connect(): Promise<void> {
    if (this.connected) return Promise.resolve()
    this.closedByUs = false
    return new Promise<void>((resolve, reject) => {
      const s = connect({ host: this.target.host, port: this.target.port })
      s.setNoDelay(true)
      this.socket = s
      let up = false
      s.on('data', (chunk: Buffer) => this.receive(chunk))
      s.on('error', (e) => {
        if (!up) reject(e)
        this.onerror?.(e)
      })
      s.on('close', () => {
        const was = this.connected
        this.connected = false
        this.socket = null
        this.buf = Buffer.alloc(0)
        const err = new Error('Connection closed')
        for (const p of this.pending.splice(0)) p.reject(err)
        if (up && (was || !this.closedByUs)) this.onclose?.(this.closedByUs ? undefined : err)
        if (!up) reject(new Error(`Connection has failed (${this.target.display})`))
      })
      s.on('connect', async () => {
        try {
          const auth = this.target.password ? (this.target.username ? [this.target.username, this.target.password] : [this.target.password]) : null
          if (auth) await this.raw('AUTH', auth)
          if (this.target.db) await this.raw('SELECT', [String(this.target.db)])
        } catch (e) {
          s.destroy()
          reject(e as Error)
          return
        }
        up = true
        this.connected = true
        resolve()
        this.onconnect?.()
      })
    })
  }

  send(command: string, args: unknown[] = []): Promise<unknown> {
    if (!this.connected || !this.socket) return Promise.reject(new Error('Connection is closed.'))
    return this.raw(command, args)
  }

  close(): void {
    this.closedByUs = true
    this.socket?.destroy()
  }

  /** BullMQ recognises a client instance by connect/disconnect/duplicate. */
  disconnect(): void {
    this.close()
  }

  async duplicate(): Promise<RespClient> {
    return new RespClient(this.target)
  }

  private raw(command: string, args: unknown[]): Promise<unknown> {
    const parts = [command, ...args].map((a) => (Buffer.isBuffer(a) ? a : a instanceof Uint8Array ? Buffer.from(a) : Buffer.from(String(a))))
    const frame: Buffer[] = [Buffer.from(`*${parts.length}\r\n`)]
    for (const p of parts) frame.push(Buffer.from(`$${p.length}\r\n`), p, CRLF)
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject })
      this.socket!.write(Buffer.concat(frame))
    })
  }

  private receive(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk
    for (;;) {
      const r = parseReply(this.buf, 0)
      if (!r) return
      this.buf = this.buf.subarray(r.end)
      const p = this.pending.shift()
      if (!p) continue
      if (r.value instanceof Error) p.reject(r.value)
      else p.resolve(r.value)
    }
  }
}

const CRLF = Buffer.from('\r\n')

/** One RESP2 reply from `at`, or null while it is incomplete. Errors inside arrays stay values. */
export function parseReply(b: Buffer, at: number): { value: Reply; end: number } | null {
  const eol = b.indexOf(CRLF, at)
  if (eol < 0) return null
  const type = String.fromCharCode(b[at])
  const line = b.toString('utf8', at + 1, eol)
  const next = eol + 2
  switch (type) {
    case '+':
      return { value: line, end: next }
    case '-':
      return { value: new Error(line), end: next }
    case ':':
      return { value: Number(line), end: next }
    case '$': {
      const n = Number(line)
      if (n < 0) return { value: null, end: next }
      if (b.length < next + n + 2) return null
      return { value: b.toString('utf8', next, next + n), end: next + n + 2 }
    }
    case '*': {
      const n = Number(line)
      if (n < 0) return { value: null, end: next }
      const items: Reply[] = []
      let pos = next
      for (let i = 0; i < n; i++) {
        const r = parseReply(b, pos)
        if (!r) return null
        items.push(r.value)
        pos = r.end
      }
      return { value: items, end: pos }
    }
    default:
      throw new Error(`Redis protocol: unexpected reply type "${type}"`)
  }
}

/**
 * Makes BullMQ open every connection of this process with RespClient (through its adapter for
 * Bun's client), from the plain options this returns for the `connection` option.
 */
export function bullConnection(t: RedisTarget): { host: string; port: number; db: number; password?: string; username?: string } {
  RedisConnection.clientFactory = (o) =>
    createBunRedisClient(new RespClient({ ...t, host: o.host ?? t.host, port: o.port ?? t.port, db: o.db ?? t.db }) as never) as never
  return { host: t.host, port: t.port, db: t.db, ...(t.password ? { password: t.password } : {}), ...(t.username ? { username: t.username } : {}) }
}
