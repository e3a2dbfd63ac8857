import sharp from 'sharp'
import { generateBackground } from '../src/main/engine/steps/background/generate-background'
const prompts = process.argv.slice(2)
const tiles: Buffer[] = []
const T = 360
for (const p of prompts) {
  const r = generateBackground({ width: T, height: T, prompt: p, seed: 7 })
  console.log(p, '→', r.look.id, r.look.name, r.look.matchedWords.join(','))
  tiles.push(await sharp(Buffer.from(r.image.data.buffer), { raw: { width: T, height: T, channels: 4 } }).png().toBuffer())
}
const cols = 4
const rows = Math.ceil(tiles.length / cols)
await sharp({ create: { width: cols * T, height: rows * T, channels: 4, background: '#000' } })
  .composite(tiles.map((t, i) => ({ input: t, left: (i % cols) * T, top: Math.floor(i / cols) * T }))).png().toFile('/tmp/design/sheet.png')
