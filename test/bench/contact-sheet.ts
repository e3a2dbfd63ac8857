/**
 * Contact sheet of every text style preset, for looking at: each preset renders
 * "맛있는 바나나 50% 할인" and "New Arrival" over a mid-grey tile and a photo-like tile.
 * Run: node bin/run-ts.mjs test/bench/contact-sheet.ts [outDir]   (default /tmp/adstudio-sheet)
 */
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import sharp, { type OverlayOptions } from 'sharp'
import { renderTextLayer } from '../../src/main/engine/steps/text/render-text-layer'
import { STYLE_PRESETS } from '../../src/main/engine/steps/text/style-presets'

const outDir = process.argv[2] ?? '/tmp/adstudio-sheet'
const only = process.argv[3]?.split(',')
const TILE_W = 520
const TILE_H = 200
const TEXTS = ['맛있는 바나나 50% 할인', 'New Arrival']
const PHOTO = new URL('../../../shared/fixtures/pollock.png', import.meta.url).pathname

/** Mid-grey tile, and a photo tile (a shared fixture when present, else a warm studio gradient). */
async function backgrounds(): Promise<Buffer[]> {
  const grey = await sharp({ create: { width: TILE_W, height: TILE_H, channels: 4, background: '#808080' } }).png().toBuffer()
  let photo: Buffer
  if (existsSync(PHOTO)) {
    photo = await sharp(PHOTO).resize(TILE_W, TILE_H, { fit: 'cover' }).ensureAlpha().png().toBuffer()
  } else {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${TILE_W}" height="${TILE_H}"><defs><radialGradient id="g" cx="0.3" cy="0.3" r="0.9"><stop offset="0" stop-color="#f3d9b1"/><stop offset="0.5" stop-color="#a86f45"/><stop offset="1" stop-color="#2d1c14"/></radialGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>`
    photo = await sharp(Buffer.from(svg)).png().toBuffer()
  }
  return [grey, photo]
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true })
  const bgs = await backgrounds()
  const presets = STYLE_PRESETS.filter((p) => !only || only.includes(p.id))
  const composites: OverlayOptions[] = []
  const LABEL_W = 110
  for (const [row, preset] of presets.entries()) {
    const label = `<svg xmlns="http://www.w3.org/2000/svg" width="${LABEL_W}" height="${TILE_H}"><rect width="100%" height="100%" fill="#202020"/><text x="8" y="${TILE_H / 2}" font-size="15" fill="#fff" font-family="sans-serif">${preset.id}</text></svg>`
    composites.push({ input: Buffer.from(label), left: 0, top: row * TILE_H })
    for (const [ti, text] of TEXTS.entries()) {
      const t0 = performance.now()
      const r = renderTextLayer({ text, styleId: preset.id, maxWidth: TILE_W - 40, maxHeight: TILE_H - 30 })
      const ms = performance.now() - t0
      const png = await sharp(Buffer.from(r.layer.data.buffer, r.layer.data.byteOffset, r.layer.data.byteLength), {
        raw: { width: r.layer.width, height: r.layer.height, channels: 4 },
      }).png().toBuffer()
      for (const [bi, bg] of bgs.entries()) {
        const col = ti * 2 + bi
        const left = LABEL_W + col * TILE_W
        const top = row * TILE_H
        composites.push({ input: bg, left, top })
        composites.push({ input: png, left: left + Math.round((TILE_W - r.layer.width) / 2), top: top + Math.round((TILE_H - r.layer.height) / 2) })
      }
      console.log(`${preset.id.padEnd(14)} ${JSON.stringify(text).padEnd(20)} ${r.layer.width}x${r.layer.height} fs=${r.fontSize} lines=${JSON.stringify(r.lines)} font=${r.font.name} ${ms.toFixed(0)}ms`)
    }
  }
  const file = join(outDir, only ? `sheet-${only.join('-')}.png` : 'sheet.png')
  await sharp({ create: { width: LABEL_W + 4 * TILE_W, height: presets.length * TILE_H, channels: 4, background: '#000' } })
    .composite(composites)
    .png()
    .toFile(file)
  console.log(`wrote ${file}`)

  // Timing: the step-2 budget is 250 ms for two lines of Korean + Latin in an 860x300 box.
  const text = '맛있는 바나나 50% 할인\nNew Arrival 특가'
  for (const preset of presets) {
    const times: number[] = []
    for (let i = 0; i < 6; i++) {
      const t0 = performance.now()
      renderTextLayer({ text, styleId: preset.id, maxWidth: 860, maxHeight: 300 })
      if (i > 0) times.push(performance.now() - t0) // the first run warms the JIT and font caches
    }
    times.sort((a, b) => a - b)
    console.log(`timing ${preset.id.padEnd(14)} median of 5: ${times[2].toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times[4].toFixed(0)})`)
  }
}

await main()
