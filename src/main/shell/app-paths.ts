import { join } from 'node:path'
import { defaultModelsDir } from '../engine/models/model-dirs'

/**
 * Where the desktop app keeps things. Jobs, caches and the shell's own files live in the user-data
 * folder (the environment variables the engine and CLI read can still override them). Models live in
 * the same per-user data folder as `adstudio models` uses: they are gigabytes, so a model pulled from
 * the CLI must show up in the app rather than be downloaded twice (and resources beside app.asar may
 * be read-only). The user's own fonts go in `<user data>/fonts`, created at start and shown in
 * Settings: resources are read-only in an AppImage and inside a signed .app, and a folder in the
 * repository would differ between development and the installed app. The bundled fonts stay in their
 * packages (node_modules, unpacked from asar).
 */
export interface AppPaths {
  userData: string
  dataDir: string
  cacheDir: string
  fontsDir: string
  modelsDir: string
}

export function appPaths(opts: { userData: string; env?: NodeJS.ProcessEnv }): AppPaths {
  const env = opts.env ?? process.env
  return {
    userData: opts.userData,
    dataDir: env.ADSTUDIO_DATA_DIR ?? join(opts.userData, 'data'),
    cacheDir: env.ADSTUDIO_CACHE_DIR ?? join(opts.userData, 'cache'),
    fontsDir: env.ADSTUDIO_FONTS_DIR ?? join(opts.userData, 'fonts'),
    modelsDir: defaultModelsDir(env),
  }
}
