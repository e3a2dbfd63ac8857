import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * Where the engine keeps assembled models and other caches. Overridable so tests, the CLI and the
 * Electron shell (which passes its own userData path) never share state by accident.
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ADSTUDIO_CACHE_DIR) return env.ADSTUDIO_CACHE_DIR
  if (process.platform === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'AdStudio', 'cache')
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'AdStudio')
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'adstudio')
}
