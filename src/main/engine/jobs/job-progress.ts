import type { JobStepName } from '../../../shared/job-status'

export interface PlannedStep {
  step: JobStepName
  /** Expected seconds (eta-model.ts). */
  expected: number
}

export interface ProgressSnapshot {
  progress_percent: number
  eta_seconds: number
  step_eta_seconds: number
}

/**
 * Progress and time left of one running job. The percentage moves only on real sub-step reports
 * from the engine (each step weighted by its expected duration) and never goes back. The estimate
 * is re-anchored at each report, blending the learned duration with what the step's own pace
 * projects, and counts down with the clock in between, so it moves every second and stops at 0.
 */
export class JobProgress {
  private current = -1
  private fraction = 0
  private stepStartedAt: number
  /** Seconds left in the current step as of `anchorAt`. */
  private anchorRemaining = 0
  private anchorAt: number
  private percent = 0
  /** Measured seconds of each finished step, for the ETA model. */
  readonly measured: { step: JobStepName; seconds: number }[] = []

  constructor(
    private readonly plan: PlannedStep[],
    startedAt: number,
  ) {
    this.stepStartedAt = startedAt
    this.anchorAt = startedAt
    if (plan.length > 0) this.enter(0, startedAt)
  }

  /** A sub-step report: `fraction` (0..1) of `step` is done at `now` (ms). */
  report(step: JobStepName, fraction: number, now: number): void {
    const idx = this.plan.findIndex((p) => p.step === step)
    if (idx < 0) return
    if (idx > this.current) {
      this.finishCurrent(now)
      this.enter(idx, now)
    } else if (idx < this.current) return // a late report of a step already left
    this.fraction = Math.max(this.fraction, Math.min(1, Math.max(0, fraction)))
    const elapsed = (now - this.stepStartedAt) / 1000
    const expected = this.plan[this.current].expected
    const byPrior = Math.max(0, expected - elapsed)
    const f = this.fraction
    const byPace = f > 0 ? (elapsed * (1 - f)) / f : byPrior
    this.anchorRemaining = (1 - f) * byPrior + f * byPace
    this.anchorAt = now
    this.percent = Math.max(this.percent, this.rawPercent())
  }

  /** The job ended; the last step's duration is measured up to `now`. */
  finish(now: number, completed: boolean): void {
    if (completed) {
      this.finishCurrent(now)
      this.percent = 100
    }
  }

  snapshot(now: number): ProgressSnapshot {
    const step = Math.max(0, this.anchorRemaining - (now - this.anchorAt) / 1000)
    let rest = 0
    for (let i = this.current + 1; i < this.plan.length; i++) rest += this.plan[i].expected
    return {
      progress_percent: Math.round(this.percent * 10) / 10,
      eta_seconds: round1(step + rest),
      step_eta_seconds: round1(step),
    }
  }

  /** Seconds this job still needs (for queue and Retry-After estimates). */
  remaining(now: number): number {
    return this.snapshot(now).eta_seconds
  }

  private enter(idx: number, now: number): void {
    this.current = idx
    this.fraction = 0
    this.stepStartedAt = now
    this.anchorRemaining = this.plan[idx].expected
    this.anchorAt = now
  }

  private finishCurrent(now: number): void {
    if (this.current < 0 || this.current >= this.plan.length) return
    if (this.measured.some((m) => m.step === this.plan[this.current].step)) return
    this.measured.push({ step: this.plan[this.current].step, seconds: (now - this.stepStartedAt) / 1000 })
  }

  private rawPercent(): number {
    const total = this.plan.reduce((s, p) => s + p.expected, 0)
    if (total <= 0) return 0
    let done = 0
    for (let i = 0; i < this.current; i++) done += this.plan[i].expected
    done += this.fraction * this.plan[this.current].expected
    // 100 is kept for "completed": the last sub-step report is not the end of the job.
    return Math.min(99, (done / total) * 100)
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10
