/**
 * Timing for refineMatte (not a test): `npx tsx test/unit/segment/measure-refine-matte.ts`.
 * Prints the median of 5 runs per size after one warm-up run.
 */
import { refineMatteWithStats } from '../../../src/main/engine/steps/segment/refine-matte'
import type { Mask, RgbaImage } from '../../../src/main/engine/image/raster'
import { rng } from './synthetic'

/**
 * A soft, slightly noisy ellipse with specks, on a photo with a matching edge and some texture.
 * `scale` 0.35 keeps it inside the frame; 0.6 makes it run off every side, so no region can be
 * skipped (the slow case).
 */
function fixture(width: number, height: number, scale: number): { raw: Mask; photo: RgbaImage } {
  const rand = rng(7)
  const n = width * height
  const raw = new Float32Array(n)
  const photo = new Uint8ClampedArray(n * 4)
  const cx = width / 2
  const cy = height / 2
  const rad = Math.min(width, height) * scale
  const soft = Math.max(1.5, Math.max(width, height) / 512)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x
      const d = Math.hypot(x - cx, (y - cy) * 1.2) - rad
      const p = 1 / (1 + Math.exp(d / soft)) + (rand() - 0.5) * 0.1
      raw[i] = p < 0 ? 0 : p > 1 ? 1 : p
      const v = (d < 0 ? 190 : 50) + rand() * 20
      photo[i * 4] = v
      photo[i * 4 + 1] = v * 0.9
      photo[i * 4 + 2] = v * 0.8
      photo[i * 4 + 3] = 255
    }
  }
  for (let s = 0; s < 200; s++) {
    const x = Math.floor(rand() * (width - 3))
    const y = Math.floor(rand() * (height - 3))
    for (let k = 0; k < 3; k++) raw[(y + k) * width + x + k] = 0.9
  }
  return { raw: { width, height, data: raw }, photo: { width, height, data: photo } }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

const sizes: Array<[number, number]> = process.argv.length > 2
  ? process.argv.slice(2).map((s) => s.split('x').map(Number) as [number, number])
  : [[1024, 1024], [4000, 3000]]
for (const [w, h] of sizes) for (const scale of [0.35, 0.6]) {
  const { raw, photo } = fixture(w, h, scale)
  refineMatteWithStats(raw, photo)
  const times: number[] = []
  let stats = refineMatteWithStats(raw, photo).stats
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now()
    stats = refineMatteWithStats(raw, photo).stats
    times.push(performance.now() - t0)
  }
  const mem = process.memoryUsage()
  console.log(
    `${w}x${h} ${scale === 0.35 ? 'inside frame' : 'fills frame '}: median ${median(times).toFixed(1)} ms (runs ${times.map((t) => t.toFixed(0)).join(', ')}); ` +
      `rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB; stats ${JSON.stringify(stats)}`,
  )
}
