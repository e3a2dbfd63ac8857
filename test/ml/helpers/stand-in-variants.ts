/**
 * Stand-in folders the shared tiny-onnx writer does not make: an SD 2.x-width (1024) base in
 * TensorStack's layout (its controlnet/ UNet takes residuals), a folder whose own ControlNet has
 * another text width, exports without unet/config.json, and a UNet whose weights live in a sibling
 * file (external data).
 */
import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { buildControlNet } from '../../helpers/tiny-onnx/controlnet'
import { GraphBuilder } from '../../helpers/tiny-onnx/graph-builder'
import { writeTinyModelFolder, type TinyVariant } from '../../helpers/tiny-onnx/model-folder'
import { buildTextEncoder } from '../../helpers/tiny-onnx/text-encoders'
import { buildUnet, SD15_DOWN_RESIDUALS, SD15_MID_RESIDUAL } from '../../helpers/tiny-onnx/unets'
import { identityConv } from '../../helpers/tiny-onnx/weights'

const residuals = [...SD15_DOWN_RESIDUALS.map((r, i) => ({ ...r, name: i ? `down_block_additional_residuals.${i}` : 'down_block_additional_residuals' })), { ...SD15_MID_RESIDUAL, name: 'mid_block_additional_residual' }]

/**
 * TensorStack layout at text width `width`: unet/ plain, controlnet/ the residual UNet, and a
 * separate ControlNet (controlnet-canny.onnx) traced at `controlWidth` (default: the same).
 */
export async function writeResidualBase(dir: string, width: number, controlWidth = width): Promise<string> {
  await writeTinyModelFolder(dir, 'controlnet', { tensorstack: true })
  await writeFile(join(dir, 'text_encoder', 'model.onnx'), buildTextEncoder({ dim: width }))
  await writeFile(join(dir, 'unet', 'model.onnx'), buildUnet({ hiddenDim: width }))
  await writeFile(join(dir, 'controlnet', 'model.onnx'), buildUnet({ hiddenDim: width, residuals }))
  await writeFile(join(dir, 'controlnet-canny.onnx'), buildControlNet({ hiddenDim: controlWidth }))
  return dir
}

/** A folder with its own ControlNet in controlnet/ whose text width differs from its text encoder's. */
export async function writeMismatchedControlFolder(dir: string, width: number, controlWidth: number): Promise<string> {
  await writeTinyModelFolder(dir, 'controlnet')
  await writeFile(join(dir, 'text_encoder', 'model.onnx'), buildTextEncoder({ dim: width }))
  await writeFile(join(dir, 'unet', 'model.onnx'), buildUnet({ hiddenDim: width, residuals }))
  await writeFile(join(dir, 'controlnet', 'model.onnx'), buildControlNet({ hiddenDim: controlWidth }))
  return dir
}

/** As an Olive or older export ships it: no unet/config.json (nor the other per-component configs). */
export async function writeWithoutConfigs(dir: string, variant: TinyVariant): Promise<string> {
  await writeTinyModelFolder(dir, variant)
  for (const part of ['unet', 'vae_decoder', 'vae_encoder']) await rm(join(dir, part, 'config.json'), { force: true })
  return dir
}

/**
 * A 4-channel UNet whose weights are in `location` beside the graph (as exports over 2 GB keep
 * them): eps = 1x1 Conv(sample); the text input is declared as real UNets declare it. Returns both
 * files' bytes. (No shape-feeding initializers: ORT's shape inference cannot read them external.)
 */
export function externalDataUnet(hiddenDim: number, location: string): { graph: Uint8Array; data: Uint8Array } {
  const g = new GraphBuilder('unet')
  g.input('sample', 'float32', ['batch', 4, 'height', 'width'])
  g.input('timestep', 'float32', [])
  g.input('encoder_hidden_states', 'float32', ['batch', 77, hiddenDim])
  g.op('Conv', ['sample', g.init([4, 4, 1, 1], identityConv(4, 4, 0.1, 0.02, 5)), g.init([4], [0, 0, 0, 0])], {}, 'out_sample')
  g.output('out_sample', 'float32', ['batch', 4, 'height', 'width'])
  return g.toModelWithExternalData(location)
}

/**
 * A VAE pair that really round-trips (the shared stand-ins are random projections): the encoder
 * takes each 8x8 block's mean colour, scaled so the pipeline's scaled latents are the pixel values
 * in [-1,1] (as real SD latents are roughly unit-scaled); the decoder paints each block back, linearly.
 */
export async function writeAutoencoderVae(dir: string, scaling = 0.18215): Promise<void> {
  const enc = new GraphBuilder('vae_encoder')
  enc.input('sample', 'float32', ['batch', 3, 'height', 'width'])
  const ew = new Float32Array(8 * 192)
  // SpaceToDepth: channel (k * 3 + c) holds colour c at block offset k.
  for (let c = 0; c < 3; c++) for (let k = 0; k < 64; k++) ew[c * 192 + k * 3 + c] = 1 / (64 * scaling)
  enc.op('Conv', [enc.op('SpaceToDepth', ['sample'], { blocksize: { i: 8 } }), enc.init([8, 192, 1, 1], ew), enc.init([8], new Float32Array(8))], {}, 'latent_parameters')
  enc.output('latent_parameters', 'float32', ['batch', 8, 'h', 'w'])
  await writeFile(join(dir, 'vae_encoder', 'model.onnx'), enc.toModel())

  const dec = new GraphBuilder('vae_decoder')
  dec.input('latent_sample', 'float32', ['batch', 4, 'height', 'width'])
  const dw = new Float32Array(192 * 4)
  // DepthToSpace (DCR): output channel (k * 3 + c) lands at block offset k of colour c; the
  // pipeline divides latents by the scaling factor before decoding, this multiplies it back.
  for (let c = 0; c < 3; c++) for (let k = 0; k < 64; k++) dw[(k * 3 + c) * 4 + c] = scaling
  const conv = dec.op('Conv', ['latent_sample', dec.init([192, 4, 1, 1], dw), dec.init([192], new Float32Array(192))])
  dec.op('DepthToSpace', [conv], { blocksize: { i: 8 }, mode: { s: 'DCR' } }, 'sample')
  dec.output('sample', 'float32', ['batch', 3, 'h8', 'w8'])
  await writeFile(join(dir, 'vae_decoder', 'model.onnx'), dec.toModel())
}

/**
 * A UNet that denoises like a model of unit-scaled latents would on average: eps = its (scaled)
 * input, so Euler shrinks the latents step by step instead of leaving them at noise amplitude.
 * Linear in `sample`: with the same seed, two init images' outputs differ only by their images.
 */
export async function writeDenoiserUnet(dir: string, hiddenDim: number): Promise<void> {
  const g = new GraphBuilder('unet')
  g.input('sample', 'float32', ['batch', 4, 'height', 'width'])
  g.input('timestep', 'float32', [])
  g.input('encoder_hidden_states', 'float32', ['batch', 77, hiddenDim])
  g.op('Conv', ['sample', g.init([4, 4, 1, 1], identityConv(4, 4, 1, 0, 1)), g.init([4], [0, 0, 0, 0])], {}, 'out_sample')
  g.output('out_sample', 'float32', ['batch', 4, 'height', 'width'])
  await writeFile(join(dir, 'unet', 'model.onnx'), g.toModel())
}
