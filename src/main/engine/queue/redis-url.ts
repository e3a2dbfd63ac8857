import { connect } from 'node:net'

/** Where the queue lives: what `--queue redis://host:port[/db]` names. */
export interface RedisTarget {
  host: string
  port: number
  db: number
  password?: string
  username?: string
  /** The URL as given, without its password, for messages. */
  display: string
}

/** Parses `redis://[user:password@]host[:port][/db]`; returns a message naming the rule on error. */
export function parseRedisUrl(text: string): RedisTarget | { problem: string } {
  let u: URL
  try {
    u = new URL(text)
  } catch {
    return { problem: `must be a URL like redis://127.0.0.1:6379/0 (got "${text.slice(0, 200)}")` }
  }
  if (u.protocol !== 'redis:') return { problem: `must start with redis:// (got "${u.protocol}//"; TLS is not supported)` }
  if (!u.hostname) return { problem: 'must name a host, as in redis://127.0.0.1:6379' }
  const port = u.port ? Number(u.port) : 6379
  const path = u.pathname.replace(/^\//, '')
  if (path !== '' && !/^\d{1,2}$/.test(path)) return { problem: `the database after the "/" must be a number from 0 to 15 (got "${path.slice(0, 50)}")` }
  const db = path === '' ? 0 : Number(path)
  if (db > 15) return { problem: `the database must be a number from 0 to 15 (got ${db})` }
  const host = u.hostname.replace(/^\[|\]$/g, '')
  const auth = u.password ? { password: decodeURIComponent(u.password), ...(u.username ? { username: decodeURIComponent(u.username) } : {}) } : {}
  return { host, port, db, ...auth, display: `redis://${u.hostname}:${port}/${db}` }
}

/**
 * One PING over a plain socket with a deadline, before BullMQ (whose client retries forever) is
 * started: so `serve --queue` and `worker` fail at once with a clear message when Redis is not there.
 * Resolves with the server's version, or a problem.
 */
export function probeRedis(t: RedisTarget, timeoutMs = 3000): Promise<{ ok: true; version: string } | { ok: false; problem: string }> {
  return new Promise((resolve) => {
    const socket = connect({ host: t.host, port: t.port })
    let buf = ''
    let settled = false
    const finish = (r: { ok: true; version: string } | { ok: false; problem: string }) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      resolve(r)
    }
    const timer = setTimeout(() => finish({ ok: false, problem: `no answer from ${t.display} within ${timeoutMs / 1000} s` }), timeoutMs)
    socket.setEncoding('utf8')
    socket.on('error', (e: NodeJS.ErrnoException) => finish({ ok: false, problem: `cannot reach Redis at ${t.display}: ${e.code ?? e.message}` }))
    socket.on('connect', () => {
      const cmds: string[][] = []
      if (t.password) cmds.push(t.username ? ['AUTH', t.username, t.password] : ['AUTH', t.password])
      cmds.push(['SELECT', String(t.db)], ['INFO', 'server'])
      socket.write(cmds.map(resp).join(''))
    })
    socket.on('data', (chunk: string) => {
      buf += chunk
      const err = /^-(.*)\r\n/m.exec(buf)
      if (err) return finish({ ok: false, problem: `Redis at ${t.display} refused: ${err[1]}` })
      // INFO answers with one bulk string: `$<length>\r\n<text>\r\n`
      const bulk = /\$(\d+)\r\n/.exec(buf)
      if (!bulk) return
      const start = bulk.index + bulk[0].length
      if (Buffer.byteLength(buf.slice(start)) < Number(bulk[1])) return
      finish({ ok: true, version: /redis_version:([^\r\n]+)/.exec(buf)?.[1] ?? 'unknown' })
    })
  })
}

function resp(args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`
}
