import { GraphBuilder } from './graph-builder'
import { SD15_DOWN_RESIDUALS, SD15_MID_RESIDUAL } from './unets'
import { pseudoRandom } from './weights'

export interface ControlNetSpec {
  hiddenDim: number
  /** Output names, downs then mid (names vary by exporter; the pipeline maps by order and shape). */
  downNames?: readonly string[]
  midName?: string
  /** Put the mid residual first among the outputs (some exports do). */
  midFirst?: boolean
  /** conditioning_scale as rank-0 (default) or [1]. */
  scaleRank?: 0 | 1
}

/**
 * ControlNet stand-in: per residual, 1x1 Conv(sample → C) pooled to its size plus the pooled
 * control image, all times conditioning_scale, with SD 1.5's twelve down shapes and the mid.
 */
export function buildControlNet(spec: ControlNetSpec): Uint8Array {
  const g = new GraphBuilder('controlnet')
  const sample = g.input('sample', 'float32', ['batch', 4, 'height', 'width'])
  const t = g.op('Cast', [g.input('timestep', 'float32', [])], { to: { i: 1 } })
  const ehs = g.input('encoder_hidden_states', 'float32', ['batch', 77, spec.hiddenDim])
  const cond = g.input('controlnet_cond', 'float32', ['batch', 3, 'image_height', 'image_width'])
  const scale = g.input('conditioning_scale', 'float32', spec.scaleRank === 1 ? [1] : [])
  const shape4 = g.ints([-1, 1, 1, 1])
  const pooled = (x: string, axes: number[]) => g.op('Reshape', [g.op('ReduceMean', [x], { axes: { ints: axes }, keepdims: { i: 0 } }), shape4])
  // The control image dominates (x4) so tests can see it; text and time nudge it.
  let bias = g.op('Mul', [pooled(cond, [1, 2, 3]), g.scalar(4)])
  bias = g.op('Add', [bias, pooled(ehs, [1, 2])])
  bias = g.op('Add', [bias, g.op('Mul', [t, g.scalar(1e-4)])])
  const residual = (name: string, channels: number, down: number, seed: number) => {
    let x = g.op('Conv', [sample, g.init([channels, 4, 1, 1], pseudoRandom(channels * 4, seed, 0.2))])
    if (down > 1) x = g.op('AveragePool', [x], { kernel_shape: { ints: [down, down] }, strides: { ints: [down, down] } })
    g.op('Mul', [g.op('Add', [x, bias]), scale], {}, name)
    g.output(name, 'float32', ['batch', channels, down === 1 ? 'height' : `height/${down}`, down === 1 ? 'width' : `width/${down}`])
  }
  const downNames = spec.downNames ?? SD15_DOWN_RESIDUALS.map((_, i) => `down_block_res_samples_${i}`)
  const mid = () => residual(spec.midName ?? 'mid_block_res_sample', SD15_MID_RESIDUAL.channels, SD15_MID_RESIDUAL.down, 99)
  if (spec.midFirst) mid()
  SD15_DOWN_RESIDUALS.forEach((r, i) => residual(downNames[i], r.channels, r.down, 40 + i))
  if (!spec.midFirst) mid()
  return g.toModel()
}
