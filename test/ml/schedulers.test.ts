import { describe, expect, it } from 'vitest'
import { SeededGaussian } from '../../src/main/engine/diffusion/gaussian'
import { ddimStepValue } from '../../src/main/engine/diffusion/schedulers/ddim'
import { ancestralSigmas, eulerAncestralDeterministic, eulerStepValue, EulerScheduler } from '../../src/main/engine/diffusion/schedulers/euler'
import { createScheduler, defaultSchedulerConfig, parseSchedulerConfig } from '../../src/main/engine/diffusion/schedulers'
import { karrasSigmas } from '../../src/main/engine/diffusion/schedulers/karras'
import { lcmDenoisedValue, lcmTimesteps } from '../../src/main/engine/diffusion/schedulers/lcm'
import { alphasCumprod, roundHalfEven, sigmasAt, spacedTimesteps, trainingSigmas } from '../../src/main/engine/diffusion/schedulers/noise-schedule'

// Reference numbers: ENGINE-REFERENCE §4 (diffusers formulas, float64), rtol 1e-4.
const close = (actual: number, expected: number, rtol = 1e-4) =>
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(rtol * Math.abs(expected) + 1e-12)
const allClose = (actual: readonly number[], expected: readonly number[]) => {
  expect(actual.length).toBe(expected.length)
  actual.forEach((a, i) => close(a, expected[i]))
}

const sd = defaultSchedulerConfig('euler', 'trailing')
const ac = alphasCumprod(sd)
const sig = trainingSigmas(ac)

describe('noise schedule', () => {
  it('alphas_cumprod and sigmas match diffusers', () => {
    close(ac[0], 0.99915)
    close(ac[499], 0.2776697)
    close(ac[999], 0.0046601)
    close(sig[999], 14.614641)
    close(sig[0], 0.0291672)
  })

  it('trailing timesteps and sigmas', () => {
    expect(spacedTimesteps('trailing', 1, 1000, 0)).toEqual([999])
    expect(spacedTimesteps('trailing', 2, 1000, 0)).toEqual([999, 499])
    expect(spacedTimesteps('trailing', 4, 1000, 0)).toEqual([999, 749, 499, 249])
    expect(spacedTimesteps('trailing', 8, 1000, 0)).toEqual([999, 874, 749, 624, 499, 374, 249, 124])
    allClose(sigmasAt([999], sig), [14.614641, 0])
    allClose(sigmasAt([999, 499], sig), [14.614641, 1.612886, 0])
    allClose(sigmasAt([999, 749, 499, 249], sig), [14.614641, 4.081729, 1.612886, 0.693205, 0])
  })

  it('leading and linspace timesteps', () => {
    expect(spacedTimesteps('leading', 4, 1000, 1)).toEqual([751, 501, 251, 1])
    expect(spacedTimesteps('linspace', 4, 1000, 0)).toEqual([999, 666, 333, 0])
  })

  it('rounds halves to even like numpy', () => {
    expect([0.5, 1.5, 2.5, 937.5, 812.5, -0.5, 3.2].map(roundHalfEven)).toEqual([0, 2, 2, 938, 812, -0, 3])
    // 16 trailing steps put 937.5 and 812.5 on the grid.
    expect(spacedTimesteps('trailing', 16, 1000, 0).slice(0, 4)).toEqual([999, 937, 874, 811])
  })
})

describe('schedulers', () => {
  it('Euler: model-input scale, init sigma, one step', () => {
    const s = new EulerScheduler(sd, 4)
    allClose([0, 1, 2, 3].map((i) => s.inputScale(i)), [0.068265, 0.237957, 0.526944, 0.821847])
    close(s.initNoiseSigma, 14.614641)
    close(eulerStepValue(1, 0.5, 14.614641, 0), -6.307321)
    const one = new EulerScheduler(sd, 1).step(0, Float32Array.of(1), Float32Array.of(0.5), () => new Float32Array(1))
    close(one[0], -6.307321)
    const two = new EulerScheduler(sd, 2).step(0, Float32Array.of(1), Float32Array.of(0.5), () => new Float32Array(1))
    close(two[0], -5.500878)
  })

  it('Euler leading: init sigma is sqrt(max^2 + 1)', () => {
    const s = new EulerScheduler(parseSchedulerConfig({ timestep_spacing: 'leading', steps_offset: 1 }, 'euler'), 4)
    expect(s.timesteps).toEqual([751, 501, 251, 1])
    close(s.initNoiseSigma, Math.sqrt(Math.max(...s.sigmas) ** 2 + 1))
  })

  it('Euler ancestral: sigma_up, sigma_down, value before noise', () => {
    const { up, down } = ancestralSigmas(14.614641, 1.612886)
    close(up, 1.603034)
    close(down, 0.178, 2e-4)
    close(eulerAncestralDeterministic(1, 0.5, 14.614641, down), -6.218321)
    const s = createScheduler(defaultSchedulerConfig('euler_a', 'trailing'), 2)
    const noSample = s.step(0, Float32Array.of(1), Float32Array.of(0.5), (n) => new Float32Array(n))
    close(noSample[0], -6.218321)
  })

  it('LCM timesteps and final step', () => {
    expect(lcmTimesteps(2, 1000, 50)).toEqual([999, 499])
    expect(lcmTimesteps(4, 1000, 50)).toEqual([999, 759, 499, 259])
    expect(lcmTimesteps(8, 1000, 50)).toEqual([999, 879, 759, 639, 499, 379, 259, 139])
    close(lcmDenoisedValue(1, 0.5, ac[999], 999), 7.341493)
    const s = createScheduler(defaultSchedulerConfig('lcm'), 1)
    expect(s.timesteps).toEqual([999])
    close(s.step(0, Float32Array.of(1), Float32Array.of(0.5), () => { throw new Error('last step draws no noise') })[0], 7.341493)
  })

  it('DDIM 999 -> 749', () => {
    close(ddimStepValue(1, 0.5, ac[999], ac[749]), 2.232597)
    const s = createScheduler(defaultSchedulerConfig('ddim', 'trailing'), 4)
    expect(s.timesteps).toEqual([999, 749, 499, 249])
    close(s.step(0, Float32Array.of(1), Float32Array.of(0.5), () => new Float32Array(1))[0], 2.232597)
  })

  it('strength skips the first steps (img2img)', () => {
    const s = createScheduler(sd, 4, 0.6)
    expect(s.timesteps).toEqual([499, 249])
    close(s.addNoise(Float32Array.of(0), Float32Array.of(1), 0)[0], 1.612886)
    expect(createScheduler(sd, 4, 0.2).timesteps).toEqual([])
  })

  it('reads a real scheduler_config.json', () => {
    const cfg = parseSchedulerConfig({
      _class_name: 'EulerAncestralDiscreteScheduler',
      beta_start: 0.00085,
      beta_end: 0.012,
      beta_schedule: 'scaled_linear',
      num_train_timesteps: 1000,
      prediction_type: 'epsilon',
      steps_offset: 1,
      timestep_spacing: 'trailing',
      trained_betas: null,
    })
    expect(cfg.kind).toBe('euler_a')
    expect(() => parseSchedulerConfig({ beta_schedule: 'cosine' })).toThrow(/beta_schedule/)
  })

  it('maps PNDM to PLMS and says which classes fall back to what', () => {
    expect(parseSchedulerConfig({ _class_name: 'PNDMScheduler', skip_prk_steps: true })).toMatchObject({ kind: 'pndm', kindNote: 'scheduler pndm from PNDMScheduler' })
    expect(parseSchedulerConfig({ _class_name: 'PNDMScheduler' }).kindNote).toMatch(/PLMS only/)
    const dpm = parseSchedulerConfig({ _class_name: 'DPMSolverMultistepScheduler', use_karras_sigmas: true })
    expect(dpm).toMatchObject({ kind: 'euler', useKarrasSigmas: true })
    expect(dpm.kindNote).toBe('DPMSolverMultistepScheduler is not implemented: using Euler with the same noise schedule')
    expect(parseSchedulerConfig({ _class_name: 'UniPCMultistepScheduler' }).kind).toBe('euler')
    expect(parseSchedulerConfig({ _class_name: 'TCDScheduler' })).toMatchObject({ kind: 'lcm', kindNote: expect.stringMatching(/using LCM/) })
    expect(parseSchedulerConfig({ _class_name: 'FancyScheduler' }).kindNote).toMatch(/FancyScheduler is not supported: using Euler/)
  })
})

// Karras and PNDM reference numbers: an independent float64 implementation of diffusers'
// formulas (EulerDiscreteScheduler use_karras_sigmas, _sigma_to_t; PNDMScheduler skip_prk_steps),
// SD betas (scaled_linear 0.00085..0.012); rtol 1e-4 as above.
const sdConfig = (extra: Record<string, unknown>) => ({ beta_start: 0.00085, beta_end: 0.012, beta_schedule: 'scaled_linear', num_train_timesteps: 1000, ...extra })

describe('Karras sigmas', () => {
  const karras = (extra: Record<string, unknown>, steps: number) => new EulerScheduler(parseSchedulerConfig(sdConfig({ _class_name: 'EulerDiscreteScheduler', use_karras_sigmas: true, ...extra })), steps)
  // The last Karras sigma is sigma_0 itself, so its timestep is 0 (float64 gives 1e-15).
  const timestepsClose = (actual: readonly number[], expected: readonly number[]) => {
    expect(actual.length).toBe(expected.length)
    actual.forEach((a, i) => (expected[i] === 0 ? expect(Math.abs(a)).toBeLessThan(1e-6) : close(a, expected[i])))
  }

  it('rho 7 spacing between sigma_min and sigma_max', () => {
    allClose(karrasSigmas(0.0291672, 14.614641, 4), [14.614641, 3.168603, 0.446918, 0.0291672])
    allClose(karrasSigmas(0.1, 10, 1), [10])
  })

  it('linspace (Euler default), 4 and 8 steps: sigmas, timesteps from log-sigma interpolation, final 0', () => {
    const four = karras({}, 4)
    allClose(four.sigmas, [14.614641, 3.168603, 0.446918, 0.0291672, 0])
    timestepsClose(four.timesteps, [999, 687.152746, 145.938069, 0])
    const eight = karras({}, 8)
    allClose(eight.sigmas, [14.614641, 7.902935, 4.027738, 1.910357, 0.828868, 0.32112, 0.107198, 0.0291672, 0])
    timestepsClose(eight.timesteps, [999, 889.546243, 745.867253, 549.016097, 298.656771, 89.941734, 12.000854, 0])
  })

  it('the range comes from the spaced grid: trailing and leading', () => {
    const trailing = karras({ timestep_spacing: 'trailing' }, 4)
    allClose(trailing.sigmas, [14.614641, 6.083511, 2.233308, 0.693205, 0])
    timestepsClose(trailing.timesteps, [999, 837.166907, 593.64631, 249])
    const leading = karras({ timestep_spacing: 'leading', steps_offset: 1 }, 4)
    allClose(leading.sigmas, [4.116696, 1.208777, 0.273387, 0.0413144, 0])
    timestepsClose(leading.timesteps, [751, 411.41532, 69.40329, 1])
    const eight = karras({ timestep_spacing: 'trailing' }, 8)
    timestepsClose(eight.timesteps, [999, 927.142775, 841.615678, 737.265475, 607.423723, 448.108676, 272.851043, 124])
  })

  it('Euler steps and input scales follow the Karras sigmas; Euler ancestral and overrides too', () => {
    const s = karras({}, 4)
    close(s.initNoiseSigma, 14.614641)
    allClose([0, 1, 2, 3].map((i) => s.inputScale(i)), [0.068265, 0.300964, 0.912971, 0.999575])
    close(s.step(0, Float32Array.of(1), Float32Array.of(0.5), () => new Float32Array(1))[0], -4.723019)
    const a = createScheduler(parseSchedulerConfig(sdConfig({ _class_name: 'EulerAncestralDiscreteScheduler', use_karras_sigmas: true })), 4) as EulerScheduler
    expect(a.kind).toBe('euler_a')
    allClose(a.sigmas, [14.614641, 3.168603, 0.446918, 0.0291672, 0])
    const ranged = karras({ sigma_min: 0.1, sigma_max: 10 }, 3)
    allClose(ranged.sigmas, [10, ...karrasSigmas(0.1, 10, 3).slice(1), 0])
  })
})

describe('PNDM (PLMS, skip_prk_steps)', () => {
  const sd15 = sdConfig({ _class_name: 'PNDMScheduler', skip_prk_steps: true, steps_offset: 1, set_alpha_to_one: false })
  const pndm = (steps: number, extra: Record<string, unknown> = {}, strength = 1) => createScheduler(parseSchedulerConfig({ ...sd15, ...extra }), steps, strength)
  /** Runs every step from x = 1 with model outputs out(i). */
  const run = (steps: number, out: (i: number) => number, extra: Record<string, unknown> = {}) => {
    const s = pndm(steps, extra)
    let x: Float32Array = Float32Array.of(1)
    return s.timesteps.map((_, i) => (x = s.step(i, x, Float32Array.of(out(i)), () => new Float32Array(1)))[0])
  }

  it('timesteps repeat the first pair (N + 1 UNet runs)', () => {
    expect(pndm(1).timesteps).toEqual([1])
    expect(pndm(4).timesteps).toEqual([751, 501, 501, 251, 1])
    expect(pndm(10).timesteps).toEqual([901, 801, 801, 701, 601, 501, 401, 301, 201, 101, 1])
    expect(pndm(50).timesteps).toEqual([
      981, 961, 961, 941, 921, 901, 881, 861, 841, 821, 801, 781, 761, 741, 721, 701, 681, 661, 641, 621, 601, 581, 561, 541, 521, 501, 481, 461, 441, 421, 401,
      381, 361, 341, 321, 301, 281, 261, 241, 221, 201, 181, 161, 141, 121, 101, 81, 61, 41, 21, 1,
    ])
    expect(pndm(4).initNoiseSigma).toBe(1)
    expect(pndm(4).inputScale(0)).toBe(1)
  })

  it('first three steps for x = 1, eps = 0.5', () => {
    allClose(run(4, () => 0.5).slice(0, 3), [1.567919, 1.567919, 2.071973])
    allClose(run(10, () => 0.5).slice(0, 3), [1.30416, 1.30416, 1.696831])
    allClose(run(50, () => 0.5).slice(0, 3), [1.061226, 1.061226, 1.127748])
  })

  it('every multistep order and the final alpha: eps = 0.5 + 0.1 i, and v-prediction', () => {
    allClose(run(4, (i) => 0.5 + 0.1 * i), [1.567919, 1.502552, 1.742198, 1.592524, 1.581214])
    allClose(run(4, () => 0.5, { prediction_type: 'v_prediction' }), [0.796895, 0.796895, 0.532218, 0.179421, 0.173342])
  })

  it('starts over at step 0 (one instance, several seeds) and runs img2img on the remaining grid', () => {
    const s = pndm(4)
    const once = () => {
      let x: Float32Array = Float32Array.of(1)
      for (let i = 0; i < s.timesteps.length; i++) x = s.step(i, x, Float32Array.of(0.5 + 0.1 * i), () => new Float32Array(1))
      return x[0]
    }
    const first = once()
    expect(once()).toBe(first)
    close(first, 1.581214)
    expect(pndm(4, {}, 0.5).timesteps).toEqual([251, 1, 1])
    expect(pndm(4, {}, 0.2).timesteps).toEqual([])
  })
})

describe('seeded Gaussian', () => {
  it('is reproducible and standard normal', () => {
    const a = new SeededGaussian(42).randn(20000)
    const b = new SeededGaussian(42).randn(20000)
    expect(Array.from(a)).toEqual(Array.from(b))
    expect(Array.from(new SeededGaussian(43).randn(4))).not.toEqual(Array.from(a.subarray(0, 4)))
    const mean = a.reduce((s, v) => s + v, 0) / a.length
    const variance = a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length
    expect(Math.abs(mean)).toBeLessThan(0.03)
    expect(Math.abs(variance - 1)).toBeLessThan(0.04)
  })

  it('pins its first values (a change here changes every seeded image)', () => {
    const first = Array.from(new SeededGaussian(1234).randn(4), (v) => Math.round(v * 1e5) / 1e5)
    expect(first).toMatchInlineSnapshot(`
      [
        -0.76466,
        -1.00876,
        -0.13524,
        1.50943,
      ]
    `)
  })
})
