/**
 * VAE: latents ↔ images. Decode latents/scaling → [-1,1] → RGBA; encode an image to the latent
 * mean (deterministic: the product's own pixels should not get a random re-interpretation) times
 * the scaling factor.
 */
import { EngineError } from '../../errors'
import type { RgbaImage } from '../../image/raster'
import type { ModelSessions } from '../../ml/session-pool'
import { buildFeeds, readFloats } from '../../ml/tensor-feeds'
import { rgbaToSignedNchw, signedNchwToRgba } from './image-tensors'

export async function decodeLatents(sessions: ModelSessions, decoder: string, latents: Float32Array[], lw: number, lh: number, scaling: number): Promise<RgbaImage[]> {
  return sessions.use(decoder, async ({ session }) => {
    const out = session.outputNames.includes('sample') ? 'sample' : session.outputNames[0]
    const images: RgbaImage[] = []
    for (const z of latents) {
      const scaled = z.map((v) => v / scaling)
      const res = await session.run(buildFeeds(session, { latent_sample: { data: scaled, dims: [1, 4, lh, lw] } }, { latent: 'latent_sample', sample: 'latent_sample' }), [out])
      const t = res[out]
      const [, , H, W] = t.dims.map(Number)
      if (W !== lw * 8 || H !== lh * 8) throw new EngineError('model_unavailable', `VAE decoder gave ${W}x${H} for ${lw}x${lh} latents (expected 8x)`)
      images.push(signedNchwToRgba(readFloats(t), W, H))
    }
    return images
  })
}

/** Image latents × scaling (the mean of latent_parameters, or latent_sample for older exports). */
export async function encodeImage(sessions: ModelSessions, encoder: string | null, image: RgbaImage | Float32Array, width: number, height: number, scaling: number): Promise<Float32Array> {
  if (!encoder) throw new EngineError('model_unavailable', 'this model folder has no vae_encoder: image-to-image and inpainting need one')
  return sessions.use(encoder, async ({ session }) => {
    const data = image instanceof Float32Array ? image : rgbaToSignedNchw(image)
    const names = session.outputNames
    const out = names.includes('latent_parameters') ? 'latent_parameters' : names.includes('latent_sample') ? 'latent_sample' : names[0]
    const res = await session.run(buildFeeds(session, { sample: { data, dims: [1, 3, height, width] } }), [out])
    const t = res[out]
    const values = readFloats(t)
    const channels = Number(t.dims[1])
    const plane = (width / 8) * (height / 8)
    if (channels !== 4 && channels !== 8) throw new EngineError('model_unavailable', `VAE encoder output "${out}" has ${channels} channels (expected 4, or 8 = mean ‖ logvar)`)
    // mean is the first 4 channels of mean ‖ logvar.
    return values.slice(0, 4 * plane).map((v) => v * scaling)
  })
}
