import { planProviders, type DevicePreference } from '../../../src/main/engine/ml/execution-providers'
import { ModelSessions } from '../../../src/main/engine/ml/session-pool'

/**
 * Sessions for tests: CPU unless ADSTUDIO_TEST_DEVICE=gpu (the CUDA run on a GPU machine), with a
 * live count so tests can assert that models are loaded one after another.
 */
export function testSessions(keepBytes = 0): ModelSessions & { maxOpen: number } {
  const pref = (process.env.ADSTUDIO_TEST_DEVICE ?? 'cpu') as DevicePreference
  const cudaAvailable = pref !== 'cpu'
  const s = new ModelSessions(planProviders(pref, process.platform, process.arch, cudaAvailable), { keepBytes }) as ModelSessions & { maxOpen: number }
  s.maxOpen = 0
  const events = s.events
  const push = events.push.bind(events)
  events.push = (...items) => {
    const r = push(...items)
    s.maxOpen = Math.max(s.maxOpen, s.openPaths.length)
    return r
  }
  return s
}
