import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
/** ../shared/fixtures beside the checkout; absent in a plain clone, so tests using it skip. */
export const SHARED_FIXTURES = join(REPO_ROOT, '..', 'shared', 'fixtures')

export function sharedFixture(name: string): string | null {
  const p = join(SHARED_FIXTURES, name)
  return existsSync(p) ? p : null
}
