import sharp from 'sharp'
import { drawProductPhoto } from '../../helpers/synthetic-product'

let product: string | null = null

/** A small RGBA product cut-out (its own alpha: no segmentation model run), base64. */
export async function productB64(): Promise<string> {
  product ??= (await drawProductPhoto({ width: 240, height: 320, transparent: true })).png.toString('base64')
  return product
}

/** A transparent layer with an opaque bar, like a step-2 text layer, base64 PNG. */
export async function textLayerB64(width = 256, height = 256): Promise<string> {
  const bar = await sharp({ create: { width: Math.round(width * 0.6), height: Math.round(height * 0.15), channels: 4, background: { r: 230, g: 190, b: 40, alpha: 1 } } }).png().toBuffer()
  const png = await sharp({ create: { width, height, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([{ input: bar, left: Math.round(width * 0.2), top: Math.round(height * 0.1) }])
    .png()
    .toBuffer()
  return png.toString('base64')
}

/** Width, height, channels and format of base64 or raw image bytes. */
export async function imageInfo(data: string | Buffer) {
  const m = await sharp(typeof data === 'string' ? Buffer.from(data, 'base64') : data).metadata()
  return { width: m.width, height: m.height, channels: m.channels, format: m.format, hasAlpha: m.hasAlpha }
}

/** A request body for a fast job: 256x256, RGBA product, fixed seed. */
export async function smallJob(extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  return { start_step: 1, product_image: await productB64(), bg_prompt: 'marble table', text_content: 'New Product', width: 256, height: 256, seed: 7, ...extra }
}
