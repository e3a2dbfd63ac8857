/**
 * Contact sheet of the scene looks (issue 10 §3): every look, the podiums (arch too), gobo light, the
 * seasonal props (SHEET_PROMPTS="a|b" renders only those prompts) and the
 * outdoor prompts, each with three products at 1:1 and 9:16, through the real step 1 (scene,
 * layout, grounding, shadows). Products are cut-outs with their own alpha (no segmentation runs):
 * a job's cutout.png, or any transparent PNG.
 * Run: node bin/run-ts.mjs test/bench/look-sheet.ts <outDir> <product.png>[,<product.png>...]
 * A drawn bottle is always the last product.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp, { type OverlayOptions } from 'sharp'
import { decodeImage } from '../../src/main/engine/image/decode'
import { EngineContext } from '../../src/main/engine/pipeline/engine-context'
import { runStep1 } from '../../src/main/engine/pipeline/step1-product-scene'
import { drawProductPhoto } from '../helpers/synthetic-product'
import { tmpdir } from 'node:os'

const PROMPTS = process.env.SHEET_PROMPTS ? process.env.SHEET_PROMPTS.split('|') : [
  'studio', '', 'marble', 'wood', 'kitchen', 'beach', 'snow', 'neon', 'pastel', 'luxury', 'holiday', 'nature', 'concrete',
  'linen', 'sunset', 'spring', 'terrazzo', 'acrylic', 'gradient', 'autumn forest floor', 'picnic outdoor', '추석 명절',
  'marble podium', 'pastel stacked discs', 'concrete cube', 'linen, window light',
  'fabric drape', '실크 드레이프', 'tabletop, blurred horizon', 'pastel arch podium', '아치 받침대 베이지', 'concrete, leaf shadows',
  '추석 선물 세트', '설날 선물', 'christmas gift', 'summer beach sale', 'chuseok marble podium',
]
const SIZES: [number, number][] = [[360, 360], [360, 640]]

async function main(): Promise<void> {
  const outDir = process.argv[2] ?? '/tmp/adstudio-looks'
  mkdirSync(outDir, { recursive: true })
  const paths = process.argv[3]?.split(',') ?? []
  // The drawn bottle always comes along: a tall product with a flat base.
  const bottle = await decodeImage((await drawProductPhoto({ width: 400, height: 560, transparent: true })).png, 'bottle')
  const products = [...(await Promise.all(paths.map(async (p) => decodeImage(readFileSync(p), p)))), bottle]
  const ctx = new EngineContext({ cacheDir: join(tmpdir(), 'adstudio-sheet-cache'), device: 'cpu' })
  const composites: OverlayOptions[] = []
  const colW = SIZES.reduce((s, [w]) => s + w, 0) * products.length
  let y = 0
  for (const prompt of PROMPTS) {
    let x = 0
    let rowH = 0
    for (const product of products) {
      for (const [w, h] of SIZES) {
        const s1 = await runStep1({ product, width: w, height: h, bgPrompt: prompt, seed: 11, segmentation: 'isnet-medium' }, ctx)
        const png = await sharp(Buffer.from(s1.image.data.buffer), { raw: { width: w, height: h, channels: 4 } }).png().toBuffer()
        composites.push({ input: png, left: x, top: y })
        x += w
        rowH = Math.max(rowH, h)
      }
    }
    const label = `<svg xmlns="http://www.w3.org/2000/svg" width="360" height="24"><rect width="100%" height="100%" fill="#000" opacity="0.6"/><text x="6" y="17" font-size="15" fill="#fff" font-family="sans-serif">${prompt || '(no words)'}</text></svg>`
    composites.push({ input: Buffer.from(label), left: 0, top: y })
    y += rowH
  }
  await ctx.dispose()
  const file = join(outDir, 'looks.png')
  await sharp({ create: { width: colW, height: y, channels: 4, background: '#111' } }).composite(composites).png().toFile(file)
  console.log(`wrote ${file} (${PROMPTS.length} prompts × ${products.length} products × ${SIZES.length} sizes)`)
}

await main()
