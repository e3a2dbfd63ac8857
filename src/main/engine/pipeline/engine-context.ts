import type { Mask, RgbaImage } from '../image/raster'
import type { DevicePreference } from '../ml/execution-providers'
import type { IsnetVariant } from '../ml/isnet-model'
import { IsnetSegmenter } from '../steps/segment/isnet-segmenter'

export type StepName = 'step1_background' | 'step2_text' | 'step3_composite'

export interface ProgressEvent {
  step: StepName
  subStep: string
  /** 0..1 within the step. */
  fraction: number
  message: string
}

/**
 * What the steps need from their host: model sessions that outlive a job (loaded once, reused),
 * progress reporting, and cancellation checked at sub-step boundaries.
 */
export class EngineContext {
  private readonly segmenters = new Map<IsnetVariant, Promise<IsnetSegmenter>>()

  constructor(
    readonly options: { cacheDir: string; device: DevicePreference },
  ) {}

  segmenter(variant: IsnetVariant): Promise<IsnetSegmenter> {
    let s = this.segmenters.get(variant)
    if (!s) {
      s = IsnetSegmenter.create(variant, this.options.cacheDir, this.options.device)
      // A failed load must not be cached: the next job retries (e.g. after a reinstall).
      s.catch(() => this.segmenters.delete(variant))
      this.segmenters.set(variant, s)
    }
    return s
  }

  async dispose(): Promise<void> {
    for (const s of this.segmenters.values()) await (await s.catch(() => null))?.release()
    this.segmenters.clear()
  }
}

export interface StepImages {
  step1?: RgbaImage
  mask?: Mask
  step2?: RgbaImage
  final?: RgbaImage
}

export interface RunHooks {
  onProgress?: (e: ProgressEvent) => void
  /**
   * Called as each step finishes, so a host can save its images at once: a job stopped or killed
   * during a later step keeps what it had, and status can show step 1 while step 2 runs.
   */
  onStepDone?: (step: 1 | 2 | 3, images: StepImages) => void | Promise<void>
  /** Checked between sub-steps; a stop request ends the job there. */
  signal?: AbortSignal
}

export function checkpoint(hooks: RunHooks, e: ProgressEvent): void {
  if (hooks.signal?.aborted) throw hooks.signal.reason ?? new Error('stopped')
  hooks.onProgress?.(e)
}
