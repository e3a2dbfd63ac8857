import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Debian's redis-server (or one on PATH); null when neither is there: queue tests skip. */
export function redisServerBinary(): string | null {
  if (existsSync('/usr/bin/redis-server')) return '/usr/bin/redis-server'
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, 'redis-server'))) return join(dir, 'redis-server')
  return null
}

export interface TestRedis {
  port: number
  url: string
  /** Stops Redis (SIGTERM: it writes its append-only file) and starts it again on the same port and data. */
  restart(downMs?: number): Promise<void>
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

/**
 * A private redis-server on a free loopback port, its data (append-only file, so a restart keeps the
 * queue) in a temp folder; no system service is used.
 */
export async function startRedis(): Promise<TestRedis> {
  const bin = redisServerBinary()
  if (!bin) throw new Error('redis-server is not installed')
  const dir = await mkdtemp(join(tmpdir(), 'adstudio-redis-'))
  const port = await freePort()
  let proc: ChildProcess | null = null
  const launch = () =>
    new Promise<void>((resolve, reject) => {
      const p = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--protected-mode', 'yes'], { stdio: ['ignore', 'pipe', 'pipe'] })
      proc = p
      let out = ''
      const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${out}`)), 15_000)
      p.stdout!.on('data', (d) => {
        out += d
        if (/Ready to accept connections/.test(out)) {
          clearTimeout(timer)
          resolve()
        }
      })
      p.stderr!.on('data', (d) => (out += d))
      p.on('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`redis-server exited with ${code}:\n${out}`))
      })
    })
  const halt = async () => {
    const p = proc
    if (!p || p.exitCode !== null || p.signalCode !== null) return
    await new Promise<void>((resolve) => {
      p.on('exit', () => resolve())
      p.kill('SIGTERM')
    })
  }
  await launch()
  return {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    restart: async (downMs = 500) => {
      await halt()
      await new Promise((r) => setTimeout(r, downMs))
      await launch()
    },
    stop: async () => {
      await halt()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
