import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export const TOKEN_FILE = 'token'

/**
 * The API token: the one given, else the one stored in the data folder by an earlier start (so
 * scripts keep working across restarts), else a new random one, stored owner-read/write only.
 */
export async function loadOrCreateToken(dataDir: string, given?: string): Promise<{ token: string; generated: boolean; file: string | null }> {
  if (given !== undefined) return { token: given, generated: false, file: null }
  const file = join(dataDir, TOKEN_FILE)
  try {
    const stored = (await readFile(file, 'utf8')).trim()
    if (/^[A-Za-z0-9_-]{16,}$/.test(stored)) {
      await chmod(file, 0o600) // tightened if someone loosened it
      return { token: stored, generated: false, file }
    }
  } catch {
    // none yet
  }
  const token = randomBytes(24).toString('base64url')
  await mkdir(dataDir, { recursive: true })
  await writeFile(file, `${token}\n`, { mode: 0o600 })
  await chmod(file, 0o600)
  return { token, generated: true, file }
}

/** A problem with a token given on the command line, or null. */
export function tokenProblem(token: string): string | null {
  if (token.length === 0) return '--token: must not be empty'
  if (!/^[\x21-\x7e]+$/.test(token)) return '--token: must be printable ASCII without spaces'
  return null
}

/** Checks `Authorization: Bearer <token>` in constant time (hashes make the lengths equal). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')
  if (!m) return false
  const a = createHash('sha256').update(m[1]).digest()
  const b = createHash('sha256').update(token).digest()
  return timingSafeEqual(a, b)
}
