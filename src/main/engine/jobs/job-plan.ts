import { stepName, type JobStepName } from '../../../shared/job-status'

export interface PlanInput {
  start_step: number
  stop_step: number
  width: number
  height: number
  segmentation_model: string
  text_content: string | null
  composition_mode: string
}

/**
 * The steps a request runs and, for each, the engine key its duration is learned under: what makes
 * a step slower or faster on the same machine (a segmentation model pass or the photo's own alpha,
 * text or none, the composition mode). Output size is the other axis (megapixels).
 */
export function planSteps(p: PlanInput, product: { hasAlpha: boolean } | null): { step: JobStepName; engine: string }[] {
  const out: { step: JobStepName; engine: string }[] = []
  for (let n = p.start_step; n <= p.stop_step; n++) {
    const step = stepName(n)
    if (n === 1) out.push({ step, engine: `cutout:${product ? (product.hasAlpha ? 'alpha' : p.segmentation_model) : 'none'}` })
    else if (n === 2) out.push({ step, engine: p.text_content ? 'text:builtin' : 'text:none' })
    else out.push({ step, engine: `compose:${p.composition_mode}` })
  }
  return out
}

export const megapixelsOf = (p: { width: number; height: number }) => (p.width * p.height) / 1e6
