/** Conversions between the engine's RGBA images / masks and the NCHW tensors diffusion models use. */
import type { Mask, RgbaImage } from '../../image/raster'

/** RGB of an image as [1,3,H,W] in [-1,1] (the VAE encoder's input range). */
export function rgbaToSignedNchw(img: RgbaImage): Float32Array {
  const plane = img.width * img.height
  const out = new Float32Array(3 * plane)
  for (let i = 0, j = 0; i < plane; i++, j += 4) {
    out[i] = img.data[j] / 127.5 - 1
    out[plane + i] = img.data[j + 1] / 127.5 - 1
    out[2 * plane + i] = img.data[j + 2] / 127.5 - 1
  }
  return out
}

/** [1,3,H,W] in [-1,1] → opaque RGBA (image = clamp(x/2 + 0.5)). */
export function signedNchwToRgba(data: Float32Array, width: number, height: number): RgbaImage {
  const plane = width * height
  const out = new Uint8ClampedArray(plane * 4)
  for (let i = 0, j = 0; i < plane; i++, j += 4) {
    out[j] = Math.round((data[i] / 2 + 0.5) * 255)
    out[j + 1] = Math.round((data[plane + i] / 2 + 0.5) * 255)
    out[j + 2] = Math.round((data[2 * plane + i] / 2 + 0.5) * 255)
    out[j + 3] = 255
  }
  return { width, height, data: out }
}

/** A control image for ControlNet: [1,3,H,W] in [0,1]; a one-channel edge map is repeated to RGB. */
export function controlTensor(edges: Uint8Array | RgbaImage, width: number, height: number): Float32Array {
  const plane = width * height
  const out = new Float32Array(3 * plane)
  for (let i = 0; i < plane; i++) {
    if (edges instanceof Uint8Array) {
      out[i] = out[plane + i] = out[2 * plane + i] = edges[i] / 255
    } else {
      out[i] = edges.data[i * 4] / 255
      out[plane + i] = edges.data[i * 4 + 1] / 255
      out[2 * plane + i] = edges.data[i * 4 + 2] / 255
    }
  }
  return out
}

/** A mask at latent size (nearest sample at each latent pixel's centre), binarised at 0.5: 1 = repaint. */
export function maskToLatent(mask: Mask, lw: number, lh: number): Float32Array {
  const out = new Float32Array(lw * lh)
  for (let y = 0; y < lh; y++) {
    const sy = Math.min(mask.height - 1, Math.floor(((y + 0.5) * mask.height) / lh))
    for (let x = 0; x < lw; x++) {
      const sx = Math.min(mask.width - 1, Math.floor(((x + 0.5) * mask.width) / lw))
      out[y * lw + x] = mask.data[sy * mask.width + sx] >= 0.5 ? 1 : 0
    }
  }
  return out
}

/** The image with the repaint area blanked (diffusers: image * (mask < 0.5)), in [-1,1] NCHW. */
export function maskedImageTensor(img: RgbaImage, mask: Mask): Float32Array {
  const t = rgbaToSignedNchw(img)
  const plane = img.width * img.height
  for (let i = 0; i < plane; i++) if (mask.data[i] >= 0.5) t[i] = t[plane + i] = t[2 * plane + i] = 0
  return t
}

/** Concatenates per-sample channel blocks: [a (ca ch), b (cb ch), ...] for one batch item. */
export function concatChannels(...blocks: Float32Array[]): Float32Array {
  const out = new Float32Array(blocks.reduce((s, b) => s + b.length, 0))
  let o = 0
  for (const b of blocks) {
    out.set(b, o)
    o += b.length
  }
  return out
}

/** Repeats one batch item n times along the batch axis. */
export function repeatBatch(item: Float32Array, n: number): Float32Array {
  const out = new Float32Array(item.length * n)
  for (let i = 0; i < n; i++) out.set(item, i * item.length)
  return out
}
