import { homedir } from 'node:os'
import { join } from 'node:path'
import { envBaseDir, envOverride } from '../ml/app-dirs'

/**
 * Where downloaded and imported models are recorded. Models are large user data (GBs), not cache:
 * they live under the platform's data folder, overridable (ADSTUDIO_MODELS_DIR, or the Electron
 * shell passing its own) so tests and portable installs never touch the user's real folder.
 */
export function defaultModelsDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = envOverride(env.ADSTUDIO_MODELS_DIR)
  if (override) return override
  if (process.platform === 'win32') return join(envBaseDir(env.LOCALAPPDATA, join(homedir(), 'AppData', 'Local')), 'AdStudio', 'models')
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'AdStudio', 'models')
  return join(envBaseDir(env.XDG_DATA_HOME, join(homedir(), '.local', 'share')), 'adstudio', 'models')
}
