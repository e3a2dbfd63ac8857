import sharp from 'sharp'
import type { IsnetVariant } from '../../ml/isnet-model'
import { ensureIsnetModel } from '../../ml/isnet-model'
import { planProviders, type DevicePreference } from '../../ml/execution-providers'
import { loadSession, ort, type LoadedSession } from '../../ml/ort-session'
import type { Mask, RgbaImage } from '../../image/raster'
import { resizeMaskBilinear } from '../../image/resize-mask'

const SIDE = 1024

export interface SegmenterInfo {
  model: IsnetVariant
  provider: string
  note: string
  loadMs: number
}

/**
 * ISNet (DIS) foreground segmentation. The session is created once and kept: reloading an 88 MB
 * model per job is what made the original slow.
 */
export class IsnetSegmenter {
  private constructor(
    private readonly loaded: LoadedSession,
    readonly info: SegmenterInfo,
  ) {}

  static async create(variant: IsnetVariant, cacheDir: string, device: DevicePreference = 'auto'): Promise<IsnetSegmenter> {
    const { path } = await ensureIsnetModel(variant, cacheDir)
    const loaded = await loadSession(path, planProviders(device))
    return new IsnetSegmenter(loaded, { model: variant, provider: loaded.provider, note: loaded.note, loadMs: loaded.loadMs })
  }

  /** Raw foreground probability at the photo's own size, 0..1. */
  async segment(photo: RgbaImage): Promise<Mask> {
    const input = await toInputTensor(photo)
    // Fetch only `output`: the graph has 11 side outputs we would otherwise copy and discard.
    const result = await this.loaded.session.run({ input }, ['output'])
    const out = result.output
    const prob: Mask = { width: SIDE, height: SIDE, data: out.data as Float32Array }
    return resizeMaskBilinear(prob, photo.width, photo.height)
  }

  async release(): Promise<void> {
    await this.loaded.session.release()
  }
}

/** Photo → [1,3,1024,1024] float32, (x-128)/256, the normalisation ISNet was exported with. */
async function toInputTensor(photo: RgbaImage): Promise<ort.Tensor> {
  const rgb = await sharp(Buffer.from(photo.data.buffer, photo.data.byteOffset, photo.data.byteLength), {
    raw: { width: photo.width, height: photo.height, channels: 4 },
  })
    .removeAlpha()
    .resize(SIDE, SIDE, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer()
  const data = new Float32Array(3 * SIDE * SIDE)
  // A row per call: a small function is compiled after a few rows, where one loop over the
  // whole image would run interpreted for a good part of the first photo of a process.
  for (let y = 0; y < SIDE; y++) planarRow(rgb, y * SIDE, data)
  return new ort.Tensor('float32', data, [1, 3, SIDE, SIDE])
}

/** Pixels i0..i0+SIDE-1 of interleaved RGB bytes into the three normalised planes. */
function planarRow(rgb: Uint8Array, i0: number, data: Float32Array): void {
  const plane = SIDE * SIDE
  for (let i = i0, j = 3 * i0; i < i0 + SIDE; i++, j += 3) {
    data[i] = (rgb[j] - 128) / 256
    data[plane + i] = (rgb[j + 1] - 128) / 256
    data[2 * plane + i] = (rgb[j + 2] - 128) / 256
  }
}
