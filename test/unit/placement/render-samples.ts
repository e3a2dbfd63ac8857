/**
 * Visual check of placement (not a test): composites synthetic products, and the lemur fixture when
 * ../shared/fixtures is there, under several lights, glossy on and off, into /tmp/place-samples/.
 *   node bin/run-ts.mjs test/unit/placement/render-samples.ts
 */
import { existsSync, mkdirSync } from 'node:fs'
import sharp from 'sharp'
import type { Box, RgbaImage } from '../../../src/main/engine/image/raster'
import type { SceneLight } from '../../../src/main/engine/steps/background/scene-types'
import { computePlacement } from '../../../src/main/engine/steps/placement/auto-place'
import { compositeProduct } from '../../../src/main/engine/steps/placement/composite-product'
import { drawBottle, drawDisc, drawTray, makeLayout, makeLight, studioBackground } from './synthetic'

const OUT = '/tmp/place-samples'
const FIXTURES = new URL('../../../../shared/fixtures/', import.meta.url).pathname

type Source = { name: string; bbox: Box; render: (w: number, h: number) => Promise<RgbaImage> }

const drawn = (name: string, w: number, h: number, fn: (w: number, h: number) => RgbaImage): Source => ({
  name,
  bbox: [0, 0, w, h],
  render: async (bw, bh) => fn(bw, bh),
})

async function lemurSource(): Promise<Source | null> {
  if (!existsSync(FIXTURES + 'lemur.png') || !existsSync(FIXTURES + 'lemur_alpha.png')) return null
  const rgb = await sharp(FIXTURES + 'lemur.png').removeAlpha().raw().toBuffer({ resolveWithObject: true })
  const alpha = await sharp(FIXTURES + 'lemur_alpha.png').extractChannel(0).raw().toBuffer()
  const { width, height } = rgb.info
  let x0 = width, y0 = height, x1 = -1, y1 = -1
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    if (alpha[y * width + x] > 8) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y) }
  }
  const rgba = Buffer.alloc(width * height * 4)
  for (let i = 0; i < width * height; i++) {
    rgba[i * 4] = rgb.data[i * 3]; rgba[i * 4 + 1] = rgb.data[i * 3 + 1]; rgba[i * 4 + 2] = rgb.data[i * 3 + 2]; rgba[i * 4 + 3] = alpha[i]
  }
  const bbox: Box = [x0, y0, x1 - x0 + 1, y1 - y0 + 1]
  return {
    name: 'lemur',
    bbox,
    render: async (bw, bh) => {
      const buf = await sharp(rgba, { raw: { width, height, channels: 4 } })
        .extract({ left: bbox[0], top: bbox[1], width: bbox[2], height: bbox[3] })
        .resize(bw, bh, { fit: 'fill', kernel: 'lanczos3' })
        .raw()
        .toBuffer()
      return { width: bw, height: bh, data: new Uint8ClampedArray(buf.buffer, buf.byteOffset, buf.length) }
    },
  }
}

async function render(src: Source, W: number, H: number, light: SceneLight, glossy: boolean, file: string, dark = glossy): Promise<number> {
  const layout = makeLayout(W, H, { glossy, reflectivity: glossy ? 0.3 : 0 })
  const bg = studioBackground(W, H, layout.horizonY, dark ? [60, 66, 80] : undefined, dark ? [44, 46, 54] : undefined)
  const { box } = computePlacement({ productBox: src.bbox, canvas: { width: W, height: H }, layout })
  const product = await src.render(box[2], box[3])
  const res = compositeProduct({ background: bg, product, box, light, layout })
  await sharp(Buffer.from(res.image.data.buffer), { raw: { width: W, height: H, channels: 4 } }).png().toFile(`${OUT}/${file}`)
  return res.timings.totalMs
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true })
  const sources: Source[] = [drawn('bottle', 300, 1000, drawBottle), drawn('ball', 500, 500, drawDisc), drawn('tray', 1200, 300, drawTray)]
  const lemur = await lemurSource()
  if (lemur) sources.push(lemur)
  const lights: [string, SceneLight][] = [
    ['left45', makeLight(150, 40, 0.3)],
    ['right60', makeLight(30, 60, 0.5)],
    ['top-hard', makeLight(100, 35, 0.05)],
    ['side-low-soft', makeLight(180, 20, 0.9)],
    ['front', makeLight(260, 45, 0.4)],
  ]
  for (const src of sources) {
    for (const [ln, light] of lights) await render(src, 1024, 1024, light, false, `${src.name}-${ln}.png`)
    await render(src, 1024, 1024, lights[0][1], true, `${src.name}-glossy.png`)
    await render(src, 1024, 1024, lights[0][1], true, `${src.name}-glossy-white.png`, false)
  }
  await render(sources[0], 1080, 1920, lights[0][1], false, 'bottle-story.png')
  await render(sources[2], 1200, 628, lights[1][1], true, 'tray-banner.png')
  if (lemur) await render(lemur, 1200, 628, lights[0][1], false, 'lemur-banner.png')
  console.log('wrote', OUT)
}

await main()
