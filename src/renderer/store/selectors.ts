import type { JobProgress, JobView } from './jobs-slice'
import type { AppStore } from './store-shape'

/** Derived views of the store, kept out of components so they are tested with the actions. */

/** Seconds left, counting down between reports; never negative. */
export const etaLeft = (p: Pick<JobProgress, 'etaSeconds' | 'receivedAt'>, now: number): number =>
  Math.max(0, Math.round(p.etaSeconds - (now - p.receivedAt) / 1000))

export const isEditorBusy = (s: AppStore) => s.submitting || s.run !== null

export const canRegenerateText = (s: AppStore) => !isEditorBusy(s) && s.kept.step1 !== null
export const canRecompose = (s: AppStore) => !isEditorBusy(s) && s.kept.step1 !== null && s.kept.step2 !== null
/** Generate and New background need a product photo, unless the user chose a background-only ad. */
export const needsPhoto = (s: AppStore) => !s.product && !s.backgroundOnly

export const canExport = (s: AppStore) => s.kept.final !== null && s.exporting === null

/** The editor's running job, if any, with its live progress. */
export const editorRunView = (s: AppStore): JobView | null => (s.run ? (s.jobs[s.run.jobId] ?? null) : null)

/** Every job, newest first (history). */
export const historyList = (s: AppStore): JobView[] =>
  Object.values(s.jobs).sort((a, b) => b.summary.created_at - a.summary.created_at)

export function batchCounts(s: AppStore): Record<'total' | 'pending' | 'running' | 'done' | 'failed' | 'canceled', number> {
  const c = { total: s.batchItems.length, pending: 0, running: 0, done: 0, failed: 0, canceled: 0 }
  for (const i of s.batchItems) c[i.status]++
  return c
}

/** Mm:ss for ETAs. */
export function formatSeconds(sec: number): string {
  const s = Math.max(0, Math.round(sec))
  return s >= 60 ? `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}` : `${s}s`
}
