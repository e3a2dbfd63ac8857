import { spawn, type ChildProcess } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { REPO_ROOT } from '../helpers/fixtures'

export interface TestWorker {
  proc: ChildProcess
  pid: number
  /** host:pid, as the server's job logs name it. */
  name: string
  output: () => string
  stop(signal?: NodeJS.Signals): Promise<void>
}

/** Starts `adstudio worker` as its own process and waits until it says what it connected to. */
export async function startWorker(args: string[], env: NodeJS.ProcessEnv = {}): Promise<TestWorker> {
  const proc = spawn(process.execPath, ['bin/adstudio.mjs', 'worker', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ADSTUDIO_CACHE_DIR: join(tmpdir(), 'adstudio-test-cache'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  proc.stdout!.on('data', (d) => (out += d))
  proc.stderr!.on('data', (d) => (out += d))
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()))
  const name = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${out}`)), 30_000)
    proc.stdout!.on('data', () => {
      const m = /Ad Studio worker (\S+)/.exec(out)
      if (m && /engines: /.test(out)) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
    void exited.then(() => reject(new Error(`worker exited before starting:\n${out}`)))
  })
  return {
    proc,
    pid: proc.pid!,
    name,
    output: () => out,
    stop: async (signal = 'SIGTERM') => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal)
      await exited
    },
  }
}

/** A job's log.txt lines (the server writes "started on worker X" and "result from worker X"). */
export async function jobLog(dataDir: string, id: string): Promise<string[]> {
  const text = await readFile(join(dataDir, 'jobs', id, 'log.txt'), 'utf8').catch(() => '')
  return text.split('\n').filter(Boolean)
}

export const resultWrites = (log: string[]) => log.filter((l) => / result from worker /.test(l))
