/**
 * Which ControlNet output feeds which UNet residual input. Exporters name them differently and
 * auto-generated numeric names (onnx::Add_1234, input.7) say nothing, so: the mid residual is the
 * one named "mid" on each side (else the last), the down residuals pair up in declared order, and
 * every pair is checked against the UNet's declared shape when the first step runs.
 */
import { EngineError } from '../../errors'
import type { InputSpec } from '../../ml/tensor-feeds'
import { FUSED_COND_NAMES, FUSED_SCALE_NAMES } from './fused-control'

/** UNet inputs the pipeline itself provides; any other input is a ControlNet residual. */
export const UNET_CORE_INPUTS = new Set<string>(['sample', 'timestep', 'encoder_hidden_states', 'text_embeds', 'time_ids', 'timestep_cond', ...FUSED_COND_NAMES, ...FUSED_SCALE_NAMES])

export function residualInputs(unetInputs: readonly InputSpec[]): InputSpec[] {
  return unetInputs.filter((s) => !UNET_CORE_INPUTS.has(s.name))
}

function splitMid<T>(items: readonly T[], name: (t: T) => string): { downs: T[]; mid: T } {
  const i = items.findIndex((t) => /mid/i.test(name(t)))
  const at = i >= 0 ? i : items.length - 1
  return { downs: items.filter((_, k) => k !== at), mid: items[at] }
}

/** unet input name → controlnet output name. */
export function mapResiduals(controlnetOutputs: readonly string[], unetResidualInputs: readonly InputSpec[]): Map<string, string> {
  if (controlnetOutputs.length !== unetResidualInputs.length)
    throw new EngineError(
      'model_unavailable',
      `the ControlNet gives ${controlnetOutputs.length} residuals but the UNet takes ${unetResidualInputs.length}: they are not a matching pair (an SD 1.5 ControlNet needs an SD 1.5 UNet exported with residual inputs)`,
    )
  if (controlnetOutputs.length === 0) return new Map()
  const out = splitMid(controlnetOutputs, (n) => n)
  const inp = splitMid(unetResidualInputs, (s) => s.name)
  const map = new Map<string, string>([[inp.mid.name, out.mid]])
  inp.downs.forEach((spec, k) => map.set(spec.name, out.downs[k]))
  return map
}

/** Checks one residual's actual dims against the UNet input's declared static dims. */
export function checkResidualShape(spec: InputSpec, from: string, dims: readonly number[]): void {
  const bad = spec.shape.length !== dims.length || spec.shape.some((d, i) => typeof d === 'number' && d > 0 && d !== dims[i])
  if (bad)
    throw new EngineError(
      'model_unavailable',
      `ControlNet output "${from}" has shape [${dims.join(', ')}] but UNet input "${spec.name}" expects [${spec.shape.join(', ')}]: the pair does not match`,
    )
}
