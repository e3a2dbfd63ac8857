import { EngineContext } from '../../src/main/engine/pipeline/engine-context'
import { runJob } from '../../src/main/engine/pipeline/run-job'
import { runStep2 } from '../../src/main/engine/pipeline/step2-text'
import { runStep3 } from '../../src/main/engine/pipeline/step3-compose'
import { runStep1 } from '../../src/main/engine/pipeline/step1-product-scene'
import { decodeImage } from '../../src/main/engine/image/decode'
import { generateRequestSchema } from '../../src/shared/generate-request'
import { drawProductPhoto } from '../helpers/synthetic-product'
import { readFile } from 'node:fs/promises'
import { sharedFixture } from '../helpers/fixtures'
import { median, type Row } from './bench-utils'

const TEXT = '맛있는 바나나 50% 할인\nNew Arrival'

/** Steps 2 and 3 at 1024x1024, and a whole built-in ad (warm, one process). */
export async function textComposeBench(runs: number, cacheDir: string): Promise<Row[]> {
  const ctx = new EngineContext({ cacheDir, device: 'cpu' })
  const shot = await drawProductPhoto({ width: 800, height: 800, transparent: true })
  const product = await decodeImage(shot.png, 'product')
  const s1 = await runStep1({ product, width: 1024, height: 1024, bgPrompt: 'marble', seed: 1, segmentation: 'isnet-medium' }, ctx)
  const canvas = { width: 1024, height: 1024 }
  const s2ms: number[] = []
  const s3ms: number[] = []
  const styles = ['gold', 'neon', 'chrome', 'retro 3d', '나무']
  for (let i = 0; i < runs; i++) {
    for (const style of styles) {
      const s2 = runStep2({ text: TEXT, fontName: null, stylePrompt: style, styleId: null, canvas, seed: i })
      s2ms.push(s2.ms)
      for (const mode of ['overlay', 'blend', 'behind'] as const) {
        s3ms.push(runStep3({ scene: s1.image, productMask: s1.mask, textLayer: s2.layer, textFace: s2.face, mode, position: 'auto', light: s1.light }).ms)
      }
    }
  }
  // A whole ad from a photo without alpha, so segmentation is included.
  const banana = sharedFixture('banana.png')
  const photo = banana ? await readFile(banana) : (await drawProductPhoto({ width: 800, height: 800, backdrop: 'gradient' })).png
  const params = generateRequestSchema.parse({ product_image: 'x', text_content: TEXT, bg_prompt: 'marble table', text_position: 'auto', seed: 1 })
  await runJob(params, { product: photo }, ctx)
  const full: number[] = []
  for (let i = 0; i < runs; i++) full.push((await runJob({ ...params, seed: i }, { product: photo }, ctx)).record.timings_ms.total)
  await ctx.dispose()
  return [
    { name: 'step 2 text layer (5 styles, 2 lines)', median: median(s2ms), unit: 'ms', runs: s2ms.length, target: '≤ 300' },
    { name: 'step 3 composition (3 modes, auto)', median: median(s3ms), unit: 'ms', runs: s3ms.length, target: '≤ 100' },
    { name: 'full built-in ad, warm (photo → final)', median: median(full), unit: 'ms', runs, target: '≤ 3000' },
  ]
}
