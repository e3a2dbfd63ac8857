import { randomBytes } from 'node:crypto'
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export const WORKER_TOKEN_FILE = 'worker-token'

/**
 * The token remote engine workers present (`adstudio worker --token`): a secret apart from the
 * user's API token, so a worker machine can fetch inputs and send results but cannot list, submit
 * or delete the user's jobs. Stored owner-only beside the user's token and kept across restarts.
 */
export async function loadOrCreateWorkerToken(dataDir: string, userToken: string): Promise<{ token: string; generated: boolean; file: string }> {
  const file = join(dataDir, WORKER_TOKEN_FILE)
  try {
    const stored = (await readFile(file, 'utf8')).trim()
    if (/^[A-Za-z0-9_-]{16,}$/.test(stored) && stored !== userToken) {
      await chmod(file, 0o600)
      return { token: stored, generated: false, file }
    }
  } catch {
    // none yet
  }
  const token = `w_${randomBytes(24).toString('base64url')}`
  await mkdir(dataDir, { recursive: true })
  await writeFile(file, `${token}\n`, { mode: 0o600 })
  await chmod(file, 0o600)
  return { token, generated: true, file }
}
