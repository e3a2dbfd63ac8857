import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { REPO_ROOT } from './fixtures'

export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs the real `adstudio` bin in its own process, as a user would. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'adstudio.mjs'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ADSTUDIO_CACHE_DIR: join(tmpdir(), 'adstudio-test-cache'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}
