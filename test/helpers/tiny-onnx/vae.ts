import { GraphBuilder, type DType } from './graph-builder'
import { pseudoRandom } from './weights'

/**
 * VAE decoder stand-in: 1x1 Conv 4→192, DepthToSpace(8), Tanh: latent_sample [B,4,h,w] →
 * sample [B,3,8h,8w] in [-1,1]. Each latent pixel paints an 8x8 block.
 */
export function buildVaeDecoder(opts: { type?: DType } = {}): Uint8Array {
  const g = new GraphBuilder('vae_decoder')
  const type = opts.type ?? 'float32'
  let z = g.input('latent_sample', type, ['batch', 4, 'height', 'width'])
  if (type === 'float16') z = g.op('Cast', [z], { to: { i: 1 } })
  const w = pseudoRandom(192 * 4, 3, 0.3)
  const conv = g.op('Conv', [z, g.init([192, 4, 1, 1], w), g.init([192], pseudoRandom(192, 5, 0.1))])
  const img = g.op('Tanh', [g.op('DepthToSpace', [conv], { blocksize: { i: 8 }, mode: { s: 'DCR' } })])
  g.op(type === 'float16' ? 'Cast' : 'Identity', [img], type === 'float16' ? { to: { i: 10 } } : {}, 'sample')
  g.output('sample', type, ['batch', 3, 'height_out', 'width_out'])
  return g.toModel()
}

/**
 * VAE encoder stand-in: SpaceToDepth(8), 1x1 Conv 192→8: sample [B,3,H,W] → latent_parameters
 * [B,8,H/8,W/8] (mean ‖ logvar), or the older `latent_sample` [B,4,h,w].
 */
export function buildVaeEncoder(opts: { output?: 'latent_parameters' | 'latent_sample' } = {}): Uint8Array {
  const g = new GraphBuilder('vae_encoder')
  const x = g.input('sample', 'float32', ['batch', 3, 'height', 'width'])
  const out = opts.output ?? 'latent_parameters'
  const ch = out === 'latent_parameters' ? 8 : 4
  const s2d = g.op('SpaceToDepth', [x], { blocksize: { i: 8 } })
  const w = pseudoRandom(ch * 192, 9, 0.05)
  g.op('Conv', [s2d, g.init([ch, 192, 1, 1], w), g.init([ch], new Float32Array(ch).fill(0))], {}, out)
  g.output(out, 'float32', ['batch', ch, 'height_latent', 'width_latent'])
  return g.toModel()
}
