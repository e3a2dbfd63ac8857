import { describe, expect, it } from 'vitest'
import { SeededGaussian } from '../../src/main/engine/diffusion/gaussian'
import { ddimStepValue } from '../../src/main/engine/diffusion/schedulers/ddim'
import { ancestralSigmas, eulerAncestralDeterministic, eulerStepValue, EulerScheduler } from '../../src/main/engine/diffusion/schedulers/euler'
import { createScheduler, defaultSchedulerConfig, parseSchedulerConfig } from '../../src/main/engine/diffusion/schedulers'
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
    expect(parseSchedulerConfig({ _class_name: 'PNDMScheduler' }).kindNote).toMatch(/not supported: using Euler/)
    expect(() => parseSchedulerConfig({ beta_schedule: 'cosine' })).toThrow(/beta_schedule/)
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
