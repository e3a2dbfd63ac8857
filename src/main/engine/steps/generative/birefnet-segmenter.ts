/**
 * BiRefNet foreground segmentation (onnx-community/BiRefNet-ONNX, BiRefNet_lite-ONNX; MIT): the
 * photo resized to the model's side (1024 unless the graph says otherwise), ImageNet-normalised;
 * the output is logits, so a sigmoid gives the probability. Same shape as IsnetSegmenter, so the
 * cutout step can take either.
 */
import sharp from 'sharp'
import { EngineError } from '../../errors'
import type { Mask, RgbaImage } from '../../image/raster'
import { resizeMaskBilinear } from '../../image/resize-mask'
import { planProviders, type DevicePreference } from '../../ml/execution-providers'
import { loadSession, ort, type LoadedSession } from '../../ml/ort-session'
import { inputSpecs, readFloats } from '../../ml/tensor-feeds'

const MEAN = [0.485, 0.456, 0.406]
const STD = [0.229, 0.224, 0.225]

export interface BiRefNetInfo {
  model: string
  provider: string
  note: string
  loadMs: number
  side: number
}

export class BiRefNetSegmenter {
  private constructor(
    private readonly loaded: LoadedSession,
    private readonly inputName: string,
    private readonly outputName: string,
    readonly info: BiRefNetInfo,
  ) {}

  static async create(modelPath: string, device: DevicePreference = 'auto', cudaAvailable = false): Promise<BiRefNetSegmenter> {
    return BiRefNetSegmenter.fromSession(await loadSession(modelPath, planProviders(device, process.platform, process.arch, cudaAvailable)), modelPath)
  }

  static fromSession(loaded: LoadedSession, model: string): BiRefNetSegmenter {
    const [input] = inputSpecs(loaded.session)
    if (!input || input.shape.length !== 4) throw new EngineError('model_unavailable', `${model}: a segmentation model takes one [1,3,H,W] image input`)
    const h = input.shape[2]
    const w = input.shape[3]
    // Symbolic sides: BiRefNet was trained at 1024².
    const side = typeof h === 'number' && h > 0 ? h : typeof w === 'number' && w > 0 ? w : 1024
    const outs = loaded.session.outputNames
    const output = outs.includes('output_image') ? 'output_image' : outs[outs.length - 1]
    return new BiRefNetSegmenter(loaded, input.name, output, { model, provider: loaded.provider, note: loaded.note, loadMs: loaded.loadMs, side })
  }

  /** Foreground probability at the photo's own size, 0..1. */
  async segment(photo: RgbaImage): Promise<Mask> {
    const side = this.info.side
    const input = await toInputTensor(photo, side)
    const result = await this.loaded.session.run({ [this.inputName]: input }, [this.outputName])
    const out = result[this.outputName]
    const logits = readFloats(out)
    const dims = out.dims.map(Number)
    const oh = dims[dims.length - 2]
    const ow = dims[dims.length - 1]
    if (logits.length !== oh * ow) throw new EngineError('model_unavailable', `${this.info.model}: output "${this.outputName}" [${dims.join(', ')}] is not one mask`)
    const prob = new Float32Array(logits.length)
    for (let i = 0; i < prob.length; i++) prob[i] = 1 / (1 + Math.exp(-logits[i]))
    return resizeMaskBilinear({ width: ow, height: oh, data: prob }, photo.width, photo.height)
  }

  async release(): Promise<void> {
    await this.loaded.session.release()
  }
}

/** Photo → [1,3,S,S] float32, (x/255 - mean) / std per channel. */
async function toInputTensor(photo: RgbaImage, side: number): Promise<ort.Tensor> {
  const rgb = await sharp(Buffer.from(photo.data.buffer, photo.data.byteOffset, photo.data.byteLength), {
    raw: { width: photo.width, height: photo.height, channels: 4 },
  })
    .removeAlpha()
    .resize(side, side, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer()
  const plane = side * side
  const data = new Float32Array(3 * plane)
  for (let c = 0; c < 3; c++) {
    const m = MEAN[c]
    const s = STD[c]
    for (let i = 0, j = c; i < plane; i++, j += 3) data[c * plane + i] = (rgb[j] / 255 - m) / s
  }
  return new ort.Tensor('float32', data, [1, 3, side, side])
}
