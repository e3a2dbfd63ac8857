import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { redisServerBinary, startRedis, type TestRedis } from '../helpers/redis'
import { runCli } from '../helpers/run-cli'
import { parseRedisUrl, probeRedis } from '../../src/main/engine/queue/redis-url'
import { parseReply } from '../../src/main/engine/queue/resp-client'
import { startServer, type TestServer } from '../service/helpers/server'

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port
      s.close(() => resolve(p))
    })
  })
}

describe('redis:// URLs', () => {
  it('reads host, port and database; refuses other schemes and databases past 15', () => {
    expect(parseRedisUrl('redis://10.0.0.5:6380/2')).toMatchObject({ host: '10.0.0.5', port: 6380, db: 2, display: 'redis://10.0.0.5:6380/2' })
    expect(parseRedisUrl('redis://cache')).toMatchObject({ host: 'cache', port: 6379, db: 0 })
    expect(parseRedisUrl('redis://:s3cret@cache:7000/1')).toMatchObject({ password: 's3cret', display: 'redis://cache:7000/1' })
    expect(parseRedisUrl('http://cache:6379')).toEqual({ problem: expect.stringMatching(/must start with redis:\/\//) })
    expect(parseRedisUrl('redis://cache/16')).toEqual({ problem: expect.stringMatching(/from 0 to 15/) })
    expect(parseRedisUrl('redis://cache/x')).toEqual({ problem: expect.stringMatching(/must be a number/) })
  })

  it('a probe of a closed port says so at once', async () => {
    const port = await closedPort()
    const t0 = Date.now()
    const r = await probeRedis(parseRedisUrl(`redis://127.0.0.1:${port}`) as never)
    expect(r).toEqual({ ok: false, problem: `cannot reach Redis at redis://127.0.0.1:${port}/0: ECONNREFUSED` })
    expect(Date.now() - t0).toBeLessThan(3000)
  })
})

describe('RESP replies (the small Redis client BullMQ drives)', () => {
  it('reads strings, errors, integers, bulk strings and nested arrays; waits for incomplete ones', () => {
    const b = (s: string) => Buffer.from(s)
    expect(parseReply(b('+OK\r\n'), 0)).toEqual({ value: 'OK', end: 5 })
    expect((parseReply(b('-ERR wrong\r\n'), 0)!.value as Error).message).toBe('ERR wrong')
    expect(parseReply(b(':42\r\n'), 0)).toEqual({ value: 42, end: 5 })
    expect(parseReply(b('$-1\r\n'), 0)).toEqual({ value: null, end: 5 })
    // a bulk string holding CRLF and multi-byte text: its length is in bytes
    expect(parseReply(b('$6\r\na\r\n한\r\n'), 0)).toEqual({ value: 'a\r\n한', end: 12 })
    const nested = '*3\r\n:1\r\n*2\r\n$1\r\nx\r\n$-1\r\n-NOSCRIPT x\r\n'
    const r = parseReply(b(nested), 0)!
    expect(r.value).toEqual([1, ['x', null], expect.any(Error)])
    expect(r.end).toBe(Buffer.byteLength(nested))
    for (let cut = 1; cut < nested.length; cut++) expect(parseReply(b(nested.slice(0, cut)), 0)).toBeNull()
  })
})

describe('fail fast: serve --queue and worker', () => {
  it('serve --queue exits 1 naming the Redis it could not reach; a bad URL exits 2', async () => {
    const port = await closedPort()
    const r = await runCli(['serve', '--port', '0', '--data', await mkdtemp(join(tmpdir(), 'adstudio-q-')), '--token', 'some-token-0123456789', '--queue', `redis://127.0.0.1:${port}/0`])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`error: --queue: cannot reach Redis at redis://127.0.0.1:${port}/0: ECONNREFUSED`)
    const bad = await runCli(['serve', '--queue', 'localhost:6379'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--queue: must start with redis:\/\//)
  })

  it('worker: missing options exit 2; unreachable Redis exits 1', async () => {
    const missing = await runCli(['worker', '--queue', 'redis://127.0.0.1:1'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/--server: required/)
    const port = await closedPort()
    const r = await runCli(['worker', '--queue', `redis://127.0.0.1:${port}`, '--server', 'http://127.0.0.1:9', '--token', 'x'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`cannot reach Redis at redis://127.0.0.1:${port}/0`)
  })

  describe.skipIf(redisServerBinary() === null)('with a Redis', () => {
    let redis: TestRedis
    let server: TestServer
    beforeAll(async () => {
      redis = await startRedis()
      server = await startServer({ args: ['--queue', redis.url] })
    })
    afterAll(async () => {
      await server?.stop()
      await redis?.stop()
    })

    it('worker: an unreachable server or a wrong token exits 1 saying which', async () => {
      const port = await closedPort()
      const down = await runCli(['worker', '--queue', redis.url, '--server', `http://127.0.0.1:${port}`, '--token', 'x'])
      expect(down.code).toBe(1)
      expect(down.stderr).toContain(`error: --server: cannot reach the server at http://127.0.0.1:${port}: ECONNREFUSED`)
      const wrong = await runCli(['worker', '--queue', redis.url, '--server', server.url, '--token', 'service-test-token-0123456789'])
      expect(wrong.code).toBe(1)
      expect(wrong.stderr).toMatch(/--token: the server at .* does not accept this worker token/)
    })

    it('the worker token is stored owner-only and stays across restarts', async () => {
      const { stat } = await import('node:fs/promises')
      const file = join(server.dataDir, 'worker-token')
      expect((await stat(file)).mode & 0o777).toBe(0o600)
      expect((await readFile(file, 'utf8')).trim()).toMatch(/^w_[A-Za-z0-9_-]{32}$/)
    })
  })
})
