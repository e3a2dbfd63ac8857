import { homedir } from 'node:os'
import { isAbsolute, join, resolve } from 'node:path'

/**
 * A base folder from the environment (XDG_DATA_HOME, XDG_CACHE_HOME, LOCALAPPDATA, APPDATA): the XDG
 * spec says an empty or relative value is invalid and must be ignored, else `join('', 'adstudio')`
 * would put user data under whatever folder the process happens to start in.
 */
export function envBaseDir(value: string | undefined, fallback: string): string {
  return value && isAbsolute(value) ? value : fallback
}

/** An ADSTUDIO_* override: set and non-empty wins, made absolute against the working folder once. */
export function envOverride(value: string | undefined): string | null {
  return value ? resolve(value) : null
}

/**
 * Where the engine keeps assembled models and other caches. Overridable so tests, the CLI and the
 * Electron shell (which passes its own userData path) never share state by accident.
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = envOverride(env.ADSTUDIO_CACHE_DIR)
  if (override) return override
  if (process.platform === 'win32') return join(envBaseDir(env.LOCALAPPDATA, join(homedir(), 'AppData', 'Local')), 'AdStudio', 'cache')
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'AdStudio')
  return join(envBaseDir(env.XDG_CACHE_HOME, join(homedir(), '.cache')), 'adstudio')
}
