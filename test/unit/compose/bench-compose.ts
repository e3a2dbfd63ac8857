/**
 * Step-3 timing at 1024x1024 (not a test): median of 5 runs after a warm-up, per mode, for a
 * light scene (the guard has to work) and a dark one (no guard). Wall time and process CPU time
 * are both reported: on a shared machine the CPU time is the steadier of the two. Run:
 *   node bin/run-ts.mjs test/unit/compose/bench-compose.ts
 */
import { composeAd } from '../../../src/main/engine/steps/compose/compose-ad'
import type { CompositionMode, TextPosition } from '../../../src/main/engine/steps/compose/types'
import { makeScene, makeText } from './render-samples'

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const light = makeScene(1024, 1024, { cx: 512, cy: 560, r: 230, top: [250, 226, 205], bottom: [205, 160, 130] })
const dark = makeScene(1024, 1024, { cx: 512, cy: 540, r: 240, top: [40, 52, 80], bottom: [12, 16, 28] })
const texts = { white: makeText(['SUMMER SALE', 'UP TO 50% OFF'], 'white'), gold: makeText(['Premium Tea'], 'gold', 130) }
const modes: CompositionMode[] = ['overlay', 'blend', 'behind']
const positions: TextPosition[] = ['auto', 'top']

// Warm-up: every configuration three times, so each code path (plate, shadow, blend...) is
// compiled before it is timed, as it is in a long-running engine process.
for (let warm = 0; warm < 3; warm++) {
  for (const s of [light, dark]) {
    for (const t of Object.values(texts)) {
      for (const mode of modes) {
        for (const position of positions) composeAd({ scene: s.scene, productMask: s.mask, textLayer: t, mode, position })
      }
    }
  }
}
for (const [sn, s] of Object.entries({ light, dark })) {
  for (const [tn, t] of Object.entries(texts)) {
    for (const mode of modes) {
      for (const position of positions) {
        const times: number[] = []
        const cpu: number[] = []
        let guard = ''
        for (let k = 0; k < 5; k++) {
          const c0 = process.cpuUsage()
          const t0 = performance.now()
          const r = composeAd({ scene: s.scene, productMask: s.mask, textLayer: t, mode, position })
          times.push(performance.now() - t0)
          const c = process.cpuUsage(c0)
          cpu.push((c.user + c.system) / 1000)
          guard = r.legibility.guard
        }
        console.log(
          `${sn}-${tn}-${mode}-${position}`.padEnd(28),
          `guard=${guard}`.padEnd(14),
          `wall median ${median(times).toFixed(1)} ms`.padEnd(22),
          `cpu median ${median(cpu).toFixed(1)} ms`.padEnd(22),
          `(wall ${times.map((x) => x.toFixed(0)).join(' ')})`,
        )
      }
    }
  }
}
