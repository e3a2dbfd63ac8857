import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { EngineError } from '../../errors'

/**
 * The subset of diffusers' scheduler_config.json the schedulers read. Defaults are diffusers'
 * own per class (DDIM and LCM default to "leading" spacing, Euler to "linspace"), so a folder whose
 * config leaves a key out behaves as it would in diffusers.
 */
export const SCHEDULER_KINDS = ['euler', 'euler_a', 'lcm', 'ddim'] as const
export type SchedulerKind = (typeof SCHEDULER_KINDS)[number]
export type TimestepSpacing = 'leading' | 'trailing' | 'linspace'
export type PredictionType = 'epsilon' | 'v_prediction' | 'sample'

const CLASS_TO_KIND: Record<string, SchedulerKind> = {
  EulerDiscreteScheduler: 'euler',
  EulerAncestralDiscreteScheduler: 'euler_a',
  LCMScheduler: 'lcm',
  DDIMScheduler: 'ddim',
}

const rawSchema = z.object({
  _class_name: z.string().optional(),
  num_train_timesteps: z.int().min(2).max(100_000).optional(),
  beta_start: z.number().positive().optional(),
  beta_end: z.number().positive().optional(),
  beta_schedule: z.enum(['scaled_linear', 'linear']).optional(),
  prediction_type: z.enum(['epsilon', 'v_prediction', 'sample']).optional(),
  timestep_spacing: z.enum(['leading', 'trailing', 'linspace']).optional(),
  steps_offset: z.int().min(0).optional(),
  set_alpha_to_one: z.boolean().optional(),
  clip_sample: z.boolean().optional(),
  clip_sample_range: z.number().positive().optional(),
  original_inference_steps: z.int().min(1).optional(),
  timestep_scaling: z.number().positive().optional(),
  use_karras_sigmas: z.boolean().optional(),
})

export interface SchedulerConfig {
  kind: SchedulerKind
  /** Why this kind: the class named in the file, or the fallback taken for an unsupported class. */
  kindNote: string
  numTrainTimesteps: number
  betaStart: number
  betaEnd: number
  betaSchedule: 'scaled_linear' | 'linear'
  predictionType: PredictionType
  timestepSpacing: TimestepSpacing
  stepsOffset: number
  setAlphaToOne: boolean
  clipSample: boolean
  clipSampleRange: number
  originalInferenceSteps: number
  timestepScaling: number
}

/** Parses a scheduler_config.json object; `override` picks another scheduler with the same betas. */
export function parseSchedulerConfig(json: unknown, override?: SchedulerKind): SchedulerConfig {
  const parsed = rawSchema.safeParse(json)
  if (!parsed.success) throw new EngineError('model_unavailable', `scheduler_config.json: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  const c = parsed.data
  const named = c._class_name ? CLASS_TO_KIND[c._class_name] : undefined
  const kind = override ?? named ?? 'euler'
  const kindNote = override
    ? `scheduler ${override} chosen (the folder names ${c._class_name ?? 'none'})`
    : named
      ? `scheduler ${kind} from ${c._class_name}`
      : `${c._class_name ?? 'no scheduler class'} is not supported: using Euler with the same noise schedule`
  // The class defaults differ: DDIM/LCM "leading", Euler "linspace"; DDIM clips samples unless told not to.
  const defaultSpacing: TimestepSpacing = kind === 'ddim' || kind === 'lcm' ? 'leading' : 'linspace'
  return {
    kind,
    kindNote,
    numTrainTimesteps: c.num_train_timesteps ?? 1000,
    betaStart: c.beta_start ?? (kind === 'ddim' ? 0.0001 : 0.00085),
    betaEnd: c.beta_end ?? (kind === 'ddim' ? 0.02 : 0.012),
    betaSchedule: c.beta_schedule ?? (kind === 'ddim' ? 'linear' : 'scaled_linear'),
    predictionType: c.prediction_type ?? 'epsilon',
    timestepSpacing: c.timestep_spacing ?? defaultSpacing,
    stepsOffset: c.steps_offset ?? 0,
    setAlphaToOne: c.set_alpha_to_one ?? true,
    clipSample: c.clip_sample ?? kind === 'ddim',
    clipSampleRange: c.clip_sample_range ?? 1,
    originalInferenceSteps: c.original_inference_steps ?? 50,
    timestepScaling: c.timestep_scaling ?? 10,
  }
}

export async function readSchedulerConfig(path: string, override?: SchedulerKind): Promise<SchedulerConfig> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    throw new EngineError('model_unavailable', `${path}: missing (every model folder needs scheduler/scheduler_config.json)`)
  }
  try {
    return parseSchedulerConfig(JSON.parse(text), override)
  } catch (e) {
    if (e instanceof EngineError) throw e
    throw new EngineError('model_unavailable', `${path}: not valid JSON`)
  }
}

/** The defaults SD-class checkpoints ship with (scaled_linear 0.00085..0.012, 1000 steps). */
export function defaultSchedulerConfig(kind: SchedulerKind, spacing?: TimestepSpacing): SchedulerConfig {
  return parseSchedulerConfig({ beta_start: 0.00085, beta_end: 0.012, beta_schedule: 'scaled_linear', clip_sample: false, timestep_spacing: spacing }, kind)
}
