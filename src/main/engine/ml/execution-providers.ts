/**
 * Which onnxruntime execution providers to try, in order, and why. CPU always comes last so a
 * failed GPU provider costs a retry, never a failed job.
 */
export type DevicePreference = 'auto' | 'gpu' | 'cpu'

const DEVICE_PREFERENCES: readonly DevicePreference[] = ['auto', 'gpu', 'cpu']

/** The device setting handed to an engine process (`ADSTUDIO_DEVICE`); anything else means auto. */
export function devicePreferenceFromEnv(env: NodeJS.ProcessEnv = process.env): DevicePreference {
  const v = env.ADSTUDIO_DEVICE as DevicePreference
  return DEVICE_PREFERENCES.includes(v) ? v : 'auto'
}
export type ProviderName = 'cuda' | 'dml' | 'coreml' | 'cpu'

export interface ProviderPlan {
  providers: ProviderName[]
  reason: string
}

export function planProviders(
  pref: DevicePreference,
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
  cudaAvailable = false,
): ProviderPlan {
  if (pref === 'cpu') return { providers: ['cpu'], reason: 'CPU chosen in settings' }
  if (platform === 'win32') return { providers: ['dml', 'cpu'], reason: 'Windows: DirectML (any DirectX 12 GPU), CPU as fallback' }
  if (platform === 'darwin') return { providers: ['coreml', 'cpu'], reason: 'macOS: CoreML, CPU as fallback' }
  if (platform === 'linux' && arch === 'x64') {
    if (cudaAvailable) return { providers: ['cuda', 'cpu'], reason: 'Linux x64 with CUDA provider libraries: CUDA, CPU as fallback' }
    return {
      providers: ['cpu'],
      reason: 'CUDA provider libraries are not installed (run `npm run setup:cuda` on a machine with an NVIDIA GPU): using CPU',
    }
  }
  return { providers: ['cpu'], reason: `no GPU provider for ${platform}/${arch}: using CPU` }
}
