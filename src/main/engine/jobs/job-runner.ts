import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { WorkerDone } from '../../../shared/job-worker-messages'
import { JOB_IMAGES, type JobImageName, type JobState } from '../../../shared/job-status'
import type { WorkerExit } from '../worker/transport'
import { WorkerSlot, type SlotEvents } from '../worker/worker-slot'
import { STOP_MARKER } from '../worker/job-files'
import { JobProgress } from './job-progress'
import type { JobService } from './job-service'
import { jobImageUrl } from '../../../shared/job-status'
import { samplesOf, summaryOf, type LiveJob } from './job-view'
import type { StoredJob } from './stored-job'

export interface Outcome {
  status: Exclude<JobState, 'queued' | 'running'>
  message: string
  error: string | null
  error_code: string | null
  done?: WorkerDone
}

/**
 * Runs queued jobs on worker slots and turns what the workers say (progress, images, done, or
 * dying) into job state. Stops land at the engine's next sub-step; a worker that does not get
 * there within the grace time is killed and restarted, and the job still ends `stopped`.
 */
export class JobRunner implements SlotEvents {
  private slots: WorkerSlot[] = []
  private readonly stopWaiters = new Map<string, (() => void)[]>()

  constructor(private readonly svc: JobService) {}

  start(concurrency: number): void {
    for (let i = 0; i < concurrency; i++) {
      const slot = new WorkerSlot(i, this.svc.opts.workerFactory, this)
      this.slots.push(slot)
      slot.start()
    }
  }

  workers(): { pid: number | null; state: string; restarts: number; job_id: string | null }[] {
    return this.slots.map((s) => ({ pid: s.pid, state: s.state, restarts: s.restarts, job_id: s.jobId }))
  }

  idleCount(): number {
    return this.slots.filter((s) => s.state === 'idle').length
  }

  /** Hands queued jobs to idle workers, in submission order. */
  dispatch(): void {
    for (const slot of this.slots) {
      if (slot.state !== 'idle') continue
      const id = this.svc.queue.shift()
      if (!id) return
      const j = this.svc.get(id)
      if (j) this.begin(slot, j)
    }
  }

  async stop(j: LiveJob): Promise<void> {
    const id = j.stored.job_id
    const slot = this.slots.find((s) => s.jobId === id)
    const settled = new Promise<void>((resolve) => this.stopWaiters.set(id, [...(this.stopWaiters.get(id) ?? []), resolve]))
    if (!j.stored.stop_requested && slot) {
      j.stored.stop_requested = true
      j.stored.message = 'Stopping at the next step boundary'
      void this.svc.store.saveStatus(j.stored)
      void this.svc.store.log(id, 'stop requested')
      // The marker lands even when the worker is busy computing and reads no messages (worker-runtime.ts).
      await writeFile(join(this.svc.store.dir(id), STOP_MARKER), '').catch(() => undefined)
      slot.requestStop(id)
      j.stopTimer = setTimeout(() => slot.kill('stop'), this.svc.opts.stopGraceMs)
    }
    // Answer once the job has ended; the timeout covers a worker slow to die after SIGKILL.
    await Promise.race([settled, new Promise((r) => setTimeout(r, this.svc.opts.stopGraceMs + 3000).unref())])
  }

  finalize(j: LiveJob, o: Outcome): void {
    const s = j.stored
    const now = Date.now()
    if (j.stopTimer) clearTimeout(j.stopTimer)
    j.stopTimer = null
    if (j.progress) {
      j.progress.finish(now, o.status === 'completed')
      this.learn(j, o.done)
      s.progress_percent = j.progress.snapshot(now).progress_percent // 100 when completed
    }
    Object.assign(s, { status: o.status, message: o.message, error: o.error, error_code: o.error_code, ended_at: now })
    if (o.done) Object.assign(s, { ran_steps: o.done.ran_steps, stopped_early: o.done.stopped_early })
    if (o.done?.cutout_check) s.cutout_check = o.done.cutout_check
    j.progress = null
    const saved = this.svc.store.saveStatus(s)
    void this.svc.store.log(s.job_id, `${o.status}: ${o.message}`)
    // Announced once status.json is on disk: a client told "completed" (an API's synchronous answer,
    // an SSE listener) must find the job completed after a kill -9 of the server, not "interrupted".
    const announce = () => {
      this.svc.emit({ type: 'job.finished', job_id: s.job_id, at: now, status: o.status, message: o.message, error: o.error, job: summaryOf(j, null) })
      for (const w of this.stopWaiters.get(s.job_id) ?? []) w()
      this.stopWaiters.delete(s.job_id)
      void this.svc.prune()
    }
    void saved.then(announce, announce)
  }

  async close(): Promise<void> {
    const running = this.slots.map((s) => s.jobId).filter((id): id is string => id !== null)
    await Promise.all(this.slots.map((s) => s.close()))
    for (const id of running) {
      const j = this.svc.get(id)
      if (j?.stored.status === 'running')
        this.finalize(j, { status: 'failed', message: 'Interrupted: the server was shut down while this job was running', error: 'interrupted: server shutdown', error_code: 'interrupted' })
    }
  }

  // --- SlotEvents -------------------------------------------------------------------------------

  onIdle(): void {
    this.dispatch()
  }

  onJobMessage(_slot: WorkerSlot, msg: Parameters<SlotEvents['onJobMessage']>[1]): void {
    const j = this.svc.get(msg.job_id)
    if (!j || j.stored.status !== 'running') return
    const s = j.stored
    const now = Date.now()
    if (msg.type === 'progress') {
      j.progress?.report(msg.step, msg.fraction, now)
      const snap = j.progress?.snapshot(now)
      Object.assign(s, { current_step: msg.step, sub_step: msg.sub_step, progress_percent: snap?.progress_percent ?? s.progress_percent })
      if (!s.stop_requested) s.message = msg.message
      void this.svc.store.saveStatus(s)
      if (snap) {
        const elapsed_sec = Math.round((now - (s.started_at ?? now)) / 100) / 10
        this.svc.emit({ type: 'job.progress', job_id: s.job_id, at: now, current_step: msg.step, sub_step: msg.sub_step, message: s.message, elapsed_sec, ...snap })
      }
    } else if (msg.type === 'sample') {
      s.samples = [...s.samples.filter((x) => x.index !== msg.index), { index: msg.index, seed: msg.seed }].sort((a, b) => a.index - b.index)
      void this.svc.store.saveStatus(s)
      this.svc.emit({ type: 'job.samples', job_id: s.job_id, at: now, samples: samplesOf(s) })
    } else if (msg.type === 'image') {
      addImages(s, [msg.image])
      void this.svc.store.saveStatus(s)
      this.svc.emit({ type: 'job.image', job_id: s.job_id, at: now, image: msg.image, url: jobImageUrl(s.job_id, msg.image) })
    } else {
      addImages(s, msg.images)
      const status = msg.outcome
      const error = msg.error ? msg.error.message : null
      this.finalize(j, { status, message: msg.message, error, error_code: msg.error?.code ?? (status === 'stopped' ? 'stopped' : null), done: msg })
    }
  }

  onWorkerExit(slot: WorkerSlot, exit: WorkerExit, jobId: string | null, killReason: string | null): void {
    const how = exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`
    this.svc.log(jobId ? 'error' : 'warn', `worker ${slot.index} (pid ${slot.pid ?? '-'}) ended: ${how}${jobId ? ` while running job ${jobId}` : ''}`)
    const j = jobId ? this.svc.get(jobId) : undefined
    if (!j || j.stored.status !== 'running') return
    if (killReason === 'stop')
      this.finalize(j, {
        status: 'stopped',
        message: `Stopped by request (the engine did not reach a stop point within ${this.svc.opts.stopGraceMs / 1000} s, so it was restarted)`,
        error: null,
        error_code: 'stopped',
      })
    else
      this.finalize(j, {
        status: 'failed',
        message: `The engine process ended unexpectedly while running this job (${how}${exit.signal === 'SIGKILL' ? ', e.g. out of memory or killed from outside' : ''}); it was restarted and the queue goes on`,
        error: `worker crashed: ${how}`,
        error_code: 'worker_crashed',
      })
  }

  log(level: 'info' | 'warn' | 'error', message: string): void {
    this.svc.log(level, message)
  }

  private begin(slot: WorkerSlot, j: LiveJob): void {
    const s = j.stored
    const now = Date.now()
    const plan = s.eta_plan.map((p) => ({ step: p.step, expected: this.svc.eta.estimate(p.step, p.engine, s.megapixels) }))
    j.progress = new JobProgress(plan, now)
    Object.assign(s, { status: 'running', started_at: now, message: 'Starting', current_step: plan[0]?.step ?? null })
    void this.svc.store.saveStatus(s)
    void this.svc.store.log(s.job_id, `started on worker ${slot.index} (pid ${slot.pid ?? '-'})`)
    this.svc.emit({ type: 'job.started', job_id: s.job_id, at: now, job: summaryOf(j, null) })
    const dir = this.svc.store.dir(s.job_id)
    const input = (f: string | null) => (f ? this.svc.store.inputPath(s.job_id, f) : null)
    // A re-run keeps its product photo for History and later re-runs; only step 1 reads it.
    const product = Number(j.params.start_step ?? 1) === 1 ? input(s.inputs.product) : null
    slot.run({ type: 'run', job_id: s.job_id, job_dir: dir, params: j.params, inputs: { product, step1: input(s.inputs.step1), step2: input(s.inputs.step2), mask: input(s.inputs.mask) } })
  }

  /** Measured step durations teach the ETA model; step 1 under the cutout engine actually used. */
  private learn(j: LiveJob, done?: WorkerDone): void {
    for (const m of j.progress?.measured ?? []) {
      let engine = j.stored.eta_plan.find((p) => p.step === m.step)?.engine ?? 'unknown'
      if (m.step === 'step1_background' && done && 'cutout' in done.engines) engine = `cutout:${done.engines.cutout ?? 'none'}`
      this.svc.eta.record(m.step, engine, j.stored.megapixels, m.seconds)
    }
  }
}

/** Images are written in parallel; the record lists them in pipeline order. */
function addImages(s: StoredJob, images: JobImageName[]): void {
  s.images = JOB_IMAGES.filter((n) => s.images.includes(n) || images.includes(n))
}
