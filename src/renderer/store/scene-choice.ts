import type { JobParams } from '../../shared/api-client'
import type { JobSample } from '../../shared/models-contract'
import type { AppStore } from './store-shape'

/**
 * The scene strip: the variations a diffusion job made (`samples` > 1), which of them the ad on the
 * canvas is over, and the request that redoes the ad over another one (text + composition only).
 */
export interface SceneChoice {
  /** The job that made the variations; every pick re-runs from its files. */
  jobId: string
  samples: { index: number; seed: number }[]
  /** The variation the current ad is over (1: the job's own step 1). */
  current: number
  /** A variation being redone now: it becomes `current` only if that job completes its ad. */
  pending?: number | null
}

/** A strip for a job's variations, or null when there is nothing to choose between. */
export function sceneChoiceOf(jobId: string, samples: readonly JobSample[], current = 1): SceneChoice | null {
  if (samples.length < 2) return null
  return { jobId, samples: samples.map(({ index, seed }) => ({ index, seed })).sort((a, b) => a.index - b.index), current }
}

/**
 * The form's settings for a re-run over a chosen scene: the scene already exists, so the background
 * engine and the number of variations are left out (a diffusion model removed since must not refuse it).
 */
export function sceneRunParams(params: JobParams): JobParams {
  const { bg_engine: _engine, samples: _samples, ...rest } = params
  return rest
}

/** After a pick's job ended: the pick becomes current only when the ad over it was made. */
export function settlePick(scenes: SceneChoice | null, madeFinal: boolean): SceneChoice | null {
  if (!scenes || scenes.pending == null) return scenes
  return { ...scenes, current: madeFinal ? scenes.pending : scenes.current, pending: null }
}

export const canPickScene = (s: AppStore): boolean => s.scenes !== null && !s.submitting && s.run === null
