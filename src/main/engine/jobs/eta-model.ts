import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import type { JobStepName } from '../../../shared/job-status'
import { writeFileAtomic } from '../storage/atomic-write'

/**
 * How long each step takes on this machine, learned from measured runs and kept on disk
 * (`<data>/eta-stats.json`), per step, per engine and per output size. Before anything has been
 * measured the priors below answer; a size never seen is scaled from the nearest one measured with
 * the same engine (time grows with pixels).
 */

const entrySchema = z.object({ seconds: z.number().positive(), runs: z.number().int().positive(), megapixels: z.number().positive() })
const fileSchema = z.object({ version: z.literal(1), entries: z.record(z.string(), entrySchema) })
type Entry = z.infer<typeof entrySchema>

/** Seconds = base + perMegapixel * MP: rough CPU figures, replaced by measurements after one run. */
const PRIORS: Record<JobStepName, { base: number; perMegapixel: number }> = {
  step1_background: { base: 0.5, perMegapixel: 1.5 },
  step2_text: { base: 0.5, perMegapixel: 1.0 },
  step3_composite: { base: 0.2, perMegapixel: 0.5 },
}
/** Extra prior seconds for engines known to be slow (a segmentation model pass). */
const ENGINE_PRIOR_EXTRA: Record<string, number> = { 'cutout:isnet-medium': 2.5, 'cutout:isnet-small': 1.5 }

/** Weight of the newest run: recent runs matter more (models warm up, settings change). */
const EWMA_WEIGHT = 0.3

export class EtaModel {
  private entries = new Map<string, Entry>()
  private saving: Promise<void> = Promise.resolve()
  private writing = false
  private dirty = false

  constructor(private readonly file: string | null) {}

  async load(): Promise<void> {
    if (!this.file) return
    try {
      const parsed = fileSchema.safeParse(JSON.parse(await readFile(this.file, 'utf8')))
      if (parsed.success) this.entries = new Map(Object.entries(parsed.data.entries))
    } catch {
      // No file yet, or a damaged one: start from the priors.
    }
  }

  /** Expected seconds for one step. */
  estimate(step: JobStepName, engine: string, megapixels: number): number {
    const exact = this.entries.get(key(step, engine, megapixels))
    if (exact) return exact.seconds
    let nearest: Entry | null = null
    const prefix = `${step}|${engine}|`
    for (const [k, e] of this.entries) {
      if (!k.startsWith(prefix)) continue
      if (!nearest || Math.abs(Math.log(e.megapixels / megapixels)) < Math.abs(Math.log(nearest.megapixels / megapixels))) nearest = e
    }
    if (nearest) return nearest.seconds * Math.max(0.25, megapixels / nearest.megapixels)
    const p = PRIORS[step]
    return p.base + p.perMegapixel * megapixels + (ENGINE_PRIOR_EXTRA[engine] ?? 0)
  }

  record(step: JobStepName, engine: string, megapixels: number, seconds: number): void {
    if (!(seconds > 0) || !Number.isFinite(seconds)) return
    const k = key(step, engine, megapixels)
    const old = this.entries.get(k)
    this.entries.set(
      k,
      old
        ? { seconds: old.seconds * (1 - EWMA_WEIGHT) + seconds * EWMA_WEIGHT, runs: old.runs + 1, megapixels: old.megapixels }
        : { seconds, runs: 1, megapixels: roundMp(megapixels) },
    )
    this.scheduleSave()
  }

  /** Resolves once every measurement so far is on disk (at shutdown). */
  async flush(): Promise<void> {
    await this.saving
  }

  /** Writes now, or right after the write in progress: a burst of small jobs coalesces. */
  private scheduleSave(): void {
    if (!this.file) return
    this.dirty = true
    if (this.writing) return
    this.writing = true
    this.saving = (async () => {
      while (this.dirty) {
        this.dirty = false
        await this.write()
      }
      this.writing = false
    })()
  }

  private async write(): Promise<void> {
    if (!this.file) return
    const body = { version: 1, entries: Object.fromEntries(this.entries) }
    await writeFileAtomic(this.file, `${JSON.stringify(body, null, 1)}\n`).catch(() => undefined)
  }
}

const roundMp = (mp: number) => Math.round(mp * 100) / 100
const key = (step: JobStepName, engine: string, mp: number) => `${step}|${engine}|${roundMp(mp)}`
