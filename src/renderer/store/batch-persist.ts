import { z } from 'zod'
import type { BatchItem, BatchSettings } from './batch-slice'

/**
 * The batch as saved between runs of the app. Object URLs die with the page and browser-picked
 * bytes are too big to keep, so they are dropped; a running item goes back to pending, which is
 * where the batch resumes after a restart.
 */
export interface SavedBatch {
  version: 1
  items: BatchItem[]
  settings: BatchSettings
  running: boolean
}

const refSchema = z.union([
  z.object({ kind: z.literal('path'), path: z.string() }),
  z.object({ kind: z.literal('job'), jobId: z.string(), image: z.enum(['product', 'step1', 'step2', 'mask']) }),
])

const savedSchema = z.object({
  version: z.literal(1),
  running: z.boolean(),
  settings: z.record(z.string(), z.unknown()),
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      ref: refSchema.nullable().catch(null),
      status: z.enum(['pending', 'running', 'done', 'failed', 'canceled']),
      jobId: z.string().nullable(),
      progress: z.number(),
      error: z.object({ code: z.string(), detail: z.string() }).nullable(),
      outputs: z.array(z.string()),
      check: z.object({ doubtful: z.boolean(), reasons: z.array(z.string()) }).nullable().optional().catch(undefined),
      seed: z.int().min(0).optional().catch(undefined),
    }),
  ),
})

/** What is written: no object URLs, no raw bytes. */
export function toSaved(items: BatchItem[], settings: BatchSettings, running: boolean): SavedBatch {
  return {
    version: 1,
    running,
    settings,
    items: items.map((i) => ({ ...i, thumbUrl: null, ref: i.ref && i.ref.kind !== 'bytes' ? i.ref : null, productMask: null })),
  }
}

/** A saved batch read back, or null when it is missing or not ours. */
export function restoredBatch(raw: unknown): { items: BatchItem[]; settings: Partial<BatchSettings>; running: boolean } | null {
  const parsed = savedSchema.safeParse(raw)
  if (!parsed.success) return null
  const items: BatchItem[] = parsed.data.items.map((i) => ({
    ...i,
    thumbUrl: null,
    status: i.status === 'running' ? 'pending' : i.status,
    progress: i.status === 'running' ? 0 : i.progress,
    jobId: i.status === 'running' ? null : i.jobId,
  }))
  return { items, settings: parsed.data.settings as Partial<BatchSettings>, running: parsed.data.running }
}
