import { chmod, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { sniffImage } from '../../src/main/engine/api/image-sniff'
import { EtaModel } from '../../src/main/engine/jobs/eta-model'
import { JobProgress } from '../../src/main/engine/jobs/job-progress'
import { parseNvidiaSmi, queryNvidiaSmi } from '../../src/main/engine/system/gpu-info'
import { SystemMetricsSampler } from '../../src/main/engine/system/system-metrics'
import { bombPng } from '../helpers/png-header'

describe('JobProgress', () => {
  const plan = [
    { step: 'step1_background' as const, expected: 4 },
    { step: 'step2_text' as const, expected: 2 },
    { step: 'step3_composite' as const, expected: 2 },
  ]

  it('moves the percentage only on reports, weighted by expected durations, never back, 100 only when done', () => {
    const p = new JobProgress(plan, 0)
    expect(p.snapshot(0).progress_percent).toBe(0)
    p.report('step1_background', 0.5, 1000)
    expect(p.snapshot(1500).progress_percent).toBe(25) // 2 of 8 expected seconds
    p.report('step1_background', 0.2, 1600) // a smaller fraction later never moves it back
    expect(p.snapshot(1600).progress_percent).toBe(25)
    p.report('step2_text', 1, 5000)
    p.report('step3_composite', 1, 6000)
    expect(p.snapshot(6000).progress_percent).toBe(99)
    p.finish(6500, true)
    expect(p.snapshot(6500).progress_percent).toBe(100)
    expect(p.measured.map((m) => m.step)).toEqual(['step1_background', 'step2_text', 'step3_composite'])
    expect(p.measured[0].seconds).toBe(5)
  })

  it('counts the ETA down with the clock between reports and stops at zero', () => {
    const p = new JobProgress(plan, 0)
    const etas = [0, 1000, 2000, 3000, 3900, 6000, 20_000].map((t) => p.snapshot(t))
    for (let i = 1; i < etas.length; i++) {
      expect(etas[i].eta_seconds).toBeLessThanOrEqual(etas[i - 1].eta_seconds)
      expect(etas[i].step_eta_seconds).toBeGreaterThanOrEqual(0)
    }
    expect(etas[0]).toMatchObject({ eta_seconds: 8, step_eta_seconds: 4 })
    expect(etas[2]).toMatchObject({ eta_seconds: 6, step_eta_seconds: 2 })
    expect(etas.at(-1)).toMatchObject({ eta_seconds: 4, step_eta_seconds: 0 }) // overdue step: 0, never negative
  })

  it('re-anchors on a report using the step’s own pace', () => {
    const p = new JobProgress(plan, 0)
    p.report('step1_background', 0.5, 4000) // half done after 4 s: the pace says 4 s more
    const s = p.snapshot(4000)
    expect(s.step_eta_seconds).toBe(2) // (1-0.5)*max(0, 4-4) + 0.5*4
    expect(p.snapshot(5000).step_eta_seconds).toBe(1)
  })
})

describe('EtaModel', () => {
  it('answers priors, then learned durations, scales to unseen sizes, and keeps them on disk', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'adstudio-eta-')), 'eta-stats.json')
    const m = new EtaModel(file)
    await m.load()
    const prior = m.estimate('step1_background', 'cutout:alpha', 1)
    expect(prior).toBeGreaterThan(0)
    expect(m.estimate('step1_background', 'cutout:isnet-medium', 1)).toBeGreaterThan(prior)
    m.record('step1_background', 'cutout:alpha', 1, 10)
    expect(m.estimate('step1_background', 'cutout:alpha', 1)).toBe(10)
    m.record('step1_background', 'cutout:alpha', 1, 20)
    expect(m.estimate('step1_background', 'cutout:alpha', 1)).toBeCloseTo(13) // EWMA, newest weighs 0.3
    expect(m.estimate('step1_background', 'cutout:alpha', 2)).toBeCloseTo(26) // twice the pixels
    await m.flush()
    const again = new EtaModel(file)
    await again.load()
    expect(again.estimate('step1_background', 'cutout:alpha', 1)).toBeCloseTo(13)
  })
})

describe('image header sniffing', () => {
  const make = (channels: 3 | 4) => sharp({ create: { width: 120, height: 80, channels, background: { r: 10, g: 20, b: 30, alpha: 0.5 } } })

  it('reads format, size and alpha of every accepted format without decoding', async () => {
    const cases: [Buffer, string, boolean | null][] = [
      [await make(4).png().toBuffer(), 'png', true],
      [await make(3).png().toBuffer(), 'png', false],
      [await make(4).png({ palette: true }).toBuffer(), 'png', true],
      [await make(3).jpeg().toBuffer(), 'jpeg', false],
      [await make(3).webp().toBuffer(), 'webp', false],
      [await make(4).webp({ lossless: true }).toBuffer(), 'webp', true],
      [await make(4).webp({ quality: 80, alphaQuality: 50 }).toBuffer(), 'webp', null],
      [await make(3).gif().toBuffer(), 'gif', null],
      [await make(3).avif().toBuffer(), 'avif', null],
    ]
    for (const [bytes, format, alpha] of cases) {
      const s = sniffImage(bytes)
      expect(s, format).toMatchObject({ format, width: 120, height: 80 })
      if (alpha !== null) expect(s!.hasAlpha, `${format} alpha`).toBe(alpha)
    }
    expect(sniffImage(await make(3).tiff().toBuffer())).toMatchObject({ format: 'tiff' })
  })

  it('reads a bomb’s claimed size and refuses non-images', () => {
    expect(sniffImage(bombPng(30000, 30000))).toMatchObject({ format: 'png', width: 30000, height: 30000 })
    expect(sniffImage(Buffer.from('%PDF-1.7'))).toBeNull()
    expect(sniffImage(Buffer.alloc(0))).toBeNull()
    expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff]))).toBeNull()
  })
})

describe('GPU metrics', () => {
  it('parses nvidia-smi CSV, names with commas and [N/A] fields included', () => {
    const csv = '0, NVIDIA L4, 85, 18944, 23034\n1, NVIDIA H100 80GB HBM3, [N/A], 1024, 81559\n'
    expect(parseNvidiaSmi(csv)).toEqual([
      { index: 0, name: 'NVIDIA L4', gpu_util: 85, vram_used_gb: 18.5, vram_total_gb: 22.49, vram_percent: 82.24 },
      { index: 1, name: 'NVIDIA H100 80GB HBM3', gpu_util: null, vram_used_gb: 1, vram_total_gb: 79.65, vram_percent: 1.26 },
    ])
    expect(parseNvidiaSmi('')).toEqual([])
  })

  it('runs the real command with a timeout; absent or hung means an empty list', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'adstudio-smi-'))
    const fake = join(dir, 'nvidia-smi')
    await writeFile(fake, '#!/bin/sh\necho "0, Fake GPU, 12, 2048, 4096"\n')
    await chmod(fake, 0o755)
    expect(await queryNvidiaSmi(fake)).toEqual([{ index: 0, name: 'Fake GPU', gpu_util: 12, vram_used_gb: 2, vram_total_gb: 4, vram_percent: 50 }])
    const hung = join(dir, 'hung-smi')
    await writeFile(hung, '#!/bin/sh\nsleep 10\n')
    await chmod(hung, 0o755)
    const t0 = Date.now()
    expect(await queryNvidiaSmi(hung, 300)).toEqual([])
    expect(Date.now() - t0).toBeLessThan(3000)
    expect(await queryNvidiaSmi(join(dir, 'absent'))).toEqual([])
  })

  it('samples RAM and CPU at once, with the GPU list from the cache', async () => {
    const s = new SystemMetricsSampler({ nvidiaSmi: '/nonexistent/nvidia-smi' })
    await s.warmUp()
    const m = s.sample()
    expect(m.ram_total_gb).toBeGreaterThan(0)
    expect(m.ram_percent).toBeGreaterThan(0)
    expect(m.cpu_percent).toBeGreaterThanOrEqual(0)
    expect(m.gpu_info).toEqual([])
  })
})
