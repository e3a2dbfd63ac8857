import { join } from 'node:path'

/**
 * Where the desktop app keeps things. Jobs, caches and the shell's own files live in the user-data
 * folder (the environment variables the engine and CLI read can still override them); fonts and
 * models ship as extra resources beside app.asar, or come from the repository in development.
 */
export interface AppPaths {
  userData: string
  dataDir: string
  cacheDir: string
  fontsDir: string
  modelsDir: string
}

export function appPaths(opts: { userData: string; packaged: boolean; resourcesPath: string; repoRoot: string; env?: NodeJS.ProcessEnv }): AppPaths {
  const env = opts.env ?? process.env
  const shipped = (name: string) => (opts.packaged ? join(opts.resourcesPath, name) : join(opts.repoRoot, name))
  return {
    userData: opts.userData,
    dataDir: env.ADSTUDIO_DATA_DIR ?? join(opts.userData, 'data'),
    cacheDir: env.ADSTUDIO_CACHE_DIR ?? join(opts.userData, 'cache'),
    fontsDir: env.ADSTUDIO_FONTS_DIR ?? shipped('fonts'),
    modelsDir: env.ADSTUDIO_MODELS_DIR ?? shipped('models'),
  }
}
