import type { Mask, RgbaImage } from '../image/raster'
import type { DevicePreference } from '../ml/execution-providers'
import type { IsnetVariant } from '../ml/isnet-model'
import { defaultModelsDir } from '../models/model-dirs'
import { GenerativeEngines } from '../steps/generative/generative-engines'
import { IsnetSegmenter } from '../steps/segment/isnet-segmenter'

/** What every cut-out engine offers, built in (ISNet) or installed (BiRefNet). */
export interface Segmenter {
  segment(photo: RgbaImage): Promise<Mask>
  release(): Promise<void>
}

const isIsnet = (id: string): id is IsnetVariant => id === 'isnet-medium' || id === 'isnet-small'

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
  private generativeEngines: GenerativeEngines | null = null

  constructor(
    readonly options: { cacheDir: string; device: DevicePreference; modelsDir?: string },
  ) {}

  /** Installed diffusion, ControlNet and BiRefNet models; nothing is probed or loaded until used. */
  get generative(): GenerativeEngines {
    this.generativeEngines ??= new GenerativeEngines({ modelsDir: this.options.modelsDir ?? defaultModelsDir(), device: this.options.device, keepBytes: 0 })
    return this.generativeEngines
  }

  segmenter(id: string): Promise<Segmenter> {
    if (!isIsnet(id)) return this.generative.segmenter(id)
    const variant = id
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
    await this.generativeEngines?.dispose()
    this.generativeEngines = null
  }
}

export interface StepImages {
  step1?: RgbaImage
  mask?: Mask
  step2?: RgbaImage
  final?: RgbaImage
  /** Step 1's scene variations (diffusion engines), in seed order; the first is step1. */
  samples?: { seed: number; image: RgbaImage }[]
  /** The empty scene (scene.png) and the product's cutout (cutout.png), kept for re-placing the product. */
  scene?: RgbaImage
  cutout?: RgbaImage
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
