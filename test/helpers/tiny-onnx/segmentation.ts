import { GraphBuilder } from './graph-builder'

/**
 * BiRefNet stand-in: input_image [1,3,S,S] (ImageNet-normalised) → output_image [1,1,S,S] logits =
 * 4 x channel mean, so bright pixels are foreground once the pipeline applies the sigmoid.
 */
export function buildBiRefNet(side = 1024): Uint8Array {
  const g = new GraphBuilder('birefnet')
  const x = g.input('input_image', 'float32', [1, 3, side, side])
  const m = g.op('ReduceMean', [x], { axes: { ints: [1] }, keepdims: { i: 1 } })
  g.op('Mul', [m, g.scalar(4)], {}, 'output_image')
  g.output('output_image', 'float32', [1, 1, side, side])
  return g.toModel()
}
