import type { ApiClient } from '../../shared/api-client'
import { isFinished, type JobStatus } from '../../shared/job-status'

/**
 * Waits for jobs to finish. Events are the fast path; a slow poll of getJob covers events lost to a
 * reconnecting stream or an engine restart, so an export or a batch can never hang on a missed event.
 */
export class JobWaiter {
  private readonly waiters = new Map<string, ((s: JobStatus | null) => void)[]>()
  private readonly timers = new Map<string, ReturnType<typeof setInterval>>()

  constructor(
    private readonly api: ApiClient,
    private readonly pollMs = 3000,
  ) {}

  /** Resolves with the finished job's status (null if it vanished). */
  wait(jobId: string): Promise<JobStatus | null> {
    return new Promise((resolve) => {
      this.waiters.set(jobId, [...(this.waiters.get(jobId) ?? []), resolve])
      if (!this.timers.has(jobId)) this.timers.set(jobId, setInterval(() => void this.check(jobId), this.pollMs))
    })
  }

  /** Called for every job.finished / job.deleted event. */
  notify(jobId: string): void {
    if (this.waiters.has(jobId)) void this.check(jobId)
  }

  /** Gives up on every wait (store teardown); waiters get null. */
  dispose(): void {
    for (const t of this.timers.values()) clearInterval(t)
    this.timers.clear()
    for (const ws of this.waiters.values()) ws.forEach((w) => w(null))
    this.waiters.clear()
  }

  private async check(jobId: string): Promise<void> {
    const r = await this.api.getJob(jobId)
    // A failed read (engine restarting, stream hiccup) is retried on the next tick; only a job
    // that is gone ends the wait without a status.
    if (!r.ok) {
      if (r.code === 'not_found') this.settle(jobId, null)
      return
    }
    if (isFinished(r.value.status)) this.settle(jobId, r.value)
  }

  private settle(jobId: string, status: JobStatus | null): void {
    const t = this.timers.get(jobId)
    if (t) clearInterval(t)
    this.timers.delete(jobId)
    const ws = this.waiters.get(jobId) ?? []
    this.waiters.delete(jobId)
    ws.forEach((w) => w(status))
  }
}
