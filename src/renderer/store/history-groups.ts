import type { JobView } from './jobs-slice'

/**
 * History by product: every job made from the same product photo (the engine's product_id, a hash
 * of the photo) is one group, its re-runs and exports inside, newest first; groups are ordered by
 * their newest job. A job without a photo (background-only, or from an engine that predates the id)
 * is a group of its own.
 */
export interface HistoryGroup {
  key: string
  /** The job whose product photo the card shows (any job of the group keeps the same photo). */
  productJob: string | null
  jobs: JobView[]
  /** The newest job with a finished ad, for the card's picture. */
  cover: JobView | null
}

export function groupHistory(views: JobView[]): HistoryGroup[] {
  const byKey = new Map<string, JobView[]>()
  for (const v of [...views].sort((a, b) => b.summary.created_at - a.summary.created_at)) {
    const key = v.summary.product_id ?? `job:${v.summary.job_id}`
    const list = byKey.get(key)
    if (list) list.push(v)
    else byKey.set(key, [v])
  }
  return [...byKey].map(([key, jobs]) => ({
    key,
    productJob: jobs.find((j) => j.summary.product_id || j.hasProduct)?.summary.job_id ?? null,
    jobs,
    cover: jobs.find((j) => j.images.final) ?? jobs.find((j) => j.images.step1) ?? null,
  }))
}

/** What a job actually made, from the steps that ran (not from what was asked): History's caption. */
export type RunCaption =
  | { kind: 'scene'; width: number | null; height: number | null; text: string | null }
  | { kind: 'text'; text: string | null }
  | { kind: 'compose'; mode: string | null; position: string | null }
  | { kind: 'none' }

export function captionOf(v: JobView): RunCaption {
  const p = v.params ?? {}
  const ran = v.ranSteps ?? []
  const start = Number(p.start_step ?? 1)
  const text = ran.includes(2) && typeof p.text_content === 'string' && p.text_content.trim() ? p.text_content : null
  if (ran.includes(1)) return { kind: 'scene', width: num(p.width), height: num(p.height), text }
  if (ran.includes(2)) return { kind: 'text', text }
  if (ran.includes(3) || (start === 3 && v.summary.status === 'completed'))
    return { kind: 'compose', mode: typeof p.composition_mode === 'string' ? p.composition_mode : null, position: typeof p.text_position === 'string' ? p.text_position : null }
  return { kind: 'none' }
}

/**
 * What a job of another image API is (GET /jobs says its kind and the API that asked for it), or
 * null for an ad (or an engine too old to say): History lists those as what they are, not as ads.
 */
export function otherKindOf(summary: { kind?: string; api?: string }): { kind: string; api: string | null } | null {
  if (!summary.kind || summary.kind === 'ad') return null
  return { kind: summary.kind, api: summary.api ?? null }
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null)
