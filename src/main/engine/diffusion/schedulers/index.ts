/** Scheduler factory: the kind in the config (or an override), steps and img2img strength. */
import { DdimScheduler } from './ddim'
import { EulerScheduler } from './euler'
import { LcmScheduler } from './lcm'
import { PndmScheduler } from './pndm'
import type { Scheduler } from './scheduler'
import type { SchedulerConfig } from './scheduler-config'

export function createScheduler(cfg: SchedulerConfig, steps: number, strength = 1): Scheduler {
  switch (cfg.kind) {
    case 'euler':
    case 'euler_a':
      return new EulerScheduler(cfg, steps, strength)
    case 'lcm':
      return new LcmScheduler(cfg, steps, strength)
    case 'ddim':
      return new DdimScheduler(cfg, steps, strength)
    case 'pndm':
      return new PndmScheduler(cfg, steps, strength)
  }
}

export type { Scheduler } from './scheduler'
export { stepsForStrength } from './scheduler'
export * from './scheduler-config'
