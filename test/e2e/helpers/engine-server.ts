import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { REPO_ROOT } from '../../helpers/fixtures'

export const E2E_TOKEN = 'e2e-token-0123456789abcdef'

export interface EngineServer {
  url: string
  dataDir: string
  output: () => string
  stop(): Promise<void>
}

/**
 * A real `adstudio serve` child process on a free port, serving the built editor (`--ui`) from the
 * API's own origin, exactly as a user opens it in a browser.
 */
export async function startEngine(env: NodeJS.ProcessEnv = {}, extraArgs: string[] = []): Promise<EngineServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'adstudio-e2e-'))
  const args = ['bin/adstudio.mjs', 'serve', '--port', '0', '--data', dataDir, '--token', E2E_TOKEN, '--ui', join(REPO_ROOT, 'out/renderer'), ...extraArgs]
  const proc: ChildProcess = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ADSTUDIO_CACHE_DIR: join(tmpdir(), 'adstudio-test-cache'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  proc.stdout!.on('data', (d) => (out += d))
  proc.stderr!.on('data', (d) => (out += d))
  const exited = new Promise<void>((r) => proc.on('exit', () => r()))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`engine did not start:\n${out}`)), 60_000)
    proc.stdout!.on('data', () => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
    void exited.then(() => reject(new Error(`engine exited before listening:\n${out}`)))
  })
  return {
    url,
    dataDir,
    output: () => out,
    stop: async () => {
      if (proc.exitCode === null) proc.kill('SIGTERM')
      await exited
    },
  }
}
