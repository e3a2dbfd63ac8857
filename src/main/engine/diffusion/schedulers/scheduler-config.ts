import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { EngineError } from '../../errors'

/**
 * The subset of diffusers' scheduler_config.json the schedulers read. Defaults are diffusers'
 * own per class (DDIM and LCM default to "leading" spacing, Euler to "linspace"), so a folder whose
 * config leaves a key out behaves as it would in diffusers.
 */
export const SCHEDULER_KINDS = ['euler', 'euler_a', 'lcm', 'ddim', 'pndm'] as const
export type SchedulerKind = (typeof SCHEDULER_KINDS)[number]
export type TimestepSpacing = 'leading' | 'trailing' | 'linspace'
export type PredictionType = 'epsilon' | 'v_prediction' | 'sample'

const CLASS_TO_KIND: Record<string, SchedulerKind> = {
  EulerDiscreteScheduler: 'euler',
  EulerAncestralDiscreteScheduler: 'euler_a',
  LCMScheduler: 'lcm',
  DDIMScheduler: 'ddim',
  PNDMScheduler: 'pndm',
}

/**
 * Classes common in model folders that we do not implement, and the sampler that stands in. They
 * integrate the same diffusion on the same noise schedule, so Euler (with the folder's spacing and
 * Karras sigmas) gives a comparable image at a similar step count, Euler ancestral for the
 * stochastic ones; only few-step TCD models need a consistency sampler, and LCM is the nearest.
 */
const FALLBACK_KIND: Record<string, SchedulerKind> = {
  DPMSolverMultistepScheduler: 'euler',
  DPMSolverSinglestepScheduler: 'euler',
  DPMSolverSDEScheduler: 'euler_a',
  UniPCMultistepScheduler: 'euler',
  DEISMultistepScheduler: 'euler',
  HeunDiscreteScheduler: 'euler',
  KDPM2DiscreteScheduler: 'euler',
  KDPM2AncestralDiscreteScheduler: 'euler_a',
  LMSDiscreteScheduler: 'euler',
  DDPMScheduler: 'euler_a',
  TCDScheduler: 'lcm',
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
  sigma_min: z.number().positive().nullable().optional(),
  sigma_max: z.number().positive().nullable().optional(),
  skip_prk_steps: z.boolean().optional(),
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
  /** Euler/Euler ancestral: Karras et al. (rho 7) sigma spacing instead of the timestep grid's. */
  useKarrasSigmas: boolean
  /** Karras range overrides; null takes the ends of the grid's sigmas, as diffusers does. */
  sigmaMin: number | null
  sigmaMax: number | null
}

/** Parses a scheduler_config.json object; `override` picks another scheduler with the same betas. */
export function parseSchedulerConfig(json: unknown, override?: SchedulerKind): SchedulerConfig {
  const parsed = rawSchema.safeParse(json)
  if (!parsed.success) throw new EngineError('model_unavailable', `scheduler_config.json: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  const c = parsed.data
  const cls = c._class_name
  const named = cls ? CLASS_TO_KIND[cls] : undefined
  const fallback = cls ? FALLBACK_KIND[cls] : undefined
  const kind = override ?? named ?? fallback ?? 'euler'
  let kindNote: string
  if (override) kindNote = `scheduler ${override} chosen (the folder names ${cls ?? 'none'})`
  else if (named) kindNote = `scheduler ${kind} from ${cls}`
  else if (fallback) kindNote = `${cls} is not implemented: using ${fallback === 'lcm' ? 'LCM' : fallback === 'euler_a' ? 'Euler ancestral' : 'Euler'} with the same noise schedule`
  else kindNote = `${cls ?? 'no scheduler class'} is not supported: using Euler with the same noise schedule`
  // Only the PLMS half of PNDM is implemented; SD folders all ship skip_prk_steps true anyway.
  if (kind === 'pndm' && c.skip_prk_steps !== true) kindNote += ' (PLMS only: the Runge-Kutta warm-up steps are skipped)'
  // The class defaults differ: DDIM/LCM/PNDM "leading", Euler "linspace"; DDIM clips samples unless told not to.
  const defaultSpacing: TimestepSpacing = kind === 'ddim' || kind === 'lcm' || kind === 'pndm' ? 'leading' : 'linspace'
  // DDIM and PNDM default to diffusers' original linear betas (0.0001..0.02).
  const ddpmBetas = kind === 'ddim' || kind === 'pndm'
  return {
    kind,
    kindNote,
    numTrainTimesteps: c.num_train_timesteps ?? 1000,
    betaStart: c.beta_start ?? (ddpmBetas ? 0.0001 : 0.00085),
    betaEnd: c.beta_end ?? (ddpmBetas ? 0.02 : 0.012),
    betaSchedule: c.beta_schedule ?? (ddpmBetas ? 'linear' : 'scaled_linear'),
    predictionType: c.prediction_type ?? 'epsilon',
    timestepSpacing: c.timestep_spacing ?? defaultSpacing,
    stepsOffset: c.steps_offset ?? 0,
    setAlphaToOne: c.set_alpha_to_one ?? kind !== 'pndm',
    clipSample: c.clip_sample ?? kind === 'ddim',
    clipSampleRange: c.clip_sample_range ?? 1,
    originalInferenceSteps: c.original_inference_steps ?? 50,
    timestepScaling: c.timestep_scaling ?? 10,
    useKarrasSigmas: c.use_karras_sigmas ?? false,
    sigmaMin: c.sigma_min ?? null,
    sigmaMax: c.sigma_max ?? null,
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
